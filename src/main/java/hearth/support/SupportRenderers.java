package hearth.support;

import hearth.live.Event;
import hearth.live.EventRenderer;
import hearth.live.RowRenderer;
import hearth.live.Topics;
import hearth.web.Views;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The support desk's live fragments, each the partial its pages render: a message appended to a
 * thread, a row of the member's list with their unread badge, and a conversation's state (status
 * and read receipts). Every fragment is the same for everyone on its topic.
 */
public final class SupportRenderers {
    /** The member-visible topics' prefixes (see {@link Topics#supportConversation}, {@link Topics#supportUser}). */
    private static final String CONVERSATION_TOPIC = "support:conversation:";
    private static final String USER_TOPIC = "support:user:";

    private SupportRenderers() {}

    /** {@code supportmessage.*}: the messages named, with their attachments and the conversation's receipts. */
    public static EventRenderer messages(Views views) {
        return (handle, events) -> {
            var messages = byId(handle.attach(SupportMessages.class).findAll(allIds(events)), SupportMessage::id);
            var conversations = byId(handle.attach(SupportConversations.class).findAll(
                    messages.values().stream().map(SupportMessage::conversationId).distinct().toArray(Long[]::new)),
                    SupportConversation::id);
            var attachments = handle.attach(SupportAttachments.class).ofMessages(messages.keySet().toArray(Long[]::new))
                    .stream().collect(Collectors.groupingBy(SupportAttachment::messageId));
            var html = new HashMap<Long, String>();
            for (var event : events) {
                var out = new StringBuilder();
                for (var id : RowRenderer.ids(event.payload())) {
                    var message = messages.get(id);
                    // Notes are only ever published on the staff topic; this keeps one that reached the
                    // member's topic by mistake from being shown to the member.
                    if (message == null || (message.internal() && event.topic().startsWith(CONVERSATION_TOPIC))) {
                        continue;
                    }
                    var conversation = conversations.get(message.conversationId());
                    out.append(views.render("support/message.jte", Map.of("message", message,
                            "attachments", attachments.getOrDefault(id, List.of()),
                            "userReadThrough", conversation == null ? 0L : conversation.userReadThrough(),
                            "agentReadThrough", conversation == null ? 0L : conversation.agentReadThrough()))).append('\n');
                }
                if (!out.isEmpty()) {
                    html.put(event.id(), out.toString());
                }
            }
            return html;
        };
    }

    /**
     * {@code supportlist.*} on a member's topic: their rows of the conversations named (a removal for
     * one they may no longer see) and their unread badge.
     */
    public static EventRenderer list(Views views) {
        return (handle, events) -> {
            var html = new HashMap<Long, String>();
            for (var event : events) {
                if (!event.topic().startsWith(USER_TOPIC)) {
                    continue;
                }
                var userId = Long.parseLong(event.topic().substring(USER_TOPIC.length()));
                var ids = RowRenderer.ids(event.payload());
                var conversations = handle.attach(SupportConversations.class);
                var out = new StringBuilder();
                var shown = new LinkedHashSet<Long>();
                for (var conversation : conversations.findAllForUser(userId, ids)) {
                    shown.add(conversation.id());
                    out.append(views.render("support/row.jte", Map.of("conversation", conversation))).append('\n');
                }
                var gone = Arrays.stream(ids).filter(id -> !shown.contains(id)).map(id -> "support-conversation-" + id)
                        .collect(Collectors.joining(" "));
                if (!gone.isEmpty()) {
                    out.append("<template data-live-remove=\"").append(gone).append("\"></template>\n");
                }
                out.append(views.render("support/badge.jte", Map.of("userId", userId, "unread", SupportConversations.unreadForUser(handle, userId))));
                html.put(event.id(), out.toString());
            }
            return html;
        };
    }

    /** {@code supportconversation.*}: the status and receipts of the conversations named. */
    public static EventRenderer state(Views views) {
        return (handle, events) -> {
            var conversations = byId(handle.attach(SupportConversations.class).findAll(allIds(events)), SupportConversation::id);
            var html = new HashMap<Long, String>();
            for (var event : events) {
                var out = new StringBuilder();
                for (var id : RowRenderer.ids(event.payload())) {
                    var conversation = conversations.get(id);
                    if (conversation != null) {
                        out.append(views.render("support/state.jte", Map.of("conversation", conversation, "csrf", "")));
                    }
                }
                if (!out.isEmpty()) {
                    html.put(event.id(), out.toString());
                }
            }
            return html;
        };
    }

    private static Long[] allIds(List<Event> events) {
        Set<Long> ids = new LinkedHashSet<>();
        for (var event : events) {
            ids.addAll(List.of(RowRenderer.ids(event.payload())));
        }
        return ids.toArray(Long[]::new);
    }

    private static <T> Map<Long, T> byId(List<T> items, Function<T, Long> id) {
        var map = new HashMap<Long, T>();
        items.forEach(item -> map.put(id.apply(item), item));
        return map;
    }
}
