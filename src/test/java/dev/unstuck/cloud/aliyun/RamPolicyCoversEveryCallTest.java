package dev.unstuck.cloud.aliyun;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** An action missing from the shipped RAM policy would surface as Forbidden.RAM on a customer's cluster first. */
class RamPolicyCoversEveryCallTest {

    @Test
    void everyOpenApiActionTheAdapterCallsIsGrantedAndNothingElse() throws IOException {
        String adapter = Files.readString(Path.of("src/main/java/dev/unstuck/cloud/aliyun/AliyunVpcApi.java"));
        Set<String> called = new LinkedHashSet<>();
        Matcher m = Pattern.compile("execute\\(\"(\\w+)\"").matcher(adapter);
        while (m.find()) {
            called.add("vpc:" + m.group(1));
        }
        Set<String> granted = new LinkedHashSet<>();
        Matcher g = Pattern.compile("\"(vpc:\\w+)\"").matcher(Files.readString(Path.of("deploy/ram-policy.json")));
        while (g.find()) {
            granted.add(g.group(1));
        }

        assertThat(called).contains("vpc:DescribeVSwitches", "vpc:CreateRouteEntry");
        assertThat(granted).containsExactlyInAnyOrderElementsOf(called);
    }
}
