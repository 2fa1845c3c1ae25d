package dev.unstuck.chat.console;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/alerts/mute}: {@code for} as people type it (30m, 2h, 1d; 0 lifts the mute). {@code user} says
 * who asks only with {@code auth: none}; signed in, the signed-in user asks.
 */
public record AlertMuteRequest(String user, String cluster, @JsonProperty("for") String duration) {
}
