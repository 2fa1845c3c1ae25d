package dev.unstuck.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the finalizers out of a NamespaceFinalizersRemaining message. The namespace controller writes
 * {@code Some content in the namespace has finalizers remaining: <finalizer> in <N> resource instances, ...} (reason
 * SomeFinalizersRemain); releases before 1.24 wrote {@code Some finalizers are remaining: ...} (SomeFinalizerRemain).
 */
public final class FinalizersRemainingMessage {

    /** One finalizer and how many objects it still holds. */
    public record FinalizerCount(String finalizer, int instances) {
    }

    private static final Pattern ENTRY = Pattern.compile("([^\\s,:]+) in (\\d+) resource instances");

    private FinalizersRemainingMessage() {
    }

    public static List<FinalizerCount> finalizers(String message) {
        if (message == null) {
            return List.of();
        }
        int colon = message.indexOf(':');
        String list = colon < 0 ? message : message.substring(colon + 1);
        List<FinalizerCount> found = new ArrayList<>();
        Matcher m = ENTRY.matcher(list);
        while (m.find()) {
            try {
                found.add(new FinalizerCount(m.group(1), Integer.parseInt(m.group(2))));
            } catch (NumberFormatException e) {
                // A count too large for an int is not a real namespace; skip it rather than fail the diagnosis.
            }
        }
        return found;
    }
}
