package dev.unstuck.config;

import dev.unstuck.sandbox.Sandbox;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import io.temporal.client.WorkflowClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What start-up makes of the cluster settings: the sandbox only when no cluster key is set at all and the profile
 * is not production; every cluster whole, naming who may approve; anything else one line naming the key.
 */
class ClusterConfigurationTest {
    @TempDir
    static Path dir;
    static Path kubeconfig;
    static TestWorkflowEnvironment temporal;

    @BeforeAll
    static void files() throws IOException {
        kubeconfig = dir.resolve("prod.kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: prod
                  cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
                contexts:
                - name: prod
                  context: {cluster: prod, user: ops}
                current-context: prod
                users:
                - name: ops
                  user: {token: not-a-real-token}
                """);
        temporal = TestWorkflowEnvironment.newInstance();
    }

    @AfterAll
    static void stop() {
        temporal.close();
    }

    private static ApplicationContextRunner unstuck() {
        return new ApplicationContextRunner().withUserConfiguration(UnstuckConfiguration.class)
                .withBean(WorkflowClient.class, () -> temporal.getWorkflowClient());
    }

    static Stream<Arguments> refused() {
        String kc = "unstuck.clusters.prod.kubeconfig=" + kubeconfig;
        String sre = "unstuck.clusters.prod.approver-roles[0]=sre";
        return Stream.of(
                arguments("a cluster that names nobody to approve", new String[]{kc},
                        "unstuck.clusters.prod.approver-roles: nobody may approve repairs on prod"),
                arguments("an approver who is nobody under unstuck.people", new String[]{kc,
                        "unstuck.clusters.prod.approvers[0]=zoe"},
                        "unstuck.clusters.prod.approvers[0]: 'zoe' is nobody under unstuck.people"),
                arguments("a cluster without a kubeconfig", new String[]{sre, "unstuck.clusters.prod.region=cn-hangzhou"},
                        "unstuck.clusters.prod.kubeconfig: is missing"),
                arguments("a kubeconfig that is not there", new String[]{sre,
                        "unstuck.clusters.prod.kubeconfig=" + dir.resolve("nope")},
                        "unstuck.clusters.prod.kubeconfig: kubeconfig " + dir.resolve("nope") + " cannot be read"),
                arguments("a context the kubeconfig lacks", new String[]{sre, kc,
                        "unstuck.clusters.prod.context=staging"},
                        "unstuck.clusters.prod.context: context 'staging' not found"),
                arguments("a region without its VPC", new String[]{sre, kc, "unstuck.clusters.prod.region=cn-hangzhou"},
                        "unstuck.clusters.prod.vpc-id: is missing while region is set"),
                arguments("a VPC id that is not one", new String[]{sre, kc, "unstuck.clusters.prod.region=cn-hangzhou",
                        "unstuck.clusters.prod.vpc-id=vcp-typo"},
                        "unstuck.clusters.prod.vpc-id: 'vcp-typo' is not a VPC id"),
                arguments("a route table that is not one", new String[]{sre, kc,
                        "unstuck.clusters.prod.region=cn-hangzhou", "unstuck.clusters.prod.vpc-id=vpc-bp1abc",
                        "unstuck.clusters.prod.route-table-ids[0]=vpc-bp1abc"},
                        "unstuck.clusters.prod.route-table-ids: 'vpc-bp1abc' is not an id like vtb-bp1abc"),
                arguments("a VPC both in a file and inline", new String[]{sre, kc,
                        "unstuck.clusters.prod.cloud-properties=/etc/unstuck/cloud.properties",
                        "unstuck.clusters.prod.vpc-id=vpc-bp1abc"},
                        "unstuck.clusters.prod.vpc-id: is set together with cloud-properties"),
                arguments("a misspelled setting of a cluster", new String[]{sre, kc,
                        "unstuck.clusters.prod.vpcid-s=vpc-bp1abc"},
                        "unstuck.clusters.prod.vpcid-s: no such cluster setting; a cluster takes kubeconfig,"),
                arguments("a cluster under a misspelled key", new String[]{"unstuck.cluster.prod.kubeconfig=" + kubeconfig},
                        "unstuck.cluster.prod.kubeconfig: no such setting; a cluster is configured under"
                                + " unstuck.clusters.<alias>.*"),
                arguments("an alias that is not one", new String[]{"unstuck.clusters.[Prod_1].kubeconfig=" + kubeconfig,
                        "unstuck.clusters.[Prod_1].approver-roles[0]=sre"},
                        "unstuck.clusters.Prod_1: a cluster alias is lower-case letters"),
                arguments("a person whose Discord id is a name", new String[]{sre, kc,
                        "unstuck.people.alice.discord=alice#1234"},
                        "unstuck.people.alice.discord: 'alice#1234' is not a Discord user id"),
                arguments("one Discord account for two people", new String[]{sre, kc,
                        "unstuck.people.alice.discord=1200000000000001001",
                        "unstuck.people.bob.discord=1200000000000001001"},
                        "unstuck.people.bob.discord: discord:1200000000000001001 is already alice's"),
                arguments("a click limit of nothing", new String[]{sre, kc, "unstuck.click-rate-limit.clicks=0"},
                        "unstuck.click-rate-limit: needs clicks of at least 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void givenAHalfWrittenOrWrongClusterSetting_startUpFailsWithOneLineNamingTheKey_andNoSandboxRuns(
            String what, String[] properties, String line) {
        unstuck().withPropertyValues(properties).run(context -> {
            assertThat(context).as(what).hasFailed();
            ConfigurationProblem problem = problem(context.getStartupFailure());
            assertThat(problem.getMessage()).as(what).startsWith(line).doesNotContain("\n");
            FailureAnalysis analysis = new ConfigurationProblemAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo(problem.getMessage());
            assertThat(analysis.getAction()).isEqualTo("Fix " + problem.key() + " and start Unstuck again.");
        });
    }

    @Test
    void givenClustersSetToAPlainValue_startUpFailsOnBindingIt_andNoSandboxRuns() {
        unstuck().withPropertyValues("unstuck.clusters=prod").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("java.lang.String");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("unstuck.clusters");
        });
    }

    @Test
    void givenTheProductionProfileAndNoCluster_startUpFails_insteadOfServingTheSandbox() {
        unstuck().withInitializer(c -> c.getEnvironment().setActiveProfiles("production")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(problem(context.getStartupFailure()).getMessage()).isEqualTo("unstuck.clusters: no cluster is"
                    + " configured, and the production profile never serves the sandbox: configure"
                    + " unstuck.clusters.<alias>.kubeconfig and its approvers");
        });
    }

    @Test
    void givenNoClusterKeyAtAll_theSandboxIsServedAsDevCluster_withSreAsItsApprovers() {
        unstuck().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Sandbox.class);
            ClusterRegistry clusters = context.getBean(ClusterRegistry.class);
            assertThat(clusters.aliases()).containsExactly("dev-cluster");
            assertThat(clusters.rules("dev-cluster").approverRoles()).containsExactly("sre");
        });
    }

    @Test
    void givenAWholeCluster_itIsRegisteredWithItsApprovers_andNoSandboxRuns() {
        unstuck().withPropertyValues("unstuck.clusters.prod.kubeconfig=" + kubeconfig,
                "unstuck.clusters.prod.approver-roles[0]=sre", "unstuck.clusters.prod.approvers[0]=erin",
                "unstuck.people.erin.discord=1200000000000001005", "unstuck.clusters.prod.region=cn-hangzhou",
                "unstuck.clusters.prod.vpc-id=vpc-bp1abc").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Sandbox.class);
            ClusterRegistry clusters = context.getBean(ClusterRegistry.class);
            assertThat(clusters.aliases()).containsExactly("prod");
            assertThat(clusters.rules("prod")).isEqualTo(new ApprovalRules(java.util.List.of("sre"), true,
                    java.util.List.of("erin")));
        });
    }

    private static ConfigurationProblem problem(Throwable failure) {
        Throwable t = failure;
        while (t != null && !(t instanceof ConfigurationProblem)) {
            t = t.getCause();
        }
        assertThat(t).as("a ConfigurationProblem in " + failure).isNotNull();
        return (ConfigurationProblem) t;
    }
}
