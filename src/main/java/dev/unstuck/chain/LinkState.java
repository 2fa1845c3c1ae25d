package dev.unstuck.chain;

/** The colour of a link: green, red, or grey when nothing tells. Stored in histories: never rename a constant. */
public enum LinkState {
    OK,
    BROKEN,
    UNKNOWN
}
