package dev.unstuck.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the report writes times, durations and table cells: UTC, to the second, nothing that breaks a table. */
final class Markdown {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Markdown() {
    }

    static String dateTime(Instant t) {
        return t == null ? "-" : DATE_TIME.format(t);
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String day(Instant t) {
        return DAY.format(t);
    }

    static boolean sameDay(Instant a, Instant b) {
        return a != null && b != null && day(a).equals(day(b));
    }

    /** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** Text for a table cell: no line breaks, no column separators. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** Inline code, safe whatever the text holds. */
    static String code(String s) {
        if (s == null) {
            return "-";
        }
        String fence = s.contains("`") ? "``" : "`";
        return fence + (fence.length() > 1 ? " " + s + " " : s) + fence;
    }

    /** A quoted line of evidence as the cluster or the cloud said it. */
    static String quote(String s) {
        return "> " + (s == null ? "" : s.replace("\r", " ").replace("\n", " "));
    }
}
