package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.Conversation;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's side of the chat port, adapter name {@code console}: conversations live in memory and the page
 * polls them. The live message is edited in place like on Discord; posts are kept once per key.
 */
public final class ConsoleChatPort implements ChatPort {
    public static final String ADAPTER = "console";
    public static final String BOT = "unstuck";
    // Enough for a long day of incidents; the oldest conversation goes first, the workflow history stays.
    private static final int MAX_CONVERSATIONS = 500;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, State> conversations = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    public ConsoleChatPort(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String adapter() {
        return ADAPTER;
    }

    /** A new conversation opened by what {@code author} typed; ids are unguessable so they can be shared as links. */
    public synchronized Conversation open(String author, String text) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String id = "c-" + HexFormat.of().formatHex(bytes);
        State s = new State();
        conversations.put(id, s);
        s.add(ConsoleMessage.typed(s.nextId(), author, clock.instant(), text));
        return new Conversation(ADAPTER, id, Map.of());
    }

    /** Forgets a conversation whose command was refused before anything started. */
    public synchronized void discard(Conversation conversation) {
        conversations.remove(conversation.conversationId());
    }

    public synchronized void attach(Conversation conversation, String workflowId) {
        state(conversation.conversationId()).workflowId = workflowId;
    }

    /** Adds a reply from Unstuck that only the console shows (what Discord would answer ephemerally). */
    public synchronized void reply(Conversation conversation, String text) {
        State s = state(conversation.conversationId());
        s.add(ConsoleMessage.typed(s.nextId(), BOT, clock.instant(), text));
    }

    /** Adds what a person did in the conversation, such as clicking a button. */
    public synchronized void said(Conversation conversation, String author, String text) {
        State s = state(conversation.conversationId());
        s.add(ConsoleMessage.typed(s.nextId(), author, clock.instant(), text));
    }

    public synchronized Optional<ConsoleConversationView> view(String conversationId) {
        State s = conversations.get(conversationId);
        return s == null ? Optional.empty()
                : Optional.of(new ConsoleConversationView(conversationId, s.workflowId, s.messages));
    }

    @Override
    public synchronized ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message) {
        State s = state(binding.conversation().conversationId());
        Integer at = s.live.get(liveKey);
        if (at == null) {
            s.live.put(liveKey, s.messages.size());
            s.add(ConsoleMessage.of(s.nextId(), BOT, clock.instant(), message));
        } else {
            String id = s.messages.get(at).id();
            s.messages.set(at, ConsoleMessage.of(id, BOT, clock.instant(), message));
        }
        return binding;
    }

    @Override
    public synchronized ChatBinding post(ChatBinding binding, String postKey, ChatMessage message) {
        State s = state(binding.conversation().conversationId());
        if (!binding.hasPosted(postKey) && s.posted.add(postKey)) {
            s.add(ConsoleMessage.of(s.nextId(), BOT, clock.instant(), message));
        }
        return binding.withPosted(postKey);
    }

    /**
     * A conversation this process does not know (it was started before a restart against a durable Temporal) is
     * opened again on first use, so the remediation can still talk there.
     */
    private State state(String id) {
        return conversations.computeIfAbsent(id, k -> new State());
    }

    private static final class State {
        private final List<ConsoleMessage> messages = new ArrayList<>();
        private final Map<String, Integer> live = new HashMap<>();
        private final java.util.Set<String> posted = new java.util.HashSet<>();
        private String workflowId;
        private int counter;

        String nextId() {
            return "m" + ++counter;
        }

        void add(ConsoleMessage m) {
            messages.add(m);
        }
    }
}
