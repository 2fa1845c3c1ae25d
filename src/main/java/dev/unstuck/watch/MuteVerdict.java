package dev.unstuck.watch;

public enum MuteVerdict {
    MUTED, UNMUTED, NOT_AN_APPROVER
}
