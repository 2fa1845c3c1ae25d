package dev.unstuck.diagnosis;

import java.util.List;

/**
 * One link of the cause chain. The evidence lines quote the cluster (condition messages, object names, IPs, CIDRs)
 * so that a person can check the claim without re-running anything.
 */
public record Cause(CauseKind kind, String summary, List<String> evidence) {
    public Cause {
        evidence = List.copyOf(evidence);
    }
}
