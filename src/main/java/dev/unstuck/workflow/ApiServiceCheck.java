package dev.unstuck.workflow;

import java.util.List;

/**
 * The outcome of waiting for APIServices.
 *
 * @param stillUnavailable  those not Available when the wait ended, each with its Available condition
 * @param noticedAtMillis   wall-clock time the last one was seen Available (for latency figures), 0 when not all were
 */
public record ApiServiceCheck(boolean allAvailable, List<String> stillUnavailable, long noticedAtMillis) {
    public ApiServiceCheck {
        stillUnavailable = stillUnavailable == null ? List.of() : List.copyOf(stillUnavailable);
    }
}
