package dev.unstuck.remediation;

import dev.unstuck.cloud.CloudErrorClass;
import dev.unstuck.cloud.CloudException;
import dev.unstuck.cloud.RepairResult;
import dev.unstuck.cloud.RouteEntryRepair;

import java.util.Objects;

/**
 * Carries out one plan step. The same code path serves the {@code repair} command and the workflow's activities,
 * so what was tested from the command line is what runs after an approval in chat.
 */
public final class PlanExecutor {
    private final RouteEntryRepair routes;
    private final ApiServiceRemover apiServices;

    /** {@code routes} may be null when no cloud is configured: route steps then fail with a clear message. */
    public PlanExecutor(RouteEntryRepair routes, ApiServiceRemover apiServices) {
        this.routes = routes;
        this.apiServices = Objects.requireNonNull(apiServices);
    }

    /**
     * @param runId  identifies the remediation run (the workflow id); with {@code stepId} it fixes the ClientToken,
     *               so executing the same step twice can never create a second route entry
     */
    public StepResult execute(PlanStep step, String runId, String stepId) {
        return switch (step.action()) {
            case CREATE_ROUTE_ENTRY -> createRoute(step, runId, stepId);
            case DELETE_APISERVICE -> deleteApiService(step);
        };
    }

    private StepResult createRoute(PlanStep step, String runId, String stepId) {
        if (routes == null) {
            return new StepResult(step, StepStatus.FAILED, null, "no cloud is configured for this cluster: set its"
                    + " region and VPC id (and credentials) so Unstuck can create the route", false);
        }
        if (!"Instance".equals(step.parameter("nextHopType"))) {
            return new StepResult(step, StepStatus.FAILED, null, "next hop type " + step.parameter("nextHopType")
                    + " is not supported; Unstuck only restores node routes (Instance)", false);
        }
        try {
            RepairResult r = routes.ensureRoute(step.parameter("routeTableId"), step.parameter("destinationCidrBlock"),
                    step.parameter("nextHopId"), runId, stepId);
            return switch (r.outcome()) {
                case CREATED -> new StepResult(step, StepStatus.CREATED, r.routeEntryId(), r.message(), false);
                case ALREADY_PRESENT -> new StepResult(step, StepStatus.ALREADY_PRESENT, r.routeEntryId(), r.message(),
                        false);
                case CONFLICT -> new StepResult(step, StepStatus.CONFLICT, null, r.message(), false);
            };
        } catch (CloudException e) {
            return new StepResult(step, StepStatus.FAILED, null, e.getMessage(),
                    e.errorClass() == CloudErrorClass.RETRYABLE);
        } catch (IllegalArgumentException e) {
            return new StepResult(step, StepStatus.FAILED, null, "invalid step: " + e.getMessage(), false);
        }
    }

    private StepResult deleteApiService(PlanStep step) {
        String name = step.parameter("apiService");
        if (name == null || name.isBlank()) {
            return new StepResult(step, StepStatus.FAILED, null, "invalid step: no apiService parameter", false);
        }
        // The plan was made when the Service was gone; if it is back, the extension was reinstalled and the
        // APIService is needed again.
        if (apiServices.backingServiceExists(name)) {
            return new StepResult(step, StepStatus.CONFLICT, null, "the Service behind APIService " + name
                    + " exists again; not deleting it: diagnose again", false);
        }
        boolean deleted = apiServices.deleteApiService(name);
        return new StepResult(step, StepStatus.DELETED, null, deleted ? "deleted APIService " + name
                : "APIService " + name + " was already gone", false);
    }
}
