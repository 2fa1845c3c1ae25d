package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.chat.ChatMessage;
import dev.unstuck.chat.ChatPort;
import dev.unstuck.chat.Conversation;
import dev.unstuck.workflow.RemediationIds;

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
 * polls them. The live message is edited in place like on Discord; posts are kept once per key. A conversation id
 * names the remediation it follows, so a process that never served it (after a restart, or another replica) reads
 * it back from what that remediation recorded: its live message as it stands and its summary if it was posted.
 */
public final class ConsoleChatPort implements ChatPort {
    public static final String ADAPTER = "console";
    public static final String BOT = "unstuck";
    // Enough for a long day of incidents; the oldest conversation goes first, the workflow history stays.
    private static final int MAX_CONVERSATIONS = 500;

    private final Clock clock;
    private final RecordedConversations recorded;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, State> conversations = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    public ConsoleChatPort(Clock clock) {
        this(clock, null);
    }

    /** @param recorded where conversations this process does not know are read back from; null for nowhere */
    public ConsoleChatPort(Clock clock, RecordedConversations recorded) {
        this.clock = clock;
        this.recorded = recorded;
    }

    @Override
    public String adapter() {
        return ADAPTER;
    }

    /**
     * A new conversation opened by what {@code author} typed about remediation {@code workflowId}. Ids are
     * unguessable, so they can be shared as links, and end in the remediation's id, so they lead back to it.
     */
    public synchronized Conversation open(String author, String text, String workflowId) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String id = "c-" + HexFormat.of().formatHex(bytes) + "." + RemediationIds.urlSafe(workflowId);
        State s = new State();
        conversations.put(id, s);
        s.add(ConsoleMessage.typed(s.nextId(), author, clock.instant(), text));
        return new Conversation(ADAPTER, id, Map.of());
    }

    /** Forgets a conversation whose command was refused before anything started. */
    public synchronized void discard(Conversation conversation) {
        conversations.remove(conversation.conversationId());
    }

    public void attach(Conversation conversation, String workflowId) {
        restoreIfUnknown(conversation.conversationId());
        synchronized (this) {
            state(conversation.conversationId()).workflowId = workflowId;
        }
    }

    /** Adds a reply from Unstuck that only the console shows (what Discord would answer ephemerally). */
    public void reply(Conversation conversation, String text) {
        restoreIfUnknown(conversation.conversationId());
        synchronized (this) {
            State s = state(conversation.conversationId());
            s.add(ConsoleMessage.typed(s.nextId(), BOT, clock.instant(), text));
        }
    }

    /** Adds what a person did in the conversation, such as clicking a button. */
    public void said(Conversation conversation, String author, String text) {
        restoreIfUnknown(conversation.conversationId());
        synchronized (this) {
            State s = state(conversation.conversationId());
            s.add(ConsoleMessage.typed(s.nextId(), author, clock.instant(), text));
        }
    }

    public Optional<ConsoleConversationView> view(String conversationId) {
        restoreIfUnknown(conversationId);
        synchronized (this) {
            State s = conversations.get(conversationId);
            return s == null ? Optional.empty()
                    : Optional.of(new ConsoleConversationView(conversationId, s.workflowId, s.messages));
        }
    }

    @Override
    public ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message) {
        restoreIfUnknown(binding.conversation().conversationId());
        synchronized (this) {
            return drawLive(binding, liveKey, message);
        }
    }

    private ChatBinding drawLive(ChatBinding binding, String liveKey, ChatMessage message) {
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
    public ChatBinding post(ChatBinding binding, String postKey, ChatMessage message) {
        restoreIfUnknown(binding.conversation().conversationId());
        synchronized (this) {
            State s = state(binding.conversation().conversationId());
            if (!binding.hasPosted(postKey) && s.posted.add(postKey)) {
                s.add(ConsoleMessage.of(s.nextId(), BOT, clock.instant(), message));
            }
            return binding.withPosted(postKey);
        }
    }

    /**
     * Reads a conversation this process does not know back from its remediation (outside the lock: it asks
     * Temporal). One it cannot read back is opened empty on first use by the remediation, so it can still talk.
     */
    private void restoreIfUnknown(String id) {
        synchronized (this) {
            if (recorded == null || conversations.containsKey(id)) {
                return;
            }
        }
        Optional<String> workflowId = workflowOf(id);
        if (workflowId.isEmpty()) {
            return;
        }
        Optional<RestoredConversation> restored = recorded.restore(workflowId.get(), id);
        if (restored.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (conversations.containsKey(id)) {
                return;
            }
            RestoredConversation r = restored.get();
            State s = new State();
            s.workflowId = r.workflowId();
            s.add(ConsoleMessage.typed(s.nextId(), BOT, clock.instant(), "This conversation follows remediation "
                    + r.workflowId() + ", as it recorded it; earlier lines were shown by an Unstuck process that has"
                    + " since stopped."));
            s.live.put(r.workflowId(), s.messages.size());
            s.add(ConsoleMessage.of(s.nextId(), BOT, clock.instant(), r.live()));
            s.posted.addAll(r.posted());
            if (r.summary() != null) {
                s.add(ConsoleMessage.of(s.nextId(), BOT, clock.instant(), r.summary()));
            }
            conversations.put(id, s);
        }
    }

    /** The remediation a conversation id names: {@code c-<random>.<workflow id, URL-safe>}. */
    static Optional<String> workflowOf(String conversationId) {
        int dot = conversationId == null ? -1 : conversationId.indexOf('.');
        if (dot < 0 || !conversationId.startsWith("c-")) {
            return Optional.empty();
        }
        return RemediationIds.fromUrlSafe(conversationId.substring(dot + 1));
    }

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
