package dev.unstuck.remediation;

/** Removes a leftover APIService; the only cluster write Unstuck makes, and only when its Service is gone. */
public interface ApiServiceRemover {

    /** True when the APIService existed and was deleted, false when it was already gone. */
    boolean deleteApiService(String name);

    /** Whether the Service behind the APIService exists again (then deleting the APIService would break it). */
    boolean backingServiceExists(String apiServiceName);
}
