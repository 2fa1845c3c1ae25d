package dev.unstuck.remediation;

/**
 * Writes a node's pod route into a VPC route table: the cloud side of a CREATE_ROUTE_ENTRY step. Implementations
 * never change or delete an existing entry; they report what they found instead.
 */
public interface RouteWriter {

    /**
     * Makes sure {@code routeTableId} routes {@code destinationCidrBlock} to the ECS instance {@code instanceId}.
     * Never throws for a cloud failure: the result says whether trying again later may help. {@code attempt}'s
     * heartbeat is called while it works and may throw to stop it.
     */
    RouteWriteResult ensureRoute(String routeTableId, String destinationCidrBlock, String instanceId, StepRun run,
                                 StepAttempt attempt);
}
