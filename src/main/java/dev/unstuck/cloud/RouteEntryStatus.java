package dev.unstuck.cloud;

import java.util.Locale;

/** Lifecycle of a VPC route entry; the OpenAPI spells them "Pending", "Available", ... */
public enum RouteEntryStatus {
    PENDING, AVAILABLE, MODIFYING, DELETING, UNKNOWN;

    /** Unknown or future spellings map to UNKNOWN instead of failing, so a new cloud-side state cannot crash a repair. */
    public static RouteEntryStatus parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The spelling the OpenAPI uses on the wire. */
    public String wireName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }
}
