package dev.unstuck.report;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.GlobalDataConverter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The digest at the end of a report, and the check that reads it back. */
class ReportIntegrityTest {
    private static final Path APPROVED = Path.of("workflows/histories/approved.json");
    private static final String WORKFLOW = "unstuck/dev-cluster/dev";

    private static List<HistoryEvent> events() throws IOException {
        return WorkflowExecutionHistory.fromJson(Files.readString(APPROVED)).getEvents();
    }

    private static String report(List<HistoryEvent> events) {
        return IncidentReport.markdown(new HistoryReader().read(WORKFLOW, events));
    }

    @Test
    void theDigestIsTheSameForTheHistoryAndItsJsonExport() throws IOException {
        WorkflowExecutionHistory h = WorkflowExecutionHistory.fromJson(Files.readString(APPROVED));
        WorkflowExecutionHistory again = WorkflowExecutionHistory.fromJson(h.toJson(true));

        assertThat(HistoryDigest.of(again.getEvents())).isEqualTo(HistoryDigest.of(h.getEvents()));
        assertThat(HistoryDigest.of(h.getEvents()).events()).isEqualTo(h.getEvents().size());
    }

    @Test
    void anyChangeToAnEventChangesTheDigest() throws IOException {
        List<HistoryEvent> events = new ArrayList<>(events());
        HistoryEvent e = events.get(7);
        events.set(7, e.toBuilder().setEventTime(e.getEventTime().toBuilder().setNanos(e.getEventTime().getNanos() + 1))
                .build());

        assertThat(HistoryDigest.of(events)).isNotEqualTo(HistoryDigest.of(events()));
    }

    @Test
    void aReportChecksAgainstItsOwnHistory_andSaysWhatDiffers() throws IOException {
        List<HistoryEvent> events = events();
        String report = report(events);
        ReportCheck.Source source = ReportCheck.source(report).orElseThrow();

        assertThat(source.workflowId()).isEqualTo(WORKFLOW);
        assertThat(source.runId()).isEqualTo("6c1ab988-fd72-48e9-b4ae-a7bd4b8fe5cf");
        assertThat(source.events()).isEqualTo(events.size());
        assertThat(ReportCheck.check(report, source, events, GlobalDataConverter.get()).matches()).isTrue();

        String edited = report.replace("carol (u-carol)", "dave (u-dave)");
        ReportCheck.Verdict verdict = ReportCheck.check(edited, ReportCheck.source(edited).orElseThrow(), events,
                GlobalDataConverter.get());
        assertThat(verdict.matches()).isFalse();
        assertThat(verdict.message()).contains("the text was changed after it was written, first at line");
    }

    @Test
    void aReportOfAnEarlierMomentStillMatches_andSaysTheRunWentOn() throws IOException {
        List<HistoryEvent> events = events();
        String early = report(events.subList(0, 40));

        ReportCheck.Verdict verdict = ReportCheck.check(early, ReportCheck.source(early).orElseThrow(), events,
                GlobalDataConverter.get());

        assertThat(verdict.matches()).isTrue();
        assertThat(verdict.message()).contains("over events 1-40", "the run has " + (events.size() - 40)
                + " newer events");
    }

    @Test
    void aForgedTrailerInTheTextDoesNotHideTheRealOne_andAMissingOneIsNoReport() throws IOException {
        String report = report(events());
        String forged = "<!-- unstuck-report workflow=\"unstuck/x/y\" run=\"r\" events=\"1\" sha256=\"00\" -->\n"
                + report;

        assertThat(ReportCheck.source(forged).orElseThrow().workflowId()).isEqualTo(WORKFLOW);
        assertThat(ReportCheck.source("# just notes\n")).isEmpty();
        assertThat(ReportCheck.source(report.replaceAll("events=\"\\d+\"", "events=\"many\""))).isEmpty();
    }

    @Test
    void aHistoryWithoutAStartEventIsRefusedInOneLine() throws IOException {
        List<HistoryEvent> events = events().subList(1, 10);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HistoryReader().read(WORKFLOW, events))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not the history of a remediation run: it "
                        + "has no start event");
    }
}
