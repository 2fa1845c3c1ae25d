package dev.unstuck.chat;

/**
 * How a remediation talks to people. Implementations: Discord, the web console, and an in-memory one for tests.
 * Both calls are idempotent per key so that a retried activity never posts twice, and both return the binding as
 * it now stands (ids learned, keys posted): the workflow records it and hands it to the next call, wherever that
 * call runs, so nothing an adapter needs to carry on lives only in one process's memory.
 */
public interface ChatPort {

    /** The adapter name this port serves in {@link Conversation#adapter()}. */
    String adapter();

    /**
     * Shows {@code message} as the live message {@code liveKey} of the conversation: created the first time, edited
     * in place afterwards (the latest call wins).
     */
    ChatBinding showLive(ChatBinding binding, String liveKey, ChatMessage message);

    /**
     * Posts a separate message once per {@code postKey} (a notice, a summary): nothing is sent when the binding
     * already lists the key. The returned binding lists it.
     */
    ChatBinding post(ChatBinding binding, String postKey, ChatMessage message);

    /** {@link #showLive(ChatBinding, String, ChatMessage)} for a conversation without a recorded binding. */
    default void showLive(Conversation conversation, String liveKey, ChatMessage message) {
        showLive(ChatBinding.of(conversation), liveKey, message);
    }

    /** {@link #post(ChatBinding, String, ChatMessage)} for a conversation without a recorded binding. */
    default void post(Conversation conversation, String postKey, ChatMessage message) {
        post(ChatBinding.of(conversation), postKey, message);
    }
}
