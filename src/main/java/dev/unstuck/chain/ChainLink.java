package dev.unstuck.chain;

/**
 * One object of the cause chain and its state, e.g. the APIService v1beta1.metrics.k8s.io, Available=False.
 *
 * @param detail what a person checks: the condition quoted, the CIDR and instance, the route entry id
 */
public record ChainLink(LinkKind kind, String name, LinkState state, String detail) {
    public boolean broken() {
        return state == LinkState.BROKEN;
    }
}
