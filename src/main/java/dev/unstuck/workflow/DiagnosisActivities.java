package dev.unstuck.workflow;

import dev.unstuck.diagnosis.Diagnosis;
import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface DiagnosisActivities {
    /** Read-only: safe to retry any number of times. */
    Diagnosis diagnose(String cluster, String namespace);
}
