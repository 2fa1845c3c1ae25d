package dev.unstuck.chat.console;

import dev.unstuck.diagnosis.NamespaceName;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A typed {@code /ns-stuck} command. Accepts what Discord's slash command sends as options
 * ({@code /ns-stuck namespace:dev cluster:dev-cluster}) and the short form people type ({@code /ns-stuck dev}).
 */
public record ConsoleCommand(String cluster, String namespace) {
    public static final String NS_STUCK = "/ns-stuck";
    private static final int MAX_LENGTH = 300;
    private static final Set<String> OPTIONS = Set.of("namespace", "cluster");

    /**
     * @param defaultCluster used when no {@code cluster:} is given; null when there is no obvious one
     * @param clusters       the registered cluster aliases
     */
    public static ConsoleCommand parse(String text, String defaultCluster, Set<String> clusters) {
        if (text == null || text.isBlank()) {
            throw new ConsoleInputException("type a command, e.g. " + NS_STUCK + " dev");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ConsoleInputException("command is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        String[] words = text.strip().split("\\s+");
        if (!words[0].equals(NS_STUCK)) {
            throw new ConsoleInputException("unknown command '" + printable(words[0]) + "'; try " + NS_STUCK
                    + " <namespace> [cluster:<alias>]");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            int colon = w.indexOf(':');
            String name = colon < 0 ? "namespace" : w.substring(0, colon);
            String value = colon < 0 ? w : w.substring(colon + 1);
            if (!OPTIONS.contains(name)) {
                throw new ConsoleInputException("unknown option '" + printable(name) + "'; " + NS_STUCK
                        + " takes namespace:<name> and cluster:<alias>");
            }
            if (options.putIfAbsent(name, value) != null) {
                throw new ConsoleInputException(name + " is given twice");
            }
        }
        String namespace = options.get("namespace");
        if (namespace == null) {
            throw new ConsoleInputException("which namespace? e.g. " + NS_STUCK + " dev");
        }
        NamespaceName.problem(namespace).ifPresent(p -> {
            throw new ConsoleInputException(p);
        });
        String cluster = options.getOrDefault("cluster", defaultCluster);
        if (cluster == null) {
            throw new ConsoleInputException("which cluster? add cluster:<alias>; known: " + sorted(clusters));
        }
        if (!clusters.contains(cluster)) {
            throw new ConsoleInputException("unknown cluster '" + printable(cluster) + "'; known: "
                    + sorted(clusters));
        }
        return new ConsoleCommand(cluster, namespace);
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", new java.util.TreeSet<>(s));
    }

    /** Keeps the error one readable line whatever was typed. */
    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 37) + "..." : clean;
    }
}
