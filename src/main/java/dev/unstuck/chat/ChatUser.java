package dev.unstuck.chat;

import java.util.List;

/**
 * A person in a conversation as one chat adapter knows them.
 *
 * @param id     the adapter's own account, prefixed with the adapter ({@code discord:<user id>},
 *               {@code console:<login>}), so accounts of two adapters never collide
 * @param roles  what the adapter's authority says this account holds (configured console roles, Discord roles mapped
 *               by id); the cluster's approver roles are looked for here
 * @param person the name under {@code unstuck.people} this account is linked to, or null. Four-eyes and the approver
 *               check compare {@link #identity()}, so one person stays one person whichever adapter they click in.
 */
public record ChatUser(String id, String displayName, List<String> roles, String person) {
    public ChatUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** An account linked to nobody (histories recorded before people existed read as this too). */
    public ChatUser(String id, String displayName, List<String> roles) {
        this(id, displayName, roles, null);
    }

    /** Who this is for four-eyes and for rate limits: the linked person, else the adapter account. */
    public String identity() {
        return person == null ? id : "person:" + person;
    }
}
