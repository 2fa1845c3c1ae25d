package dev.unstuck.watch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code unstuck.watch.*}: the watchers that notice stuck namespaces, unavailable APIServices and missing node routes
 * before anyone asks, and post one card per incident.
 *
 * @param enabled                    one watcher per configured cluster (default on)
 * @param namespaceStuckAfter        a namespace Terminating longer than this is stuck (10m); nothing is posted for
 *                                   younger ones
 * @param apiserviceUnavailableAfter an aggregated APIService Available=False longer than this is an incident even
 *                                   before any namespace is stuck on it (5m)
 * @param routeAuditEvery            the cluster-wide route audit's period (1h), besides every node added or removed
 * @param maxCardsPerHour            new cards per cluster and hour (10); more wait, edits never do
 * @param flapWindow                 an incident back within this long of resolving reopens its card (30m)
 * @param maxWait                    longest one look at the cluster waits for a change (60s)
 * @param discordChannels            per cluster alias, the ids of the Discord channels its cards go to
 */
@ConfigurationProperties("unstuck.watch")
public record WatchProperties(@DefaultValue("true") boolean enabled,
                              @DefaultValue("10m") Duration namespaceStuckAfter,
                              @DefaultValue("5m") Duration apiserviceUnavailableAfter,
                              @DefaultValue("1h") Duration routeAuditEvery,
                              @DefaultValue("10") int maxCardsPerHour,
                              @DefaultValue("30m") Duration flapWindow,
                              @DefaultValue("60s") Duration maxWait,
                              Map<String, List<String>> discordChannels) {
    public WatchProperties {
        discordChannels = discordChannels == null ? Map.of() : Map.copyOf(discordChannels);
    }
}
