package dev.unstuck.diagnosis;

import java.util.List;

/**
 * The endpoints of a Service. {@code found} is false when no EndpointSlice (nor Endpoints object) exists for it,
 * which the aggregator reports as EndpointsNotFound; found with no ready address is MissingEndpoints.
 */
public record ServiceEndpoints(boolean found, List<EndpointAddress> addresses) {
    public ServiceEndpoints {
        addresses = List.copyOf(addresses);
    }

    public List<EndpointAddress> ready() {
        return addresses.stream().filter(EndpointAddress::ready).toList();
    }
}
