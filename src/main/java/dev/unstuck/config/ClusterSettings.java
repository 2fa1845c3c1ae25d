package dev.unstuck.config;

import dev.unstuck.chat.People;
import dev.unstuck.cloud.aliyun.AliyunSettings;
import dev.unstuck.kube.KubeClients;
import io.fabric8.kubernetes.client.Config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks one {@code unstuck.clusters.<alias>} and turns it into what the registry holds. A cluster is taken only
 * whole: who may approve, which kubeconfig, and either no VPC or a complete one. Anything half-written is a
 * {@link ConfigurationProblem} naming the key.
 */
final class ClusterSettings {
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z0-9]+)+");
    private static final Pattern VPC = Pattern.compile("vpc-[A-Za-z0-9]+");

    private ClusterSettings() {
    }

    /** Who may approve on {@code alias}; someone must be named. */
    static ApprovalRules rules(String alias, UnstuckProperties.Cluster c, People people) {
        String key = ClusterKeys.CLUSTERS + "." + alias;
        if (c.approverRoles().isEmpty() && c.approvers().isEmpty()) {
            throw new ConfigurationProblem(key + ".approver-roles", "nobody may approve repairs on " + alias + ":"
                    + " name the roles whose holders may (approver-roles: [sre]) and/or the people who may"
                    + " (approvers: [<name under unstuck.people>])");
        }
        for (int i = 0; i < c.approverRoles().size(); i++) {
            String role = c.approverRoles().get(i);
            if (role == null || role.isBlank()) {
                throw new ConfigurationProblem(key + ".approver-roles[" + i + "]", "is empty");
            }
        }
        for (int i = 0; i < c.approvers().size(); i++) {
            String person = c.approvers().get(i);
            if (!people.contains(person)) {
                throw new ConfigurationProblem(key + ".approvers[" + i + "]", "'" + person + "' is nobody under"
                        + " unstuck.people" + (people.names().isEmpty() ? "" : "; known: " + people.names().stream()
                        .sorted().toList()));
            }
        }
        return new ApprovalRules(c.approverRoles(), c.fourEyes(), c.approvers());
    }

    static ClusterTarget target(String alias, UnstuckProperties.Cluster c) {
        String key = ClusterKeys.CLUSTERS + "." + alias;
        if (!ALIAS.matcher(alias).matches()) {
            throw new ConfigurationProblem(key, "a cluster alias is lower-case letters, digits, '-' or '.'");
        }
        if (c.inCluster()) {
            if (c.kubeconfig() != null && !c.kubeconfig().isBlank()) {
                throw new ConfigurationProblem(key + ".kubeconfig", "is set together with in-cluster: the cluster"
                        + " Unstuck runs in is reached with its pod's ServiceAccount; drop one of them");
            }
            return new ClusterTarget(alias, InClusterConfig.load(alias), cloud(alias, c));
        }
        if (c.kubeconfig() == null || c.kubeconfig().isBlank()) {
            // Never a default such as ~/.kube/config: that file points at whatever cluster was used last.
            throw new ConfigurationProblem(key + ".kubeconfig", "is missing: the path of the kubeconfig for "
                    + alias + " (and .context to pick one of its contexts), or in-cluster: true for the cluster"
                    + " Unstuck runs in");
        }
        Config config;
        try {
            config = KubeClients.fromKubeconfig(Path.of(c.kubeconfig()), blankToNull(c.context()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(key + (e.getMessage().startsWith("context") ? ".context" : ".kubeconfig"),
                    e.getMessage(), e);
        }
        return new ClusterTarget(alias, config, cloud(alias, c));
    }

    /** Null when the cluster names no VPC at all (routes are then neither checked nor repaired). */
    private static CloudTarget cloud(String alias, UnstuckProperties.Cluster c) {
        String key = ClusterKeys.CLUSTERS + "." + alias;
        boolean file = c.cloudProperties() != null && !c.cloudProperties().isBlank();
        boolean region = c.region() != null && !c.region().isBlank();
        boolean vpc = c.vpcId() != null && !c.vpcId().isBlank();
        if (file && (region || vpc)) {
            throw new ConfigurationProblem(key + (region ? ".region" : ".vpc-id"), "is set together with"
                    + " cloud-properties: set either cloud-properties or region and vpc-id");
        }
        List<String> tables = checked(key + ".route-table-ids",
                () -> CloudProperties.routeTableIds(c.routeTableIds(), key + ".route-table-ids"));
        List<String> vswitches = checked(key + ".api-server-vswitch-ids",
                () -> CloudProperties.vSwitchIds(c.apiServerVswitchIds(), key + ".api-server-vswitch-ids"));
        if (c.routeEntryQuota() <= 0) {
            throw new ConfigurationProblem(key + ".route-entry-quota", "must be a positive number, got "
                    + c.routeEntryQuota());
        }
        if (file) {
            CloudTarget t = checked(key + ".cloud-properties",
                    () -> CloudProperties.load(Path.of(c.cloudProperties()), tables));
            return new CloudTarget(t.settings(), t.vpcId(), t.routeTableIds(), vswitches.isEmpty()
                    ? t.apiServerVSwitchIds() : vswitches, t.routeEntryQuota());
        }
        if (region != vpc) {
            throw new ConfigurationProblem(key + (region ? ".vpc-id" : ".region"), "is missing while "
                    + (region ? "region" : "vpc-id") + " is set: a VPC needs both (or use cloud-properties)");
        }
        if (!region) {
            if (!tables.isEmpty() || !vswitches.isEmpty()) {
                throw new ConfigurationProblem(key + ".region", "is missing while route tables or vSwitches are"
                        + " named: set region and vpc-id (or cloud-properties)");
            }
            return null;
        }
        if (!REGION.matcher(c.region()).matches()) {
            throw new ConfigurationProblem(key + ".region", "'" + c.region() + "' is not a region id like"
                    + " cn-hangzhou");
        }
        if (!VPC.matcher(c.vpcId()).matches()) {
            throw new ConfigurationProblem(key + ".vpc-id", "'" + c.vpcId() + "' is not a VPC id like vpc-bp1abc");
        }
        return new CloudTarget(AliyunSettings.defaultChain(c.region()), c.vpcId(), tables, vswitches,
                c.routeEntryQuota());
    }

    private static <T> T checked(String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new ConfigurationProblem(key, m.startsWith(key) ? m.substring(key.length()).replaceFirst("^[:\\s]+",
                    "") : m, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
