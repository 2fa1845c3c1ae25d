package dev.unstuck.sandbox;

/**
 * A watch answered over plain HTTP, as kubectl and client-go reflectors open it: one chunked response that stays
 * open, one JSON event per line.
 */
interface WatchStream {
    /** Sends the 200 response head, so the client knows the watch is established. */
    void open();

    /** Sends one event ({@code {"type":...,"object":...}}). Safe from any thread; never blocks. */
    void send(String event);

    /** Runs {@code onClose} when the client goes away or the watch times out. */
    void onClose(Runnable onClose);
}
