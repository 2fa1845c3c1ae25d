package dev.unstuck.chat;

/**
 * The chat accounts of one person ({@code unstuck.people.<name>}); either may be absent.
 *
 * @param discord their Discord user id (a snowflake, digits only)
 * @param console their web console login (a name under {@code unstuck.console.users})
 */
public record Person(String discord, String console) {
}
