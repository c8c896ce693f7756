package hearth.assistant;

import hearth.live.Outbox;
import hearth.live.Topics;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The assistant's named broadcasts, called in the transaction of the change. Conversations are
 * personal, so they go to their user's topic and to the conversation's own, never to the org's.
 */
public final class AssistantBroadcasts {
    private AssistantBroadcasts() {}

    /** Created, renamed, deleted, or a new message moved it to the top of the list. */
    public static void conversationChanged(Handle handle, long orgId, long userId, long conversationId) {
        var payload = Outbox.ids(List.of(conversationId));
        Outbox.publish(handle, orgId, Topics.assistant(orgId, userId), "conversation.changed", payload);
        Outbox.publish(handle, orgId, Topics.conversation(orgId, conversationId), "conversation.changed", payload);
    }

    /** Messages were added, finished, or removed (a regenerated answer). */
    public static void messagesChanged(Handle handle, long orgId, long conversationId, Collection<Long> messageIds) {
        Outbox.publish(handle, orgId, Topics.conversation(orgId, conversationId), "message.changed", Outbox.ids(messageIds));
    }
}
