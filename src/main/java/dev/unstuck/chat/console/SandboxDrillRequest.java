package dev.unstuck.chat.console;

/**
 * The body of a sandbox drill ({@code POST /api/sandbox/...}); each drill reads what it needs: the route table and
 * destination of an entry, or a namespace. {@code user} says who drills only with {@code auth: none}.
 */
public record SandboxDrillRequest(String user, String routeTableId, String destination, String namespace) {
}
