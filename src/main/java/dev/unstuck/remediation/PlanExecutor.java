package dev.unstuck.remediation;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Carries out one plan step. The same code path serves the {@code repair} command and the workflow's activities,
 * so what was tested from the command line is what runs after an approval in chat.
 */
public final class PlanExecutor {
    private static final Pattern IPV4_CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    private static final Pattern TABLE_ID = Pattern.compile("vtb-[A-Za-z0-9-]+");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[A-Za-z0-9-]+");
    /** "v1beta1.metrics.k8s.io": version.group, a DNS subdomain. */
    private static final Pattern API_SERVICE_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+");

    private final RouteWriter routes;
    private final ApiServiceRemover apiServices;

    /** {@code routes} may be null when no cloud is configured: route steps then fail with a clear message. */
    public PlanExecutor(RouteWriter routes, ApiServiceRemover apiServices) {
        this.routes = routes;
        this.apiServices = Objects.requireNonNull(apiServices);
    }

    /**
     * @param workflowId the remediation workflow (one per incident and namespace)
     * @param runId      this run of it; with {@code workflowId} and {@code stepId} it fixes the ClientToken, so
     *                   retrying or replaying the step within the run never creates a second route entry, while a
     *                   later run writes afresh
     */
    public StepResult execute(PlanStep step, String workflowId, String runId, String stepId) {
        return execute(step, workflowId, runId, stepId, StepAttempt.FIRST);
    }

    /** As {@link #execute(PlanStep, String, String, String)}, as attempt {@code attempt} of the step. */
    public StepResult execute(PlanStep step, String workflowId, String runId, String stepId, StepAttempt attempt) {
        StepRun run;
        try {
            run = new StepRun(workflowId, runId, stepId);
        } catch (IllegalArgumentException e) {
            return new StepResult(step, StepStatus.FAILED, null, "invalid step: " + e.getMessage(), false);
        }
        return switch (step.action()) {
            case CREATE_ROUTE_ENTRY -> createRoute(step, run, attempt);
            case DELETE_APISERVICE -> deleteApiService(step);
        };
    }

    private StepResult createRoute(PlanStep step, StepRun run, StepAttempt attempt) {
        String table = step.parameter("routeTableId");
        String cidr = step.parameter("destinationCidrBlock");
        String instance = step.parameter("nextHopId");
        String problem = invalidRouteStep(step.parameter("nextHopType"), table, cidr, instance);
        if (problem != null) {
            return new StepResult(step, StepStatus.FAILED, null, "invalid step: " + problem, false);
        }
        if (routes == null) {
            return new StepResult(step, StepStatus.FAILED, null, "no cloud is configured for this cluster: set its"
                    + " region and VPC id (and credentials) so Unstuck can create the route", false);
        }
        RouteWriteResult r = routes.ensureRoute(table, cidr, instance, run, attempt);
        return new StepResult(step, r.status(), r.routeEntryId(), r.message(),
                r.status() == StepStatus.FAILED && r.retryable());
    }

    /** Null when the step names a route Unstuck may write; else why not, in one line. */
    private static String invalidRouteStep(String nextHopType, String table, String cidr, String instance) {
        if (!"Instance".equals(nextHopType)) {
            return "next hop type " + nextHopType + " is not supported; Unstuck only restores node routes (Instance)";
        }
        if (table == null || !TABLE_ID.matcher(table).matches()) {
            return "routeTableId '" + table + "' is not a route table id like vtb-bp1abc";
        }
        if (cidr == null || !IPV4_CIDR.matcher(cidr).matches()) {
            return "destinationCidrBlock '" + cidr + "' is not an IPv4 CIDR block like 172.20.1.0/24";
        }
        if (instance == null || !INSTANCE_ID.matcher(instance).matches()) {
            return "nextHopId '" + instance + "' is not an ECS instance id like i-bp1abc";
        }
        return null;
    }

    private StepResult deleteApiService(PlanStep step) {
        String name = step.parameter("apiService");
        if (name == null || !API_SERVICE_NAME.matcher(name).matches()) {
            return new StepResult(step, StepStatus.FAILED, null, "invalid step: apiService '" + name
                    + "' is not an APIService name like v1beta1.metrics.k8s.io", false);
        }
        ApiServiceDeletion d = apiServices.deleteIfOrphaned(name);
        return switch (d.outcome()) {
            case DELETED, ALREADY_GONE -> new StepResult(step, StepStatus.DELETED, null, d.message(), false);
            case REFUSED -> new StepResult(step, StepStatus.CONFLICT, null, d.message(), false);
            case FAILED -> new StepResult(step, StepStatus.FAILED, null, d.message(), d.retryable());
        };
    }
}
