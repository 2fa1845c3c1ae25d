package dev.unstuck.cloud.aliyun;

import java.time.Duration;

/**
 * How Unstuck reaches the VPC OpenAPI.
 *
 * @param regionId        e.g. cn-hangzhou
 * @param endpoint        "host:port" to talk to instead of the regional endpoint; HTTPS unless it is a loopback
 *                        address (the sandbox on this machine, plain HTTP); null for the regional endpoint
 * @param accessKeyId     explicit key; null to use the SDK's default credentials chain (environment, RRSA/OIDC,
 *                        config files, ECS RAM role), which is how Unstuck should run inside a cluster
 * @param accessKeySecret never printed
 * @param securityToken   STS token for temporary keys, never printed
 * @param connectTimeout  per request, because the SDK shares one HTTP client across the JVM and ignores the timeouts
 *                        of every client built after the first
 * @param readTimeout     per request, for the same reason
 */
public record AliyunSettings(String regionId, String endpoint, String accessKeyId, String accessKeySecret,
                             String securityToken, Duration connectTimeout, Duration readTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public AliyunSettings {
        if (regionId == null || regionId.isBlank()) {
            throw new IllegalArgumentException("regionId is required");
        }
        if (endpoint != null && endpoint.contains("://")) {
            // With a scheme the SDK fails much later with a misleading SDK.ServerUnreachable.
            throw new IllegalArgumentException("endpoint must be host:port without a scheme, got " + endpoint);
        }
        if ((accessKeyId == null) != (accessKeySecret == null)) {
            throw new IllegalArgumentException("accessKeyId and accessKeySecret go together");
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
    }

    /** The real regional endpoint with credentials from the SDK's default chain. */
    public static AliyunSettings defaultChain(String regionId) {
        return new AliyunSettings(regionId, null, null, null, null, null, null);
    }

    public AliyunSettings withEndpoint(String hostPort) {
        return new AliyunSettings(regionId, hostPort, accessKeyId, accessKeySecret, securityToken, connectTimeout,
                readTimeout);
    }

    public AliyunSettings withAccessKey(String id, String secret) {
        return new AliyunSettings(regionId, endpoint, id, secret, securityToken, connectTimeout, readTimeout);
    }

    public AliyunSettings withSecurityToken(String token) {
        return new AliyunSettings(regionId, endpoint, accessKeyId, accessKeySecret, token, connectTimeout,
                readTimeout);
    }

    public AliyunSettings withTimeouts(Duration connect, Duration read) {
        return new AliyunSettings(regionId, endpoint, accessKeyId, accessKeySecret, securityToken, connect, read);
    }

    public boolean hasExplicitCredentials() {
        return accessKeyId != null;
    }

    /** Safe to log: the key id is shortened and the secret and token are never shown. */
    @Override
    public String toString() {
        return "AliyunSettings[regionId=" + regionId
                + ", endpoint=" + (endpoint == null ? "regional" : endpoint)
                + ", credentials=" + (hasExplicitCredentials() ? "accessKey " + maskId(accessKeyId) : "default chain")
                + ", accessKeySecret=" + (accessKeySecret == null ? "none" : "******")
                + ", securityToken=" + (securityToken == null ? "none" : "******")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static String maskId(String id) {
        return id.length() <= 8 ? "****" : id.substring(0, 4) + "****" + id.substring(id.length() - 2);
    }
}
