package dev.unstuck.chat.discord;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.config.ClusterRegistry;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a Discord member is to Unstuck: a {@link ChatUser} whose roles are what the cluster's approval rules look
 * for. A member of a Discord role listed under {@code unstuck.discord.approver-roles.<cluster>} (by id or name)
 * gets that cluster's approver roles; with {@code role-names-as-roles} the Discord role names count as they are.
 */
public final class DiscordUsers {
    private final DiscordProperties props;
    private final ClusterRegistry clusters;

    public DiscordUsers(DiscordProperties props, ClusterRegistry clusters) {
        this.props = props;
        this.clusters = clusters;
    }

    public ChatUser of(Member member, String cluster) {
        Set<String> roles = new LinkedHashSet<>();
        List<Role> memberRoles = member.getRoles();
        if (props.roleNamesAsRoles()) {
            memberRoles.forEach(r -> roles.add(r.getName()));
        }
        List<String> mapped = props.approverRoles().getOrDefault(cluster, List.of());
        if (clusters.contains(cluster)
                && memberRoles.stream().anyMatch(r -> mapped.contains(r.getId()) || mapped.contains(r.getName()))) {
            roles.addAll(clusters.rules(cluster).approverRoles());
        }
        // Prefixed so that a Discord id can never equal a user id of another chat adapter in four-eyes checks.
        return new ChatUser("discord:" + member.getId(), member.getEffectiveName(), List.copyOf(roles));
    }
}
