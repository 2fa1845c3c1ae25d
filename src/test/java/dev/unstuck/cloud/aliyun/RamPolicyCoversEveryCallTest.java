package dev.unstuck.cloud.aliyun;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped RAM policy: an action missing from it would surface as Forbidden.RAM on a customer's cluster first, and
 * the one write must be limited to the cluster's route tables, never "*".
 */
class RamPolicyCoversEveryCallTest {
    private static final Pattern ROUTE_TABLE_ARN = Pattern.compile("acs:vpc:[^:*]+:[^:*]+:routetable/[^/*]+");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements() throws IOException {
        Map<String, Object> policy = Serialization.unmarshal(Files.readString(Path.of("deploy/ram-policy.json")),
                Map.class);
        assertThat(policy.get("Version")).isEqualTo("1");
        return (List<Map<String, Object>>) policy.get("Statement");
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    @Test
    @DisplayName("every OpenAPI action the adapter calls is granted, and nothing else")
    void everyOpenApiActionTheAdapterCallsIsGrantedAndNothingElse() throws IOException {
        String adapter = Files.readString(Path.of("src/main/java/dev/unstuck/cloud/aliyun/AliyunVpcApi.java"));
        Set<String> called = new LinkedHashSet<>();
        Matcher m = Pattern.compile("execute\\(\"(\\w+)\"").matcher(adapter);
        while (m.find()) {
            called.add("vpc:" + m.group(1));
        }
        Set<String> granted = new LinkedHashSet<>();
        statements().forEach(s -> granted.addAll(strings(s.get("Action"))));

        assertThat(called).contains("vpc:DescribeVSwitches", "vpc:CreateRouteEntry");
        assertThat(granted).containsExactlyInAnyOrderElementsOf(called);
    }

    @Test
    @DisplayName("CreateRouteEntry (DryRun included) is allowed on route table ARNs only, in a statement of its own; "
            + "the reads are separate and nothing is denied-by-omission by a wildcard action")
    void theWriteIsLimitedToRouteTables() throws IOException {
        List<Map<String, Object>> statements = statements();
        assertThat(statements).allSatisfy(s -> {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat(strings(s.get("Action"))).allMatch(a -> a.startsWith("vpc:") && !a.contains("*"));
        });
        Map<String, Object> write = statements.stream()
                .filter(s -> strings(s.get("Action")).contains("vpc:CreateRouteEntry")).findFirst().orElseThrow();
        assertThat(strings(write.get("Action"))).containsExactly("vpc:CreateRouteEntry");
        assertThat(strings(write.get("Resource"))).isNotEmpty().allMatch(r -> ROUTE_TABLE_ARN.matcher(r).matches());
        assertThat(statements).filteredOn(s -> s != write)
                .allSatisfy(s -> assertThat(strings(s.get("Action"))).allMatch(a -> a.startsWith("vpc:Describe")));
    }
}
