package dev.unstuck.chain;

import java.util.Optional;

/**
 * Where the route entry podCIDR -> instance stands in the VPC, for a picture that is read every second: only a source
 * that costs no cloud API call implements it (the sandbox's own VPC). Elsewhere the chain takes the route's state
 * from the diagnosis and the executed steps.
 */
public interface RouteLookup {
    RouteLookup NONE = (cluster, podCidr, instanceId) -> Optional.empty();

    /** Empty when this lookup cannot tell; a present value with a null entry id means: looked, not there. */
    Optional<RouteSeen> find(String cluster, String podCidr, String instanceId);

    /**
     * @param routeTableId the table looked in (or holding the entry)
     * @param status       the entry's status as the VPC API spells it (Available, Pending ...), null when missing
     */
    record RouteSeen(String routeTableId, String routeEntryId, String status) {
        public boolean available() {
            return "Available".equals(status);
        }
    }
}
