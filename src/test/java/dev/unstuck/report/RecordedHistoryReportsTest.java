package dev.unstuck.report;

import io.temporal.common.WorkflowExecutionHistory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of every recorded history in workflows/histories matches its reviewed text in workflows/reports.
 * After a deliberate change to the report, write them again with {@code -Dunstuck.write-reports=true}, read every
 * one as a reviewer would, and commit them.
 */
class RecordedHistoryReportsTest {
    static final Path HISTORIES = Path.of("workflows/histories");
    static final Path REPORTS = Path.of("workflows/reports");
    static final String WORKFLOW_ID = "unstuck/dev-cluster/dev";

    static List<Path> histories() throws IOException {
        try (Stream<Path> s = Files.list(HISTORIES)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static String report(Path history) throws IOException {
        WorkflowExecutionHistory h = WorkflowExecutionHistory.fromJson(Files.readString(history));
        // The node-routes history is a routes card's repair: its workflow has an id of its own.
        String id = history.getFileName().toString().equals("node-routes.json")
                ? dev.unstuck.workflow.RemediationIds.nodeRoutesWorkflowId("dev-cluster") : WORKFLOW_ID;
        return IncidentReport.markdown(new HistoryReader().read(id, h.getEvents()));
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedHistoryGivesItsReviewedReport() throws IOException {
        boolean write = Boolean.getBoolean("unstuck.write-reports");
        return histories().stream().map(h -> DynamicTest.dynamicTest(h.getFileName().toString(), () -> {
            String name = h.getFileName().toString().replace(".json", ".md");
            String report = report(h);
            if (write) {
                Files.writeString(REPORTS.resolve(name), report);
            }
            assertThat(report).isEqualTo(Files.readString(REPORTS.resolve(name)));
        }));
    }

    @Test
    void theSameHistoryGivesTheSameReportTwice() throws IOException {
        Path approved = HISTORIES.resolve("approved.json");

        assertThat(report(approved)).isEqualTo(report(approved));
    }
}
