package dev.unstuck.sandbox;

/**
 * The VPC routes the simulated cluster depends on: host-network traffic from the control plane reaches a pod on
 * another node only if the VPC carries that node's pod CIDR to its instance.
 */
public interface SandboxRoutes {

    /** Whether an Available route entry sends {@code destinationCidr} to {@code instanceId}. */
    boolean carries(String destinationCidr, String instanceId);

    /** Called whenever the routes change, so the simulation reacts at once instead of at its next tick. */
    void onChange(Runnable listener);
}
