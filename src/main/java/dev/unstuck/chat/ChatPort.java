package dev.unstuck.chat;

/**
 * How a remediation talks to people. Implementations: Discord, the web console, and an in-memory one for tests.
 * Both calls are idempotent per key so that a retried activity never posts twice.
 */
public interface ChatPort {

    /** The adapter name this port serves in {@link Conversation#adapter()}. */
    String adapter();

    /**
     * Shows {@code message} as the live message {@code liveKey} of the conversation: created the first time, edited
     * in place afterwards (the latest call wins).
     */
    void showLive(Conversation conversation, String liveKey, ChatMessage message);

    /** Posts a separate message once per {@code postKey} (a notice, long evidence, a summary). */
    void post(Conversation conversation, String postKey, ChatMessage message);
}
