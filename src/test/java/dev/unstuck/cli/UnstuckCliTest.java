package dev.unstuck.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class UnstuckCliTest {
    @TempDir
    static Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        return run(false, "", args);
    }

    static Run run(boolean interactive, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new UnstuckCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path file(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> badInput() {
        String valid = "name: t\ncluster: {name: c, region: cn-hangzhou, vpcId: vpc-a1}\n"
                + "nodes: [{name: n1, internalIP: 10.0.0.1, instanceId: i-n1, podCIDR: 172.16.0.0/24}]\n";
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of(new String[]{"diagnose"}, "diagnose needs a NAMESPACE"),
                Arguments.of(new String[]{"diagnose", "Dev", "--scenario", "seed-incident"}, "not a DNS-1123 label"),
                Arguments.of(new String[]{"diagnose", "dev_1", "--scenario", "seed-incident"}, "not a DNS-1123 label"),
                Arguments.of(new String[]{"diagnose", "-dev", "--scenario", "seed-incident"}, "unknown option '-dev'"),
                Arguments.of(new String[]{"diagnose", "dev-", "--scenario", "seed-incident"}, "not a DNS-1123 label"),
                Arguments.of(new String[]{"diagnose", "a".repeat(64), "--scenario", "seed-incident"}, "at most 63"),
                Arguments.of(new String[]{"diagnose", "dev", "prod", "--scenario", "seed-incident"}, "takes one NAMESPACE"),
                Arguments.of(new String[]{"diagnose", "dev;rm", "--scenario", "seed-incident"}, "not a DNS-1123 label"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario"}, "--scenario needs a value"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", "nope.yaml"}, "does not exist"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", "seed-incident", "--output", "xml"},
                        "--output must be text or json"),
                Arguments.of(new String[]{"diagnose", "dev", "--verbose"}, "unknown option --verbose"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", "seed-incident", "--kubeconfig", "k"},
                        "drop --kubeconfig"),
                Arguments.of(new String[]{"diagnose", "dev", "--context", "prod"}, "--context needs --kubeconfig"),
                Arguments.of(new String[]{"diagnose", "dev", "--kubeconfig", "/does/not/exist"}, "does not exist"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", "seed-incident", "--stuck-after-minutes", "x"},
                        "must be a whole number"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", "seed-incident", "--stuck-after-minutes", "-3"},
                        "between 0 and 10080"),
                Arguments.of(new String[]{"frobnicate"}, "unknown command 'frobnicate'"),
                Arguments.of(new String[]{"repair", "dev", "--scenario", "seed-incident"}, "needs a confirmation"),
                Arguments.of(new String[]{"repair", "dev", "--scenario", "seed-incident", "--yes=no"}, "takes no value"),
                Arguments.of(new String[]{"sandbox"}, "sandbox needs --scenario"),
                Arguments.of(new String[]{"sandbox", "--scenario", "seed-incident", "--kube-port", "70000"},
                        "between 0 and 65535"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("empty.yaml", "").toString()}, "is empty"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("tabs.yaml", "name: [unclosed\n").toString()},
                        "not valid YAML"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("list.yaml", "- a\n- b\n").toString()},
                        "must be a mapping"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("nocluster.yaml", "name: x\n").toString()},
                        "cluster is missing"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("typo.yaml", valid + "nodez: []\n").toString()},
                        "nodez is not a known key"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("cidr.yaml",
                        valid.replace("172.16.0.0/24", "172.16.0.0/33")).toString()}, "is not a CIDR block"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("ip.yaml",
                        valid.replace("10.0.0.1", "10.0.0.300")).toString()}, "is not an IPv4 address"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("vpc.yaml",
                        valid.replace("vpc-a1", "myvpc")).toString()}, "is not a VPC id"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("badns.yaml",
                        valid + "namespaces: [{name: Dev}]\n").toString()}, "namespaces[0].name"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("podnode.yaml", valid
                        + "apiServices: [{name: v1beta1.metrics.k8s.io, service: kube-system/ms, pods: [{name: p, node: n9, ip: 172.16.0.5}]}]\n")
                        .toString()}, "is not one of the scenario's nodes"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("podip.yaml", valid
                        + "apiServices: [{name: v1beta1.metrics.k8s.io, service: kube-system/ms, pods: [{name: p, node: n1, ip: 172.16.9.5}]}]\n")
                        .toString()}, "is outside node n1's podCIDR"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("rate.yaml", valid
                        + "faults: {vpc: {throttleRate: 1.5}}\n").toString()}, "between 0 and 1"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("dupns.yaml", valid
                        + "namespaces: [{name: a}, {name: a}]\n").toString()}, "declared twice"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("minutes.yaml", valid
                        + "namespaces: [{name: a, deletingForMinutes: 5}]\n").toString()}, "deleting is not true"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", file("failaction.yaml", valid
                        + "faults: {vpc: {failAction: {DeleteRouteEntry: Forbidden.RAM}}}\n").toString()},
                        "not a VPC action the sandbox serves"),
                Arguments.of(new String[]{"diagnose", "dev", "--kubeconfig", file("kc.yaml", "apiVersion: v1\nkind: Config\n"
                        + "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\ncontexts: [{name: a, context: {cluster: c}}]\n"
                        + "current-context: a\n").toString(), "--context", "b"}, "context 'b' not found"),
                Arguments.of(new String[]{"diagnose", "dev", "--kubeconfig", file("kc2.yaml", "apiVersion: v1\n").toString(),
                        "--region", "cn-hangzhou"}, "--region and --vpc-id go together"),
                Arguments.of(new String[]{"diagnose", "dev", "--kubeconfig", file("kc3.yaml", "apiVersion: v1\n").toString(),
                        "--region", "cn-hangzhou", "--vpc-id", "vpc_1"}, "is not a VPC id"),
                Arguments.of(new String[]{"diagnose", "dev", "--vpcid", "vpc-a1"}, "did you mean --vpc-id?"),
                Arguments.of(new String[]{"diagnose", "dev", "--scenario", "seed-incident", "--scenario", "healthy"},
                        "--scenario is given twice"),
                Arguments.of(new String[]{}, "name a command: diagnose, repair, sandbox, report or completion"),
                Arguments.of(new String[]{"report"}, "report needs a WORKFLOW_ID"),
                Arguments.of(new String[]{"report", "dev"}, "is not a remediation id like unstuck/<cluster>/<namespace>"),
                Arguments.of(new String[]{"report", "unstuck/dev-cluster/dev", "--temporal", "temporal"},
                        "--temporal 'temporal' is not HOST:PORT"),
                Arguments.of(new String[]{"report", "unstuck/dev-cluster/dev", "--history", "/does/not/exist.json"},
                        "cannot read /does/not/exist.json"),
                Arguments.of(new String[]{"report", "unstuck/dev-cluster/dev", "--history",
                        file("notes.json", "{\"not\": \"a history\"}").toString()}, "is not a history exported as JSON"),
                Arguments.of(new String[]{"report", "--verify", file("notes.md", "# my notes\n").toString(),
                        "--temporal", "127.0.0.1:7233"}, "is not an Unstuck report"),
                Arguments.of(new String[]{"report", "--verify", "/does/not/exist.md"}, "cannot read /does/not/exist.md")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInput")
    void badInputGetsOneActionableLineAndExitCode2(String[] args, String expected) {
        Run r = run(args);

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(expected);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : List.of("diagnose", "repair", "sandbox", "report", "completion")) {
            Run r = run(command, "--help");

            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: unstuck " + command);
            assertThat(r.err()).isEmpty();
        }
        assertThat(run("diagnose", "--help").out()).contains("--scenario=FILE|NAME", "--route-table-id=VTB",
                "--stuck-after-minutes=N", "NAMESPACE");
        assertThat(run("--help").out()).contains("diagnose", "repair", "sandbox", "report", "completion",
                "3 a report does not match its history");
    }

    @Test
    void theCompletionScriptCompletesSubcommandsOptionsAndScenarioNames() {
        Run r = run("completion");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_unstuck",
                "diagnose", "repair", "sandbox", "report", "--scenario", "--route-table-id", "--verify",
                "seed-incident", "custom-route-table");
    }

    @Test
    void aReportIsWrittenFromAnExportedHistoryWithoutTemporal() throws IOException {
        Run r = run("report", "unstuck/dev-cluster/dev", "--history", "workflows/histories/approved.json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(Path.of("workflows/reports/approved.md")));
    }

    @Test
    void diagnoseSeedIncidentAsJsonIsMachineReadableOnStdoutAlone() {
        Run r = run("diagnose", "dev", "--scenario", "seed-incident", "--output", "json");

        assertThat(r.exit()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("namespace").asString()).isEqualTo("dev");
        assertThat(json.get("state").asString()).isEqualTo("STUCK");
        List<String> kinds = new ArrayList<>();
        json.get("causes").forEach(c -> kinds.add(c.get("kind").asString()));
        assertThat(kinds).containsExactly("DISCOVERY_FAILURE", "APISERVICE_UNAVAILABLE",
                "POD_UNREACHABLE_FROM_CONTROL_PLANE", "VPC_ROUTE_MISSING", "ROUTE_CONTROLLER_FAILING");
        assertThat(json.get("causes").get(0).get("evidence").get(0).asString()).contains("DiscoveryFailed");
        JsonNode step = json.get("plan").get(0);
        assertThat(step.get("action").asString()).isEqualTo("CREATE_ROUTE_ENTRY");
        assertThat(step.get("destinationCidrBlock").asString()).isEqualTo("172.16.1.0/24");
        assertThat(step.get("nextHopId").asString()).isEqualTo("i-node2");
    }

    @Test
    void diagnoseAsTextIndentsEvidenceUnderEachCause() {
        Run r = run("diagnose", "dev", "--scenario", "seed-incident");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("STUCK: namespace dev has been terminating for 180 min")
                .contains(" 4. VPC_ROUTE_MISSING: ", "      - route table vtb-hz001",
                        "CREATE_ROUTE_ENTRY routeTableId=vtb-hz001 destinationCidrBlock=172.16.1.0/24");
    }

    @Test
    void anUnreachableClusterExitsWith1AndNamesTheUrl() {
        Path kubeconfig = file("dead.yaml", "apiVersion: v1\nkind: Config\n"
                + "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]\n"
                + "users: [{name: u, user: {token: t}}]\n"
                + "contexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a\n");

        Run r = run("diagnose", "dev", "--kubeconfig", kubeconfig.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot reach the Kubernetes API at https://127.0.0.1:1");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void givenTheSeedScenario_repairCreatesTheRouteAndDevIsGone() {
        Run r = run("repair", "dev", "--scenario", "seed-incident", "--yes", "--output", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("executed")).hasSize(1);
        assertThat(json.get("executed").get(0).get("status").asString()).isEqualTo("CREATED");
        assertThat(json.get("executed").get(0).get("routeEntryId").asString()).startsWith("rte-");
        assertThat(json.get("namespaceStateAfter").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aSandboxInAnotherProcessIsReachedThroughItsKubeconfigAndCloudProperties() throws IOException {
        try (var sandbox = dev.unstuck.sandbox.Sandbox.start(dev.unstuck.sandbox.ScenarioLoader.loadBuiltIn("seed-incident"))) {
            Path connection = dir.resolve("connection");
            sandbox.writeConnectionFiles(connection);
            assertThat(Files.getPosixFilePermissions(connection.resolve("cloud.properties")))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

            Run r = run("diagnose", "dev", "--kubeconfig", connection.resolve("kubeconfig").toString(),
                    "--cloud-properties", connection.resolve("cloud.properties").toString(), "--output", "json");

            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode json = JsonMapper.builder().build().readTree(r.out());
            assertThat(json.get("plan").get(0).get("routeTableId").asString()).isEqualTo("vtb-hz001");
            assertThat(r.out() + r.err()).doesNotContain(sandbox.cloudSettings().accessKeySecret());
        }
    }

    @Test
    void dryRunExecutesNothing() {
        Run r = run("repair", "dev", "--scenario", "seed-incident", "--dry-run", "--output", "json");

        assertThat(r.exit()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("plan")).hasSize(1);
        assertThat(json.get("executed")).isEmpty();
        assertThat(json.get("namespaceStateAfter").asString()).isEqualTo("STUCK");
    }

    @Test
    void onATerminalAnythingButYesLeavesTheCloudUntouched() {
        Run r = run(true, "no\n", "repair", "dev", "--scenario", "seed-incident");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Apply these 1 step(s)?", "Nothing changed.");
    }
}
