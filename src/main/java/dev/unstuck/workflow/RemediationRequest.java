package dev.unstuck.workflow;

import dev.unstuck.chat.ChatUser;
import dev.unstuck.chat.Conversation;

/**
 * The start of a remediation: which namespace of which registered cluster, who asked, where to talk.
 *
 * @param nodeRoutes true for a repair of the cluster's node routes as the route audit found them (the plan is the
 *                   audit's; {@code namespace} is then {@link RemediationIds#NODE_ROUTES}); null or false for a
 *                   namespace, as in every run recorded before this existed
 */
public record RemediationRequest(String cluster, String namespace, ChatUser requester, Conversation conversation,
                                 RemediationPolicy policy, Boolean nodeRoutes) {

    public RemediationRequest(String cluster, String namespace, ChatUser requester, Conversation conversation,
                              RemediationPolicy policy) {
        this(cluster, namespace, requester, conversation, policy, null);
    }

    public boolean repairsNodeRoutes() {
        return Boolean.TRUE.equals(nodeRoutes);
    }
}
