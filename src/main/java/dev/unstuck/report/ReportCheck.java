package dev.unstuck.report;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a report against the history it names: the digest of the same events must match, and the text must be what
 * those events give. The report carries what to fetch in a machine-readable last line (an HTML comment, invisible
 * when rendered): {@code <!-- unstuck-report workflow="…" run="…" events="N" sha256="…" -->}.
 */
public final class ReportCheck {
    private static final Pattern TRAILER = Pattern.compile("<!-- unstuck-report ((?:[a-z0-9]+=\"[^\"]*\" ?)+)-->");
    private static final Pattern PAIR = Pattern.compile("([a-z0-9]+)=\"([^\"]*)\"");

    private ReportCheck() {
    }

    /** What a report says it was built from. */
    public record Source(String workflowId, String runId, int events, String sha256) {
        String trailer() {
            return "<!-- unstuck-report workflow=\"" + workflowId + "\" run=\"" + runId + "\" events=\"" + events
                    + "\" sha256=\"" + sha256 + "\" -->";
        }
    }

    /** @param matches the history and the text are as the report says */
    public record Verdict(boolean matches, String message) {
    }

    /** Empty when the text carries no (or a damaged) trailer: it is not an Unstuck report, or was cut. */
    public static Optional<Source> source(String report) {
        // The last one counts: quoted evidence can hold any text, the trailer is always written last.
        Matcher m = TRAILER.matcher(report);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            return Optional.empty();
        }
        Map<String, String> kv = new LinkedHashMap<>();
        Matcher p = PAIR.matcher(last);
        while (p.find()) {
            kv.put(p.group(1), p.group(2));
        }
        try {
            Source s = new Source(kv.get("workflow"), kv.get("run"), Integer.parseInt(kv.getOrDefault("events", "")),
                    kv.get("sha256"));
            return s.workflowId() != null && s.runId() != null && s.sha256() != null && s.events() > 0
                    ? Optional.of(s) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Compares the report with {@code history}, the run's events as Temporal has them now. */
    public static Verdict check(String report, Source source, List<HistoryEvent> history, DataConverter converter) {
        if (history.size() < source.events()) {
            return new Verdict(false, "the history of run " + source.runId() + " has " + history.size()
                    + " events, the report was built from " + source.events() + ": it does not come from this run");
        }
        List<HistoryEvent> covered = history.subList(0, source.events());
        HistoryDigest digest = HistoryDigest.of(covered);
        if (!digest.sha256().equals(source.sha256())) {
            return new Verdict(false, "the history does not match: events 1-" + source.events() + " of run "
                    + source.runId() + " hash to " + digest.sha256() + ", the report says " + source.sha256());
        }
        String expected = IncidentReport.markdown(new HistoryReader(converter).read(source.workflowId(), covered));
        String later = history.size() > source.events() ? " (the run has " + (history.size() - source.events())
                + " newer events; a report made now would include them)" : "";
        if (!expected.equals(report)) {
            return new Verdict(false, "the history matches (sha256 " + digest.sha256() + ") but the text was changed"
                    + " after it was written, first at line " + firstDifference(expected, report) + later);
        }
        return new Verdict(true, "the report matches the history of run " + source.runId() + " of "
                + source.workflowId() + ": sha256 " + digest.sha256() + " over events 1-" + source.events() + later);
    }

    private static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
