package dev.unstuck.diagnosis;

/** A pod as far as reachability matters: where it runs and whether it is Ready. */
public record PodInfo(String namespace, String name, String ip, String nodeName, boolean ready, boolean hostNetwork) {
}
