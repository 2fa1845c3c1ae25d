package dev.unstuck.watch;

/**
 * Where a cluster's cards are posted: a chat adapter and its channel. The console needs none: its Alerts view reads
 * the watcher itself.
 */
public record AlertTarget(String adapter, String channelId) {
}
