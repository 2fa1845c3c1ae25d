package dev.unstuck.watch;

import dev.unstuck.chat.ChatMessage;

/**
 * A card as the console's Alerts view lists it: the incident's id and kind, since when, whether resolved, and the
 * message every chat adapter draws.
 *
 * @param resolvedAtMillis 0 while open
 */
public record AlertCard(String id, String cluster, IncidentKind kind, String title, long sinceMillis,
                        long resolvedAtMillis, ChatMessage message) {
}
