package dev.unstuck.diagnosis;

/** One backend address of a Service, with the pod and node it belongs to when the endpoint names them. */
public record EndpointAddress(String ip, boolean ready, String podName, String nodeName) {
}
