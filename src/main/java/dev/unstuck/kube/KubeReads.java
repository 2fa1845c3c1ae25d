package dev.unstuck.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** What every read of the cluster shares: one-line errors for chat, waiting on a parallel read, timestamps. */
final class KubeReads {
    private KubeReads() {
    }

    /** One line for an advisory read that failed: what the server said, or that it could not be reached. */
    static String problem(KubernetesClientException e, String serverUrl) {
        return e.getCode() <= 0 ? "cannot reach the Kubernetes API server at " + serverUrl + " (" + shortError(e) + ")"
                : shortError(e);
    }

    /** One line for chat: the API server's own Status message when there is one, not fabric8's request dump. */
    static String shortError(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null && !status.getMessage().isBlank()
                ? status.getMessage() : null;
        if (message == null && e.getCode() == 503) {
            message = "the server is currently unable to handle the request";
        }
        if (message == null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
            int newline = message.indexOf('\n');
            message = newline < 0 ? message : message.substring(0, newline);
        }
        return e.getCode() > 0 ? message + " (" + e.getCode() + ")" : message;
    }

    /** A parallel read's result, its failure as the KubernetesClientException it was. */
    static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while reading the cluster", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesClientException kce) {
                throw kce;
            }
            throw new KubernetesClientException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
