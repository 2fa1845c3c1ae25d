package dev.unstuck.chat.discord.fake;

/** A text channel of the fake guild; {@code parentId} is set only for threads started from a message. */
public record FakeChannel(String id, String name, String parentId) {
    public FakeChannel(String id, String name) {
        this(id, name, null);
    }

    public boolean isThread() {
        return parentId != null;
    }
}
