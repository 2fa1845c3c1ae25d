package dev.unstuck.config;

import java.util.List;

/** Who may approve repairs on one cluster, and whether a requester may approve their own request. */
public record ApprovalRules(List<String> approverRoles, boolean fourEyes) {
    public ApprovalRules {
        approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
    }
}
