package dev.unstuck.chain;

import java.util.List;

/**
 * The cause chains of one namespace at one moment, link by link: recorded in the remediation's history right after
 * the diagnosis (the picture of what was broken), and read again live for the picture of now.
 *
 * @param terminatingSince   when the namespace's deletion began (its deletionTimestamp, ISO-8601), null if not deleting
 * @param alsoBlocked        other namespaces being deleted whose discovery fails on the same group/versions
 * @param cloudController    null when the cluster shows no cloud-controller-manager configuration
 */
public record ChainSnapshot(String namespace, String terminatingSince, List<CauseChain> chains,
                            List<String> alsoBlocked, CloudControllerSettings cloudController) {
    public ChainSnapshot {
        chains = List.copyOf(chains);
        alsoBlocked = alsoBlocked == null ? List.of() : List.copyOf(alsoBlocked);
    }

    /** The APIServices the chains follow, in order. */
    public List<String> apiServices() {
        return chains.stream().map(CauseChain::apiService).filter(a -> a != null).toList();
    }
}
