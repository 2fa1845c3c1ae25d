package dev.unstuck.chat.discord.fake;

public record FakeRole(String id, String name) {
}
