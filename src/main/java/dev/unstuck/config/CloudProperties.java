package dev.unstuck.config;

import dev.unstuck.cloud.aliyun.AliyunSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads a {@code cloud.properties} file (what {@code sandbox --dir} writes, and what an operator may write for a real
 * account): {@code region}, {@code vpcId}, optional {@code endpoint}, {@code accessKeyId}/{@code accessKeySecret},
 * {@code routeTableIds} and {@code apiServerVSwitchIds} (comma-separated) and {@code routeEntryQuota}. Every problem
 * is one line naming the file and the key.
 */
public final class CloudProperties {
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z0-9]+)+");
    private static final Pattern VPC = Pattern.compile("vpc-[A-Za-z0-9]+");
    private static final Pattern TABLE = Pattern.compile("vtb-[A-Za-z0-9]+");
    private static final Pattern VSWITCH = Pattern.compile("vsw-[A-Za-z0-9]+");

    private CloudProperties() {
    }

    /**
     * @param extraRouteTableIds tables given besides the file (a flag or a cluster setting); they win over the file's
     * @throws IllegalArgumentException with a one-line message for any problem
     */
    public static CloudTarget load(Path file, List<String> extraRouteTableIds) {
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cloud properties " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cloud properties " + file + " are not a properties file: "
                    + e.getMessage());
        }
        String where = "cloud properties " + file;
        String region = required(p, "region", where);
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(where + ": region '" + region + "' is not a region id like cn-hangzhou");
        }
        String vpcId = required(p, "vpcId", where);
        if (!VPC.matcher(vpcId).matches()) {
            throw new IllegalArgumentException(where + ": vpcId '" + vpcId + "' is not a VPC id like vpc-bp1abc");
        }
        AliyunSettings settings = AliyunSettings.defaultChain(region);
        String endpoint = p.getProperty("endpoint");
        if (endpoint != null && !endpoint.isBlank()) {
            try {
                settings = settings.withEndpoint(endpoint.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": endpoint: " + e.getMessage());
            }
        }
        String keyId = p.getProperty("accessKeyId");
        if (keyId != null) {
            String secret = p.getProperty("accessKeySecret");
            if (secret == null) {
                throw new IllegalArgumentException(where + " have accessKeyId but no accessKeySecret");
            }
            settings = settings.withAccessKey(keyId.trim(), secret.trim());
        }
        List<String> tables = extraRouteTableIds == null || extraRouteTableIds.isEmpty()
                ? ids(p, "routeTableIds", TABLE, "vtb-bp1abc", where) : List.copyOf(extraRouteTableIds);
        List<String> vswitches = ids(p, "apiServerVSwitchIds", VSWITCH, "vsw-bp1abc", where);
        int quota = CloudTarget.DEFAULT_ROUTE_ENTRY_QUOTA;
        String q = p.getProperty("routeEntryQuota");
        if (q != null && !q.isBlank()) {
            try {
                quota = Integer.parseInt(q.trim());
            } catch (NumberFormatException e) {
                quota = -1;
            }
            if (quota <= 0) {
                throw new IllegalArgumentException(where + ": routeEntryQuota '" + q.trim()
                        + "' is not a positive whole number");
            }
        }
        return new CloudTarget(settings, vpcId, tables, vswitches, quota);
    }

    /** Checks route table ids given on a command line or in a setting. */
    public static List<String> routeTableIds(List<String> ids, String what) {
        return check(ids, TABLE, "vtb-bp1abc", what);
    }

    /** Checks vSwitch ids given on a command line or in a setting. */
    public static List<String> vSwitchIds(List<String> ids, String what) {
        return check(ids, VSWITCH, "vsw-bp1abc", what);
    }

    private static String required(Properties p, String key, String where) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(where + " lack '" + key + "'");
        }
        return v.trim();
    }

    private static List<String> ids(Properties p, String key, Pattern pattern, String example, String where) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        List<String> ids = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return check(ids, pattern, example, where + ": " + key);
    }

    private static List<String> check(List<String> ids, Pattern pattern, String example, String what) {
        List<String> out = new ArrayList<>();
        for (String id : ids == null ? List.<String>of() : ids) {
            if (!pattern.matcher(id).matches()) {
                throw new IllegalArgumentException(what + " '" + id + "' is not an id like " + example);
            }
            out.add(id);
        }
        return List.copyOf(out);
    }
}
