package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.People;
import dev.unstuck.config.ClusterRegistry;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a Discord member is to Unstuck: a {@link ChatUser} linked to its person ({@code unstuck.people}), whose roles
 * are what the cluster's approval rules look for. A member of a Discord role whose id is listed under
 * {@code unstuck.discord.approver-roles.<cluster>} gets that cluster's approver roles. Role names count only with
 * {@code role-names-as-roles}: a name is whatever whoever may manage roles typed.
 */
public final class DiscordUsers {
    private final DiscordProperties props;
    private final ClusterRegistry clusters;
    private final People people;

    public DiscordUsers(DiscordProperties props, ClusterRegistry clusters, People people) {
        this.props = props;
        this.clusters = clusters;
        this.people = people;
    }

    public ChatUser of(Member member, String cluster) {
        Set<String> roles = new LinkedHashSet<>();
        List<Role> memberRoles = member.getRoles();
        boolean names = props.roleNamesAsRoles();
        if (names) {
            memberRoles.forEach(r -> roles.add(r.getName()));
        }
        List<String> mapped = props.approverRoles().getOrDefault(cluster, List.of());
        if (clusters.contains(cluster) && memberRoles.stream()
                .anyMatch(r -> mapped.contains(r.getId()) || names && mapped.contains(r.getName()))) {
            roles.addAll(clusters.rules(cluster).approverRoles());
        }
        return people.link(new ChatUser(account(member.getUser()), member.getEffectiveName(), List.copyOf(roles)));
    }

    /** The account alone, without roles: enough to count clicks and to name who was refused. */
    public ChatUser of(User user) {
        return people.link(new ChatUser(account(user), user.getEffectiveName(), List.of()));
    }

    // Prefixed so that a Discord id can never equal an account of another chat adapter.
    private static String account(User user) {
        return People.DISCORD + ":" + user.getId();
    }
}
