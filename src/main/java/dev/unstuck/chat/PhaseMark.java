package dev.unstuck.chat;

/** How a checklist line is drawn. */
public enum PhaseMark {
    DONE, ACTIVE, PENDING, FAILED, SKIPPED
}
