package dev.unstuck.watch;

/**
 * The start of a cluster's watcher, or of its next run after continue-as-new.
 *
 * @param state null on the very first start
 */
public record WatchRequest(String cluster, WatchPolicy policy, WatchState state) {
}
