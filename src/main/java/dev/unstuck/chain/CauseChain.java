package dev.unstuck.chain;

import java.util.List;

/**
 * The objects between a stuck namespace and the infrastructure for one APIService that blocks it, namespace first.
 *
 * @param apiService null for the chain of a namespace no APIService is blamed for (then it is the namespace alone)
 */
public record CauseChain(String apiService, List<ChainLink> links) {
    public CauseChain {
        links = List.copyOf(links);
    }
}
