package dev.unstuck.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.concurrent.ExecutorService;

/**
 * Runs a watch's close and failure handling off the API server's event loop. The embedded server's watch listener
 * waits, when a client closes a watch, for its own sender to finish; that sender needs the event loop to write, so on
 * the event loop the wait lasts its full minute and freezes every connection served by that loop (seen when a
 * client stops an informer while events are flowing).
 */
final class OffLoopWatchClose extends WebSocketListener {
    private final WebSocketListener delegate;
    private final ExecutorService closer;

    OffLoopWatchClose(WebSocketListener delegate, ExecutorService closer) {
        this.delegate = delegate;
        this.closer = closer;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onPing(WebSocket webSocket, byte[] bytes) {
        delegate.onPing(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        closer.execute(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        closer.execute(() -> delegate.onFailure(webSocket, t, response));
    }
}
