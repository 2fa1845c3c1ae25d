package dev.unstuck.diagnosis;

/** A Kubernetes status condition as the API server reports it. */
public record Condition(String type, String status, String reason, String message) {
    public boolean isTrue() {
        return "True".equals(status);
    }

    /** "Available=False (FailedDiscoveryCheck): failing or missing response from ..." */
    public String quote() {
        return type + "=" + status + " (" + reason + "): " + message;
    }
}
