package dev.unstuck.diagnosis;

/** The verdict on a namespace, before any cause is looked for. */
public enum NamespaceState {
    /** No namespace by that name: nothing to do. */
    NOT_FOUND,
    /** Not being deleted. */
    ACTIVE,
    /** Being deleted for less than the stuck threshold: cleanup may simply still be running. */
    TERMINATING,
    /** Being deleted for longer than the stuck threshold. */
    STUCK
}
