package dev.unstuck.chat.discord;

import dev.unstuck.chat.discord.fake.FakeChannel;
import dev.unstuck.chat.discord.fake.FakeDiscord;
import dev.unstuck.chat.discord.fake.FakeGuild;
import dev.unstuck.chat.discord.fake.FakeMember;
import dev.unstuck.chat.discord.fake.FakeRole;
import dev.unstuck.chat.discord.fake.JdaLogWatch;
import dev.unstuck.sandbox.Sandbox;
import dev.unstuck.sandbox.ScenarioLoader;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a Discord test talks to outside the bot: the fake Discord with a guild of people in different roles,
 * and one sandbox per cluster alias reached as a configured cluster (kubeconfig + cloud properties), so stories
 * that repair a cluster each have one of their own.
 */
final class DiscordWorld implements AutoCloseable {
    static final FakeRole ONCALL = new FakeRole("1200000000000000011", "oncall");
    static final FakeRole SRE = new FakeRole("1200000000000000012", "sre");
    static final FakeRole DUTY = new FakeRole("1200000000000000013", "duty");
    /** A role mallory made herself and named like the approvers' role: a name, not the mapped id. */
    static final FakeRole MALLORYS_SRE = new FakeRole("1200000000000000014", "sre");
    static final String STORIES = "discord-stories";

    final FakeDiscord fake;
    final JdaLogWatch jdaLog;
    final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    private final Map<String, List<String>> approverRoles = new LinkedHashMap<>();
    private final Map<String, List<FakeRole>> discordApprovers = new LinkedHashMap<>();
    private boolean console;
    private final Path dir;

    /**
     * #oncall (where Unstuck is enabled) and #random; alice and dave are on call, bob is an SRE, erin holds the
     * "duty" role that one cluster maps to its approvers, carol has no role, and mallory holds a role she made
     * herself and named "sre".
     */
    static FakeGuild guild() {
        List<FakeMember> members = new java.util.ArrayList<>(List.of(
                new FakeMember("1200000000000001001", "alice", List.of(ONCALL.id())),
                new FakeMember("1200000000000001002", "bob", List.of(SRE.id())),
                new FakeMember("1200000000000001003", "carol", List.of()),
                new FakeMember("1200000000000001004", "dave", List.of(ONCALL.id())),
                new FakeMember("1200000000000001005", "erin", List.of(DUTY.id())),
                new FakeMember("1200000000000001006", "mallory", List.of(MALLORYS_SRE.id()))));
        for (int i = 0; i < 50; i++) {
            members.add(new FakeMember(Long.toString(1200000000000002000L + i), "user" + i, List.of(ONCALL.id())));
        }
        return new FakeGuild("1200000000000000001", "unstuck-test",
                List.of(new FakeChannel("1200000000000000101", "oncall"),
                        new FakeChannel("1200000000000000102", "random")),
                List.of(ONCALL, SRE, DUTY, MALLORYS_SRE), members);
    }

    /** @param clusters alias → built-in scenario name, or {@link #STORIES} */
    DiscordWorld(Map<String, String> clusters) {
        jdaLog = JdaLogWatch.install();
        try {
            dir = Files.createTempDirectory("unstuck-discord-test");
            for (Map.Entry<String, String> c : clusters.entrySet()) {
                Sandbox s = Sandbox.start(ScenarioLoader.load(scenario(c.getValue())));
                sandboxes.put(c.getKey(), s);
                s.writeConnectionFiles(dir.resolve(c.getKey()));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        fake = FakeDiscord.start(guild());
    }

    private static String scenario(String name) {
        if (!name.equals(STORIES)) {
            return name;
        }
        try {
            return Path.of(DiscordWorld.class.getResource("/discord/stories.yaml").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Approver roles of one cluster instead of "sre" (a list binds from one property source, so set it here). */
    DiscordWorld approvers(String alias, String... roles) {
        approverRoles.put(alias, List.of(roles));
        return this;
    }

    /**
     * The Discord roles, by id, whose members approve on one cluster. Unless set, those of the guild's roles named
     * like the cluster's approver roles: the mapping an operator writes, role ids copied from Discord.
     */
    DiscordWorld discordApprovers(String alias, FakeRole... roles) {
        discordApprovers.put(alias, List.of(roles));
        return this;
    }

    /** Leaves the web console on: the test then configures its sign-in, as real clusters require. */
    DiscordWorld withConsole() {
        console = true;
        return this;
    }

    /**
     * The bot pointed at the fake, every sandbox as a cluster whose approver role is "sre" unless set otherwise. The
     * console is off unless {@link #withConsole()}: with real clusters configured it needs a sign-in.
     */
    void register(DynamicPropertyRegistry r) {
        if (!console) {
            r.add("unstuck.console.enabled", () -> "false");
        }
        r.add("spring.temporal.test-server.enabled", () -> "true");
        r.add("unstuck.discord.token", fake::token);
        r.add("unstuck.discord.application-id", fake::applicationId);
        r.add("unstuck.discord.rest-base-url", fake::restBaseUrl);
        r.add("unstuck.discord.gateway-url", fake::gatewayUrl);
        r.add("unstuck.discord.guild-ids[0]", () -> fake.guild().id());
        r.add("unstuck.discord.allowed-channels[0]", () -> "oncall");
        // As in a deployment: the gateway is held under a Lease, here in the first cluster's API.
        r.add("unstuck.gateway.lease.cluster", () -> sandboxes.keySet().iterator().next());
        r.add("unstuck.gateway.lease.namespace", () -> "unstuck");
        sandboxes.keySet().forEach(alias -> {
            Path d = dir.resolve(alias);
            r.add("unstuck.clusters." + alias + ".kubeconfig", () -> d.resolve("kubeconfig").toString());
            r.add("unstuck.clusters." + alias + ".cloud-properties", () -> d.resolve("cloud.properties").toString());
            List<String> roles = approverRoles.getOrDefault(alias, List.of("sre"));
            for (int i = 0; i < roles.size(); i++) {
                String role = roles.get(i);
                r.add("unstuck.clusters." + alias + ".approver-roles[" + i + "]", () -> role);
            }
            List<FakeRole> discord = discordApprovers.getOrDefault(alias, roles.stream()
                    .map(name -> guild().roleNamed(name).orElseThrow()).toList());
            for (int i = 0; i < discord.size(); i++) {
                String id = discord.get(i).id();
                r.add("unstuck.discord.approver-roles." + alias + "[" + i + "]", () -> id);
            }
        });
    }

    Sandbox sandbox(String alias) {
        return sandboxes.get(alias);
    }

    @Override
    public void close() {
        if (fake != null) {
            fake.close();
        }
        sandboxes.values().forEach(Sandbox::close);
        jdaLog.uninstall();
    }
}
