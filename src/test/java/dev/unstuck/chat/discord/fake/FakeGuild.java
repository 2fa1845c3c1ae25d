package dev.unstuck.chat.discord.fake;

import java.util.List;
import java.util.Optional;

/**
 * The one guild the fake serves. Ids are fixed so that a failing test prints the same snowflakes every run.
 * The {@code @everyone} role is not listed: the fake adds it with the guild's id, as Discord does.
 */
public record FakeGuild(String id, String name, List<FakeChannel> channels, List<FakeRole> roles, List<FakeMember> members) {
    public FakeGuild {
        channels = List.copyOf(channels);
        roles = List.copyOf(roles);
        members = List.copyOf(members);
    }

    /** Guild "unstuck-test": #oncall and #random; roles oncall and sre; alice (oncall), bob (sre), carol (none). */
    public static FakeGuild defaults() {
        FakeRole oncall = new FakeRole("1200000000000000011", "oncall");
        FakeRole sre = new FakeRole("1200000000000000012", "sre");
        return new FakeGuild("1200000000000000001", "unstuck-test",
                List.of(new FakeChannel("1200000000000000101", "oncall"),
                        new FakeChannel("1200000000000000102", "random")),
                List.of(oncall, sre),
                List.of(new FakeMember("1200000000000001001", "alice", List.of(oncall.id())),
                        new FakeMember("1200000000000001002", "bob", List.of(sre.id())),
                        new FakeMember("1200000000000001003", "carol", List.of())));
    }

    public Optional<FakeChannel> channelNamed(String channelName) {
        return channels.stream().filter(c -> c.name().equals(channelName)).findFirst();
    }

    public Optional<FakeRole> roleNamed(String roleName) {
        return roles.stream().filter(r -> r.name().equals(roleName)).findFirst();
    }

    public Optional<FakeMember> memberNamed(String username) {
        return members.stream().filter(m -> m.username().equals(username)).findFirst();
    }
}
