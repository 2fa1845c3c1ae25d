package dev.unstuck.watch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A mute's length as people type it: {@code 30m}, {@code 2h}, {@code 1h30m}, {@code 1d}; {@code 0} or {@code off} lifts it. */
public final class MuteDuration {
    private static final Pattern PARTS = Pattern.compile("(\\d{1,6})([smhd])");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,6}[smhd])+");

    private MuteDuration() {
    }

    /** @throws IllegalArgumentException one line saying what to write instead */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("0") || t.equals("off")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("for: '" + printable(text) + "' is not a duration; write 30m, 2h or 1d"
                    + " (at most 7d), or 0 to lift the mute");
        }
        Duration d = Duration.ZERO;
        Matcher m = PARTS.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (d.toSeconds() > MuteRequest.MAX_SECONDS) {
            throw new IllegalArgumentException("for: " + t + " is longer than the 7 days a mute may last; turn watching"
                    + " off for the cluster instead (unstuck.watch.enabled)");
        }
        return d;
    }

    private static String printable(String s) {
        String clean = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 37) + "..." : clean;
    }
}
