package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the resource types and counts out of a NamespaceContentRemaining message. The namespace controller writes
 * {@code Some resources are remaining: pods. has 3 resource instances, widgets.example.com has 1 resource instances}
 * (each entry {@code "%s.%s has %d resource instances"} of resource and group, so a core type ends in a bare dot),
 * sorted, for every type that still has objects after its delete. Those are the only types worth listing.
 */
public final class ContentRemainingMessage {

    /** One type the namespace controller still finds objects of, e.g. widgets in group example.com. */
    public record RemainingType(String group, String resource, long instances) {
        /** "widgets.example.com", or "pods" for the core group: how ResourceType and RBAC messages name it. */
        public String qualifiedName() {
            return group.isEmpty() ? resource : resource + "." + group;
        }
    }

    private static final Pattern ENTRY = Pattern.compile("([a-z0-9][-a-z0-9.]*) has (\\d+) resource instances?");

    private ContentRemainingMessage() {
    }

    public static List<RemainingType> types(String message) {
        if (message == null) {
            return List.of();
        }
        int colon = message.indexOf(':');
        String list = colon < 0 ? message : message.substring(colon + 1);
        List<RemainingType> found = new ArrayList<>();
        Matcher m = ENTRY.matcher(list);
        while (m.find()) {
            String name = m.group(1);
            long count;
            try {
                count = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                continue;
            }
            // A resource name has no dot; what follows the first one is the group ("" for "pods." and "pods").
            int dot = name.indexOf('.');
            String resource = dot < 0 ? name : name.substring(0, dot);
            String group = dot < 0 ? "" : name.substring(dot + 1);
            if (!resource.isEmpty()) {
                found.add(new RemainingType(group, resource, count));
            }
        }
        return found;
    }
}
