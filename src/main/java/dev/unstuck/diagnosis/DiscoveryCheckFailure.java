package dev.unstuck.diagnosis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an APIService's {@code FailedDiscoveryCheck} message proves. kube-aggregator's availability controller writes
 * {@code failing or missing response from <url>: <err>} (the error may itself be {@code bad status from <url>:
 * <code>}), {@code timed out waiting for <url>}, or, before 2019, {@code no response from <url>: <err>}. Whether the
 * error shows the backend pod answered decides whether a network route can be the cause at all.
 *
 * @param outcome what the message proves
 * @param url     the URL the aggregator checked, or null when the message names none
 * @param host    its host: the backend pod's IP when aggregator routing resolves endpoints, else the Service's IP
 * @param port    its port, or null
 * @param answer  for {@link Outcome#POD_ANSWERED}, how the pod answered ("refused the connection on 4443"); for
 *                {@link Outcome#NETWORK_NEVER_REACHED_POD}, the error that shows it ("i/o timeout"); else null
 */
public record DiscoveryCheckFailure(Outcome outcome, String url, String host, Integer port, String answer) {

    public enum Outcome {
        /** Timeouts, no route to host: nothing came back, so the path (a VPC route among others) is a suspect. */
        NETWORK_NEVER_REACHED_POD,
        /** Refused, TLS/x509 errors, an HTTP status, EOF: the network carried the request, a route is not the cause. */
        POD_ANSWERED,
        /** Wording Unstuck does not know. */
        UNCLASSIFIED
    }

    private static final Pattern URL = Pattern.compile(
            "(?:failing or missing response from|no response from|timed out waiting for|bad status from)\\s+"
                    + "(https?://\\S+?)(?=: |\\s|$)");
    private static final Pattern STATUS = Pattern.compile("bad status from \\S+?: (\\d{3})");
    private static final Pattern X509 = Pattern.compile("(x509: [^\"]*)");
    private static final Pattern TLS = Pattern.compile("(tls: [^\"]*)");
    private static final Pattern EOF = Pattern.compile("(?<![A-Za-z])EOF(?![A-Za-z])");

    // Lower-cased markers of a request that never reached the pod, in the wording Go's net and net/http use.
    private static final List<String> NEVER_REACHED = List.of("i/o timeout", "context deadline exceeded",
            "client.timeout exceeded", "no route to host", "network is unreachable", "timed out waiting for");

    public static DiscoveryCheckFailure classify(String message) {
        String text = message == null ? "" : message;
        String url = null;
        String host = null;
        Integer port = null;
        Matcher u = URL.matcher(text);
        if (u.find()) {
            url = u.group(1);
            try {
                URI uri = new URI(url);
                host = uri.getHost();
                if (host != null && host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                port = uri.getPort() < 0 ? null : uri.getPort();
            } catch (URISyntaxException e) {
                // A URL the aggregator could not have produced: keep it for the report, match no pod by it.
            }
        }
        Optional<String> answered = answer(text, port);
        if (answered.isPresent()) {
            return new DiscoveryCheckFailure(Outcome.POD_ANSWERED, url, host, port, answered.get());
        }
        Optional<String> neverReached = neverReached(text);
        if (neverReached.isPresent()) {
            return new DiscoveryCheckFailure(Outcome.NETWORK_NEVER_REACHED_POD, url, host, port, neverReached.get());
        }
        return new DiscoveryCheckFailure(Outcome.UNCLASSIFIED, url, host, port, null);
    }

    // Checked before the timeouts: an answer proves the path works even when another attempt timed out.
    private static Optional<String> answer(String text, Integer port) {
        String lower = text.toLowerCase(Locale.ROOT);
        String on = port == null ? "" : " on " + port;
        if (lower.contains("connection refused")) {
            return Optional.of("refused the connection" + on);
        }
        Matcher status = STATUS.matcher(text);
        if (status.find()) {
            return Optional.of("answered with HTTP status " + status.group(1));
        }
        if (lower.contains("bad status from")) {
            return Optional.of("answered with an HTTP error status");
        }
        Matcher x509 = X509.matcher(text);
        if (x509.find()) {
            return Optional.of("answered" + on + " with a certificate the API server rejects (" + x509.group(1).strip()
                    + ")");
        }
        Matcher tls = TLS.matcher(text);
        if (tls.find()) {
            return Optional.of("answered" + on + " but the TLS handshake failed (" + tls.group(1).strip() + ")");
        }
        if (EOF.matcher(text).find()) {
            return Optional.of("accepted the connection" + on + " and closed it without an answer (EOF)");
        }
        return Optional.empty();
    }

    private static Optional<String> neverReached(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String marker : NEVER_REACHED) {
            int at = lower.indexOf(marker);
            if (at >= 0) {
                return Optional.of(text.substring(at, at + marker.length()));
            }
        }
        return Optional.empty();
    }

    public boolean podAnswered() {
        return outcome == Outcome.POD_ANSWERED;
    }

    /** A VPC route can explain this failure: the network never reached the pod, or nobody can tell. */
    public boolean routeIsSuspect() {
        return outcome != Outcome.POD_ANSWERED;
    }
}
