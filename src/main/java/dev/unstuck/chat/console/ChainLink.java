package dev.unstuck.chat.console;

/**
 * One link of the cause chain picture, e.g. the APIService v1beta1.metrics.k8s.io, not Available.
 *
 * @param kind  namespace, apiservice, service, pod, node or route
 * @param state ok, broken or unknown: the colour the page draws
 */
public record ChainLink(String kind, String name, String state, String detail) {
    public static final String OK = "ok";
    public static final String BROKEN = "broken";
    public static final String UNKNOWN = "unknown";
}
