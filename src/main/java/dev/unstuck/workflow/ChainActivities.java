package dev.unstuck.workflow;

import dev.unstuck.chain.ChainQuery;
import dev.unstuck.chain.ChainSnapshot;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Records the cause chain link by link right after a diagnosis, so the history keeps what was broken. */
@ActivityInterface
public interface ChainActivities {
    /** Read-only: safe to retry any number of times. */
    @ActivityMethod(name = "RecordChain")
    ChainSnapshot recordChain(ChainQuery query);
}
