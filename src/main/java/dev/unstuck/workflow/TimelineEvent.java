package dev.unstuck.workflow;

import java.time.Instant;

/** One readable line of a remediation's history: "10:02 decision bob: APPROVED (approved by bob)". */
public record TimelineEvent(Instant time, String kind, String actor, String summary) {
}
