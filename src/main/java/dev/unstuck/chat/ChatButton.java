package dev.unstuck.chat;

/**
 * A button; {@code id} comes back with the click (at most 100 characters, Discord's limit for custom ids), e.g.
 * {@code approve|<workflowId>|<planFingerprint>}.
 */
public record ChatButton(String id, String label, ButtonStyle style, boolean disabled) {
    public ChatButton {
        if (id == null || id.isEmpty() || id.length() > 100) {
            throw new IllegalArgumentException("button id must be 1-100 characters: " + id);
        }
    }
}
