package dev.unstuck.cloud;

import java.util.Locale;

/**
 * Lifecycle of a VPC route entry. The OpenAPI has two spellings: older pages and Terraform say
 * {@code Pending | Available | Modifying | Deleting}, newer ones {@code Creating | Created}. Both arrive on the wire,
 * so Created counts as Available and Creating as Pending.
 */
public enum RouteEntryStatus {
    PENDING, AVAILABLE, MODIFYING, DELETING, UNKNOWN;

    /** Unknown or future spellings map to UNKNOWN instead of failing, so a new cloud-side state cannot crash a repair. */
    public static RouteEntryStatus parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        String wire = s.trim().toUpperCase(Locale.ROOT);
        switch (wire) {
            case "CREATED":
                return AVAILABLE;
            case "CREATING":
                return PENDING;
            default:
                try {
                    return valueOf(wire);
                } catch (IllegalArgumentException e) {
                    return UNKNOWN;
                }
        }
    }

    /** The spelling the OpenAPI uses on the wire (the older family). */
    public String wireName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }
}
