package dev.unstuck.watch;

/** A card's button started or joined a remediation: the card names it, and its end may explain the resolution. */
public record RemediationStarted(int number, RemediationLink link) {
}
