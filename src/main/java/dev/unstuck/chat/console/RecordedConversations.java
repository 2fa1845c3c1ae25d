package dev.unstuck.chat.console;

import dev.unstuck.chat.ChatBinding;
import dev.unstuck.workflow.RemediationIds;
import dev.unstuck.workflow.RemediationMessages;
import dev.unstuck.workflow.RemediationService;
import dev.unstuck.workflow.RemediationStatus;
import dev.unstuck.workflow.RemediationSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Console conversations read back from the remediations that recorded them. A conversation id names its remediation
 * ({@link ConsoleChatPort#open}), and the remediation lists the conversation among its own: only then is it shown,
 * so an id made up by someone leads nowhere.
 */
public final class RecordedConversations {
    private static final Logger log = LoggerFactory.getLogger(RecordedConversations.class);

    private final RemediationService service;

    public RecordedConversations(RemediationService service) {
        this.service = service;
    }

    public Optional<RestoredConversation> restore(String workflowId, String conversationId) {
        try {
            Optional<ChatBinding> recorded = service.chats(workflowId).stream()
                    .filter(b -> b.conversation().adapter().equals(ConsoleChatPort.ADAPTER)
                            && b.conversation().conversationId().equals(conversationId))
                    .findFirst();
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
            RemediationStatus status = service.status(workflowId);
            RemediationSummary summary = recorded.get().hasPosted(RemediationIds.summaryPostKey(workflowId))
                    ? service.summary(workflowId) : null;
            return Optional.of(new RestoredConversation(workflowId, RemediationMessages.live(status),
                    summary == null ? null : RemediationMessages.summary(summary), recorded.get().posted()));
        } catch (RuntimeException e) {
            // Temporal unreachable, or a run recorded before conversations were: the conversation stays unknown.
            log.debug("console conversation {} not restored from {}: {}", conversationId, workflowId, e.toString());
            return Optional.empty();
        }
    }
}
