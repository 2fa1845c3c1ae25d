package dev.unstuck.cli;

import dev.unstuck.diagnosis.Diagnosis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "diagnose", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explain why NAMESPACE is stuck in Terminating: the cause chain with its evidence, and the plan."
                + " Read-only: route writes are only checked with the VPC API's DryRun.")
final class DiagnoseCommand implements Callable<Integer> {
    private final CliContext cli;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    DiagnoseCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        String namespace = cluster.namespace("diagnose");
        boolean json = cluster.json();
        try (ClusterOptions.Target t = cluster.target()) {
            Diagnosis d = t.connection().engine().diagnose(namespace);
            cli.out().print(json ? DiagnosisReport.toJson(DiagnosisReport.json(d)) + "\n" : DiagnosisReport.text(d));
            return UnstuckCli.OK;
        }
    }
}
