package hearth.assistant;

import hearth.live.Outbox;
import hearth.live.Topics;
import java.util.ArrayList;
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
        Outbox.publish(handle, orgId, conversationEvents(orgId, userId, conversationId));
    }

    /** Messages were added, finished, or removed (a regenerated answer). */
    public static void messagesChanged(Handle handle, long orgId, long conversationId, Collection<Long> messageIds) {
        Outbox.publish(handle, orgId, List.of(messagesEvent(orgId, conversationId, messageIds)));
    }

    /** Messages were added (a question and its answer, a hand-off's line), which moves their conversation to the top. */
    public static void messagesAdded(Handle handle, long orgId, long userId, long conversationId, Collection<Long> messageIds) {
        var events = new ArrayList<Outbox.Event>(3);
        events.add(messagesEvent(orgId, conversationId, messageIds));
        events.addAll(conversationEvents(orgId, userId, conversationId));
        Outbox.publish(handle, orgId, events);
    }

    private static Outbox.Event messagesEvent(long orgId, long conversationId, Collection<Long> messageIds) {
        return new Outbox.Event(Topics.conversation(orgId, conversationId), "message.changed", Outbox.ids(messageIds));
    }

    private static List<Outbox.Event> conversationEvents(long orgId, long userId, long conversationId) {
        var payload = Outbox.ids(List.of(conversationId));
        return List.of(new Outbox.Event(Topics.assistant(orgId, userId), "conversation.changed", payload),
                new Outbox.Event(Topics.conversation(orgId, conversationId), "conversation.changed", payload));
    }
}
