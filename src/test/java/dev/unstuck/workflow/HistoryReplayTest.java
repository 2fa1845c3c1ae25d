package dev.unstuck.workflow;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays every recorded history: a change to the workflow that is not deterministic fails here. */
class HistoryReplayTest {
    private static final Path HISTORIES = Path.of("workflows/histories");

    @TestFactory
    Stream<DynamicTest> everyRecordedHistoryReplays() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(HISTORIES)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("approved.json", "rejected.json",
                "expired.json", "conflict.json", "crash-resumed.json", "refused-clicks.json",
                "restarted-chat.json");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(f));
            WorkflowReplayer.replayWorkflowExecution(history, RemediationWorkflowImpl.class);
        }));
    }
}
