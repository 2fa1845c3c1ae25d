package dev.unstuck.watch;

/** What an incident is about; its key is the cluster plus the APIService, the namespace, or the cluster's routes. */
public enum IncidentKind {
    /** An aggregated APIService not Available, with every namespace whose deletion it holds. */
    APISERVICE_UNAVAILABLE,
    /** A namespace stuck in Terminating that no unavailable APIService explains. */
    NAMESPACE_STUCK,
    /** Nodes whose VPC route is missing from the tables that must carry it (the route audit). */
    NODE_ROUTES_MISSING
}
