package dev.unstuck.chain;

/** The objects a stuck namespace's cause chain runs through, in the order the chain is drawn. */
public enum LinkKind {
    NAMESPACE,
    APISERVICE,
    SERVICE,
    POD,
    NODE,
    ROUTE,
    CLOUD_CONTROLLER
}
