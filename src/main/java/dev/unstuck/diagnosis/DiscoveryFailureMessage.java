package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the group/versions out of a NamespaceDeletionDiscoveryFailure message. The namespace controller formats a Go
 * error there, whose wording changed across releases ("unable to retrieve the complete list of server APIs: g/v: ...",
 * "stale GroupVersion discovery: g/v", several joined with ", "), so only the group/version tokens are relied on.
 */
public final class DiscoveryFailureMessage {

    // The look-behind keeps the path of a URL (".../apis/metrics.k8s.io/v1beta1") from counting as a group/version,
    // and the look-ahead stops "v1beta1" from matching inside a longer path.
    private static final Pattern GROUP_VERSION = Pattern.compile(
            "(?<![-a-zA-Z0-9./])([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?/v[0-9]+[a-z0-9]*)(?![a-zA-Z0-9/])");

    private DiscoveryFailureMessage() {
    }

    /** The failing group/versions in the order the message names them, each once. */
    public static List<String> failingGroupVersions(String message) {
        if (message == null || message.isBlank()) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        Matcher m = GROUP_VERSION.matcher(message);
        while (m.find()) {
            found.add(m.group(1));
        }
        return new ArrayList<>(found);
    }
}
