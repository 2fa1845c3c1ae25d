package dev.unstuck.report;

import dev.unstuck.cli.UnstuckCli;
import dev.unstuck.workflow.RemediationPhase;
import dev.unstuck.workflow.RemediationSummary;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed story through a Temporal server on a port, then `unstuck report` and `report --verify` against it. */
class ReportThroughCliTest {
    private static final String WORKFLOW = "unstuck/dev-cluster/dev";

    static SeedIncidentOnTemporal temporal;
    static RemediationSummary summary;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new UnstuckCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), false)
                .run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void theSeedIncidentIsRepairedThroughTemporal() throws Exception {
        temporal = new SeedIncidentOnTemporal();
        summary = temporal.seedStory();
    }

    @AfterAll
    static void stop() {
        temporal.close();
    }

    @Test
    void theReportShowsTheChainAsDiagnosedAndNamesTheCloudConfigKeyToFix() {
        assertThat(summary.outcome()).isEqualTo(RemediationPhase.DONE);

        Run r = cli("report", WORKFLOW, "--temporal", temporal.target());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Incident report: namespace `dev` stuck in Terminating on `dev-cluster`")
                .contains("| route | `172.16.1.0/24 -> i-node2` | BROKEN | missing from route table vtb-hz001",
                        "| apiservice | `v1beta1.metrics.k8s.io` | BROKEN | Available=False (FailedDiscoveryCheck)",
                        "| Approved | bob (u-bob), ",
                        "Other namespaces being deleted whose discovery failed on the same APIService "
                                + "(`v1beta1.metrics.k8s.io`): none.",
                        "set `Global.vpcid` in `cloud-config.conf` of ConfigMap `kube-system/cloud-config` to "
                                + "`vpc-hz001` (it is `vpc-typo01`",
                        "`unstuck wf=unstuck/dev-cluster/dev run=",
                        "pre-flight: would succeed")
                .containsPattern("\\| 1\\. CREATE_ROUTE_ENTRY \\| CREATED \\| `rte-[0-9]+` \\| `vtb-hz001` \\|");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aSavedReportVerifiesAgainstTemporalAndAnEditIsFound() throws IOException {
        Path file = dir.resolve("incident.md");
        Files.writeString(file, cli("report", WORKFLOW, "--temporal", temporal.target()).out());

        Run ok = cli("report", "--verify", file.toString(), "--temporal", temporal.target());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK: the report matches the history of run ");

        String text = Files.readString(file);
        Files.writeString(file, text.replace("| Approved | bob (u-bob)", "| Approved | carol (u-carol)"));
        Run edited = cli("report", "--verify", file.toString(), "--temporal", temporal.target());
        assertThat(edited.exit()).isEqualTo(3);
        assertThat(edited.err()).startsWith("MISMATCH: the history matches").contains("the text was changed after it "
                + "was written, first at line 9");

        String sha = ReportCheck.source(text).orElseThrow().sha256();
        Files.writeString(file, text.replace(sha, "0".repeat(64)));
        Run forged = cli("report", "--verify", file.toString(), "--temporal", temporal.target());
        assertThat(forged.exit()).isEqualTo(3);
        assertThat(forged.err()).startsWith("MISMATCH: the history does not match");
    }

    @Test
    void aTemporalThatDoesNotAnswerIsExitCode1AndAnUnknownWorkflowIsBadInput() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run down = cli("report", WORKFLOW, "--temporal", "127.0.0.1:" + closed);
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).startsWith("error: cannot reach Temporal at 127.0.0.1:" + closed);
        assertThat(down.err().strip().lines()).hasSize(1);

        Run unknown = cli("report", "unstuck/dev-cluster/nothing", "--temporal", temporal.target());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: Temporal at " + temporal.target()).contains("has no");
    }

    @Test
    void givenTlsSettings_badFilesAreBadInputBeforeAnyCall_andTlsIsReallySpokenToAPlaintextServer() throws IOException {
        Path cert = dir.resolve("client.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        Path garbage = dir.resolve("ca.pem");
        Files.writeString(garbage, "hello");
        Path empty = dir.resolve("api-key");
        Files.writeString(empty, "\n");

        for (String[] bad : new String[][]{
                {"--temporal-tls-cert", cert.toString()},
                {"--temporal-tls-key", cert.toString()},
                {"--temporal-tls-ca", dir.resolve("missing.pem").toString()},
                {"--temporal-tls-ca", garbage.toString()},
                {"--temporal-api-key-file", empty.toString()},
                {"--temporal-tls-cert", cert.toString(), "--temporal-tls-key", cert.toString()}}) {
            String[] args = new String[3 + bad.length];
            args[0] = "report";
            args[1] = WORKFLOW;
            args[2] = "--temporal=" + temporal.target();
            System.arraycopy(bad, 0, args, 3, bad.length);
            Run r = cli(args);
            assertThat(r.exit()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.out()).isEmpty();
        }

        // The embedded-style test server speaks plaintext only: a TLS client fails its handshake, which is exit 1.
        Run tls = cli("report", WORKFLOW, "--temporal", temporal.target(), "--temporal-tls");
        assertThat(tls.exit()).as(tls.err()).isEqualTo(1);
        assertThat(tls.err()).startsWith("error: cannot reach Temporal at " + temporal.target());
        assertThat(tls.out()).isEmpty();
    }

    @Test
    void givenATemporalBehindTls_theReportIsReadWithTheGivenCa_andWithTheClientCertificateWhereTlsIsMutual()
            throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate client = SelfSignedCertificate.create("unstuck-report");
        SelfSignedCertificate stranger = SelfSignedCertificate.create("localhost");
        try (TemporalFront serverTls = new TemporalFront(Path.of(server.certificatePath()),
                Path.of(server.privateKeyPath()), null, temporal.target(), null);
             TemporalFront mutualTls = new TemporalFront(Path.of(server.certificatePath()),
                     Path.of(server.privateKeyPath()), Path.of(client.certificatePath()), temporal.target(), null)) {
            String plain = cli("report", WORKFLOW, "--temporal", temporal.target()).out();
            assertThat(plain).startsWith("# Incident report: namespace `dev`");

            String behindTls = "localhost:" + serverTls.port();
            Run trusted = cli("report", WORKFLOW, "--temporal", behindTls, "--temporal-tls-ca", server.certificatePath());
            assertThat(trusted.exit()).as(trusted.err()).isZero();
            assertThat(trusted.out()).isEqualTo(plain);
            assertThat(serverTls.admitted()).isNotEmpty();

            // A certificate the client was not told to trust (the system's CAs, or another CA) is refused: exit 1.
            for (String[] distrust : new String[][]{{"--temporal-tls"},
                    {"--temporal-tls-ca", stranger.certificatePath()}}) {
                String[] args = new String[4 + distrust.length];
                System.arraycopy(new String[]{"report", WORKFLOW, "--temporal", behindTls}, 0, args, 0, 4);
                System.arraycopy(distrust, 0, args, 4, distrust.length);
                Run refused = cli(args);
                assertThat(refused.exit()).as(String.join(" ", distrust) + ": " + refused.err()).isEqualTo(1);
                assertThat(refused.err()).startsWith("error: cannot reach Temporal at " + behindTls);
                assertThat(refused.out()).isEmpty();
            }

            String mutual = "localhost:" + mutualTls.port();
            Run withoutCertificate = cli("report", WORKFLOW, "--temporal", mutual,
                    "--temporal-tls-ca", server.certificatePath());
            assertThat(withoutCertificate.exit()).as(withoutCertificate.err()).isEqualTo(1);
            Run otherCertificate = cli("report", WORKFLOW, "--temporal", mutual,
                    "--temporal-tls-ca", server.certificatePath(),
                    "--temporal-tls-cert", stranger.certificatePath(), "--temporal-tls-key", stranger.privateKeyPath());
            assertThat(otherCertificate.exit()).as(otherCertificate.err()).isEqualTo(1);
            assertThat(mutualTls.admitted()).as("no call got past the handshake without the client's certificate")
                    .isEmpty();

            Run withCertificate = cli("report", WORKFLOW, "--temporal", mutual,
                    "--temporal-tls-ca", server.certificatePath(),
                    "--temporal-tls-cert", client.certificatePath(), "--temporal-tls-key", client.privateKeyPath());
            assertThat(withCertificate.exit()).as(withCertificate.err()).isZero();
            assertThat(withCertificate.out()).isEqualTo(plain);
            assertThat(mutualTls.admitted()).isNotEmpty();
        } finally {
            server.delete();
            client.delete();
            stranger.delete();
        }
    }

    @Test
    void givenATemporalThatTakesAnApiKey_theReportIsReadWithTheKeyFromAFileOrTheEnvironment_andAWrongKeyIsRefused()
            throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.create("localhost");
        Path key = dir.resolve("temporal-api-key");
        Files.writeString(key, "uk-team-sre-0b7d1e\n");
        Path wrong = dir.resolve("old-api-key");
        Files.writeString(wrong, "uk-team-sre-revoked\n");
        try (TemporalFront front = new TemporalFront(Path.of(server.certificatePath()),
                Path.of(server.privateKeyPath()), null, temporal.target(), "uk-team-sre-0b7d1e")) {
            String plain = cli("report", WORKFLOW, "--temporal", temporal.target()).out();
            String target = "localhost:" + front.port();

            Run withKey = cli("report", WORKFLOW, "--temporal", target, "--temporal-tls-ca", server.certificatePath(),
                    "--temporal-api-key-file", key.toString());
            assertThat(withKey.exit()).as(withKey.err()).isZero();
            assertThat(withKey.out()).isEqualTo(plain);
            assertThat(front.admitted()).isNotEmpty().containsOnly(true);

            Run withWrongKey = cli("report", WORKFLOW, "--temporal", target,
                    "--temporal-tls-ca", server.certificatePath(), "--temporal-api-key-file", wrong.toString());
            assertThat(withWrongKey.exit()).as(withWrongKey.err()).isEqualTo(1);
            assertThat(withWrongKey.err()).startsWith("error: Temporal at " + target + " refused the credentials")
                    .doesNotContain("uk-team-sre");
            assertThat(withWrongKey.err().strip().lines()).hasSize(1);
            assertThat(withWrongKey.out()).isEmpty();
            assertThat(front.admitted()).contains(false);

            // As an operator's shell has it for the Temporal CLI: address, CA and key in its variables, no options.
            int callsBefore = front.admitted().size();
            Process p = reportProcess(Map.of("TEMPORAL_ADDRESS", target, "TEMPORAL_TLS_CA", server.certificatePath(),
                    "TEMPORAL_API_KEY", "uk-team-sre-0b7d1e"));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("report.err"))).isZero();
            assertThat(out).isEqualTo(plain);
            assertThat(front.admitted().subList(callsBefore, front.admitted().size())).isNotEmpty().containsOnly(true);
        } finally {
            server.delete();
        }
    }

    /** {@code report} in a process of its own, with exactly the Temporal variables given; stderr to report.err. */
    private Process reportProcess(Map<String, String> temporalVariables) throws IOException {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.unstuck.UnstuckApplication", "report", WORKFLOW)
                .redirectError(dir.resolve("report.err").toFile());
        b.environment().keySet().removeIf(name -> name.startsWith("TEMPORAL_"));
        b.environment().putAll(temporalVariables);
        return b.start();
    }
}
