package dev.unstuck.workflow;

import dev.unstuck.diagnosis.Diagnosis;
import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface DiagnosisActivities {
    /** Read-only: safe to retry any number of times. */
    Diagnosis diagnose(String cluster, String namespace);

    /**
     * The cluster-wide route audit as a diagnosis whose plan restores the missing node routes (read-only; see
     * {@link dev.unstuck.diagnosis.NodeRouteAudit#toDiagnosis}).
     */
    Diagnosis auditNodeRoutes(String cluster);
}
