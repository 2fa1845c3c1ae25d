package dev.unstuck.cloud;

import dev.unstuck.remediation.RouteWriteResult;
import dev.unstuck.remediation.RouteWriter;
import dev.unstuck.remediation.StepAttempt;
import dev.unstuck.remediation.StepRun;
import dev.unstuck.remediation.StepStatus;

import java.util.Objects;

/** The remediation's {@link RouteWriter} on the VPC: {@link RouteEntryRepair}, with cloud failures as results. */
public final class VpcRouteWriter implements RouteWriter {
    private final RouteEntryRepair repair;

    public VpcRouteWriter(RouteEntryRepair repair) {
        this.repair = Objects.requireNonNull(repair);
    }

    @Override
    public RouteWriteResult ensureRoute(String routeTableId, String destinationCidrBlock, String instanceId,
                                        StepRun run, StepAttempt attempt) {
        try {
            RepairResult r = repair.ensureRoute(routeTableId, destinationCidrBlock, instanceId, run, attempt);
            return switch (r.outcome()) {
                case CREATED -> new RouteWriteResult(StepStatus.CREATED, r.routeEntryId(), r.message(), false);
                case ALREADY_PRESENT -> new RouteWriteResult(StepStatus.ALREADY_PRESENT, r.routeEntryId(),
                        r.message(), false);
                case CONFLICT -> new RouteWriteResult(StepStatus.CONFLICT, null, r.message(), false);
            };
        } catch (CloudException e) {
            return new RouteWriteResult(StepStatus.FAILED, null, e.getMessage(), e.isRetryable());
        } catch (IllegalArgumentException e) {
            return new RouteWriteResult(StepStatus.FAILED, null, "invalid step: " + e.getMessage(), false);
        }
    }
}
