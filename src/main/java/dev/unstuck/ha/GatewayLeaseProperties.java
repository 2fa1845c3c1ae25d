package dev.unstuck.ha;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code unstuck.gateway.lease.*}: the {@code coordination.k8s.io/v1} Lease that lets exactly one replica at a time
 * hold the Discord gateway (every replica runs the Temporal workers and the console).
 *
 * @param enabled       false only for a single replica: it then holds the gateway without a Lease
 * @param cluster       the alias of the cluster Unstuck runs in, whose API holds the Lease; default: the one
 *                      cluster configured {@code in-cluster}
 * @param namespace     the Lease's namespace (the release namespace); default {@code POD_NAMESPACE}
 * @param name          the Lease's name
 * @param identity      this replica's name in the Lease; default {@code POD_NAME}, else host name and process id
 * @param duration      how long a Lease not renewed keeps others out: a killed holder is replaced within it
 * @param renewDeadline how long the holder keeps the gateway without a successful renewal; shorter than
 *                      {@code duration}, so the old holder has closed its gateway before anyone else may open one
 * @param retryPeriod   how often the holder renews and the others try
 */
@ConfigurationProperties("unstuck.gateway.lease")
public record GatewayLeaseProperties(@DefaultValue("true") boolean enabled, String cluster, String namespace,
                                     @DefaultValue("unstuck-discord-gateway") String name, String identity,
                                     @DefaultValue("10s") Duration duration,
                                     @DefaultValue("7s") Duration renewDeadline,
                                     @DefaultValue("1s") Duration retryPeriod) {
}
