package dev.unstuck.sandbox;

import java.util.Locale;
import java.util.Map;

/** The plural resource name the API server would use for a Kind when a scenario does not spell it out. */
final class Plurals {
    private static final Map<String, String> IRREGULAR = Map.of("Endpoints", "endpoints");

    private Plurals() {
    }

    static String of(String kind) {
        if (IRREGULAR.containsKey(kind)) {
            return IRREGULAR.get(kind);
        }
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k + "s";
    }
}
