package dev.unstuck.workflow;

import dev.unstuck.chain.ChainQuery;
import dev.unstuck.chain.ChainSnapshot;
import dev.unstuck.config.ClusterRegistry;
import dev.unstuck.sandbox.Sandbox;
import io.temporal.spring.boot.ActivityImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Reads the cause chain of a registered cluster for the history. */
@Component
@ActivityImpl(taskQueues = RemediationIds.TASK_QUEUE)
public class ChainActivitiesImpl implements ChainActivities {
    private final ClusterChains chains;

    @Autowired
    public ChainActivitiesImpl(ClusterRegistry clusters, ObjectProvider<Sandbox> sandbox) {
        this(new ClusterChains(clusters, sandbox.getIfAvailable()));
    }

    public ChainActivitiesImpl(ClusterChains chains) {
        this.chains = chains;
    }

    @Override
    public ChainSnapshot recordChain(ChainQuery query) {
        return chains.read(query);
    }
}
