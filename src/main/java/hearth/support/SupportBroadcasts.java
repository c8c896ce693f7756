package hearth.support;

import hearth.live.Outbox;
import hearth.live.Topics;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The support desk's named broadcasts. Internal notes go only to the staff topic of a conversation;
 * everything a member may see goes to the member's topics too.
 */
public final class SupportBroadcasts {
    private SupportBroadcasts() {}

    /** A message was added: to the thread (members see all but notes), the member's list and the queue. */
    public static void messageAdded(Handle handle, SupportConversation conversation, long messageId, boolean internal) {
        var thread = internal ? Topics.supportStaff(conversation.id()) : Topics.supportConversation(conversation.id());
        var events = new ArrayList<Outbox.Event>(4);
        events.add(new Outbox.Event(thread, "supportmessage.added", Outbox.ids(List.of(messageId))));
        events.addAll(conversationEvents(conversation));
        Outbox.publish(handle, conversation.orgId(), events);
    }

    /**
     * Status, assignment, priority, tags, read receipts or its last message changed: the queue, the
     * member's list and badge, and the conversation's own page (its status and receipts, which both
     * sides may see) hear of it.
     */
    public static void conversationChanged(Handle handle, SupportConversation conversation) {
        Outbox.publish(handle, conversation.orgId(), conversationEvents(conversation));
    }

    private static List<Outbox.Event> conversationEvents(SupportConversation conversation) {
        var ids = Outbox.ids(List.of(conversation.id()));
        return List.of(new Outbox.Event(Topics.SUPPORT_QUEUE, "supportqueue.changed", ids),
                new Outbox.Event(Topics.supportUser(conversation.userId()), "supportlist.changed", ids),
                new Outbox.Event(Topics.supportConversation(conversation.id()), "supportconversation.changed", ids));
    }
}
