package dev.unstuck.workflow;

/** What the clicker asks for. */
public enum Decision {
    APPROVE,
    REJECT
}
