package dev.unstuck.ha;

/** What the holder of a Lease does, and stops doing the moment it may no longer hold it. */
public interface LeaderDuty {

    /** Starts the duty; throwing gives the Lease up so that another replica can try. */
    void take() throws Exception;

    /** Stops the duty at once; called again when already stopped, and while {@link #take()} may still run. */
    void giveUp();
}
