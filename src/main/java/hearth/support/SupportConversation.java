package hearth.support;

import java.time.Instant;

/**
 * A support conversation between a member (of {@code orgId}) and the support team. {@code mergedInto}
 * is set on a duplicate that was merged into another; {@code archivedAt} on one taken out of the queue.
 */
public record SupportConversation(long id, long orgId, String orgName, long userId, String userName, String userEmail,
                                  String subject, String status, String priority, String category, Long assigneeId,
                                  String assigneeName, Long mergedInto, Instant archivedAt, Long assistantConversationId,
                                  String handoffSummary, int messageCount, Instant lastMessageAt, String lastMessagePreview,
                                  long lastMessageId, long userReadThrough, long agentReadThrough, int unreadForUser,
                                  int unreadForAgents, Instant firstResponseAt, Instant closedAt, Instant createdAt) {

    public boolean closed() {
        return status.equals("closed");
    }

    /** "Open", "Pending", "In progress", "Closed". */
    public static String statusLabel(String status) {
        return switch (status) {
            case "open" -> "Open";
            case "pending" -> "Pending";
            case "in_progress" -> "In progress";
            case "closed" -> "Closed";
            default -> status;
        };
    }

    public String domId() {
        return "support-conversation-" + id;
    }
}
