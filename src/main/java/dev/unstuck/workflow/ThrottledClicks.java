package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;

/**
 * Clicks of one person on this remediation's buttons refused because they were past the click rate limit, counted
 * over one window and recorded as one history event instead of one per click.
 *
 * @param decision what the first of them asked for
 * @param limit    the limit they were over, as a person reads it ("10 clicks per 1 min")
 */
public record ThrottledClicks(ChatUser user, Decision decision, int clicks, String limit) {
}
