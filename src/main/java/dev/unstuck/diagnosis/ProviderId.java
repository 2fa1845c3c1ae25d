package dev.unstuck.diagnosis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Alibaba Cloud node's spec.providerID, {@code REGION.INSTANCE} or {@code alicloud://REGION.INSTANCE}.
 * The VPC route to a node's pods has the ECS instance as next hop, so the instance id is what the repair needs.
 */
public record ProviderId(String region, String instanceId) {

    // Region ids contain dashes but never dots, so the first dot separates region from instance.
    private static final Pattern FORMAT =
            Pattern.compile("^(?:alicloud://)?([a-z]{2}(?:-[a-z0-9]+)+)\\.([a-z]+-[a-z0-9]+)$");

    public static Optional<ProviderId> parse(String providerID) {
        if (providerID == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(providerID.trim());
        return m.matches() ? Optional.of(new ProviderId(m.group(1), m.group(2))) : Optional.empty();
    }
}
