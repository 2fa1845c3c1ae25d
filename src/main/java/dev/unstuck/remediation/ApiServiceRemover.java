package dev.unstuck.remediation;

/** Removes a leftover APIService: the only cluster write Unstuck makes. */
public interface ApiServiceRemover {

    /**
     * Deletes APIService {@code name} only when it is served by a Service ({@code spec.service} is set) and that
     * Service is absent right now, with the uid and resourceVersion just read as delete preconditions, so that an
     * APIService recreated or changed in between is left alone. A local (built-in) APIService is never deleted.
     * Never throws: a refusal or a failure is a result that says why.
     */
    ApiServiceDeletion deleteIfOrphaned(String name);
}
