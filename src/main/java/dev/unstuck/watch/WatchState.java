package dev.unstuck.watch;

import java.util.List;

/**
 * What a watcher carries from one run to the next when it continues as new: its incidents with their posted
 * message ids (so nothing is posted twice after a restart), the mute, recent card times (the card rate) and when
 * the route audit last ran.
 *
 * @param epoch        drawn once when the watcher first starts: card buttons carry it, so a button of a watcher
 *                     started over (its history lost) is never taken for one of the new watcher's incidents
 * @param lastNumber   the last incident number given out
 * @param shownAtMillis when the cards of the last hour were first shown
 * @param auditedNodes the nodes' fingerprint at the last route audit
 */
public record WatchState(String epoch, int lastNumber, List<Incident> incidents, Mute mute, List<Long> shownAtMillis,
                         long lastAuditMillis, String auditedNodes) {
    public WatchState {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        mute = mute == null ? Mute.NONE : mute;
        shownAtMillis = shownAtMillis == null ? List.of() : List.copyOf(shownAtMillis);
    }

    static WatchState fresh(String epoch) {
        return new WatchState(epoch, 0, List.of(), Mute.NONE, List.of(), 0, null);
    }
}
