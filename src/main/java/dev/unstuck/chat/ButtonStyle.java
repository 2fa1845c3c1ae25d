package dev.unstuck.chat;

public enum ButtonStyle {
    PRIMARY, SUCCESS, DANGER, SECONDARY
}
