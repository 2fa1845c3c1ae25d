package dev.unstuck.chat.console;

import dev.unstuck.chain.CauseChain;
import dev.unstuck.chain.ChainQuery;
import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.diagnosis.Diagnosis;
import dev.unstuck.remediation.PlanStep;
import dev.unstuck.remediation.StepResult;
import dev.unstuck.remediation.RemediationAction;
import dev.unstuck.workflow.ClusterChains;
import dev.unstuck.workflow.RemediationStatus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cause chain of a remediation as it stands NOW, object for object the chain recorded at diagnosis time: the
 * APIServices to follow come from that recorded chain (or, for runs recorded before it existed, from the diagnosis's
 * structured targets), their state is read fresh on every call, so the picture turns green as the world recovers.
 */
public final class CauseChainReader {
    private final ClusterChains chains;

    public CauseChainReader(ClusterChains chains) {
        this.chains = chains;
    }

    /** @param then the chain recorded at diagnosis time, null when the run recorded none */
    public List<List<LinkView>> now(RemediationStatus status, ChainSnapshot then) {
        return now(status.cluster(), status.namespace(), status.diagnosis(), status.steps(), then);
    }

    /** @param diagnosis the diagnosis the run acted on (null before the first one), {@code steps} what it executed */
    public List<List<LinkView>> now(String cluster, String namespace, Diagnosis diagnosis, List<StepResult> steps,
                                    ChainSnapshot then) {
        List<PlanStep> plan = diagnosis == null ? List.of() : diagnosis.plan();
        return views(chains.read(new ChainQuery(cluster, namespace, followed(diagnosis, then), plan, steps,
                Set.of())));
    }

    static List<List<LinkView>> views(ChainSnapshot snapshot) {
        return snapshot == null ? List.of() : snapshot.chains().stream()
                .map(CauseChain::links).map(links -> links.stream().map(LinkView::of).toList()).toList();
    }

    private static List<String> followed(Diagnosis diagnosis, ChainSnapshot then) {
        if (then != null && !then.apiServices().isEmpty()) {
            return then.apiServices();
        }
        Set<String> names = new LinkedHashSet<>();
        if (diagnosis != null) {
            names.addAll(diagnosis.verifyApiServices());
            diagnosis.plan().stream().filter(s -> s.action() == RemediationAction.DELETE_APISERVICE)
                    .map(s -> s.parameter("apiService")).forEach(names::add);
        }
        return List.copyOf(names);
    }
}
