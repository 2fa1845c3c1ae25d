package dev.unstuck.chat.discord.fake;

import java.util.List;

public record FakeMember(String userId, String username, List<String> roleIds) {
    public FakeMember {
        roleIds = List.copyOf(roleIds);
    }
}
