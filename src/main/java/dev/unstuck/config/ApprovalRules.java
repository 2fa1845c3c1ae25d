package dev.unstuck.config;

import java.util.List;

/**
 * Who may approve repairs on one cluster, and whether a requester may approve their own request.
 *
 * @param approverRoles roles (as each chat adapter's authority grants them) whose holders may approve
 * @param approvers     people, by their name under {@code unstuck.people}, who may approve whatever their roles
 */
public record ApprovalRules(List<String> approverRoles, boolean fourEyes, List<String> approvers) {
    public ApprovalRules {
        approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    public ApprovalRules(List<String> approverRoles, boolean fourEyes) {
        this(approverRoles, fourEyes, List.of());
    }
}
