package dev.unstuck.diagnosis;

import java.util.Optional;
import java.util.regex.Pattern;

/** Namespace names are DNS-1123 labels; anything else is rejected before a cluster is asked anything. */
public final class NamespaceName {
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private NamespaceName() {
    }

    /** Why {@code name} is not a valid namespace name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("namespace name is empty");
        }
        if (name.length() > 63) {
            return Optional.of("namespace name '" + abbreviate(name) + "' is " + name.length()
                    + " characters long; at most 63 are allowed");
        }
        if (!DNS_1123_LABEL.matcher(name).matches()) {
            return Optional.of("namespace name '" + abbreviate(name) + "' is not a DNS-1123 label: use lower-case"
                    + " letters, digits and '-', starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Keeps error messages one readable line whatever was typed. */
    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 70 ? printable.substring(0, 67) + "..." : printable;
    }
}
