package hearth.support;

import hearth.live.Event;
import hearth.live.EventRenderer;
import hearth.web.Views;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Renders "supportqueue.changed" for the console: each conversation's queue row (replaced in place
 * by live.js) and one pulse, a hidden element that names the newest member message of each. The
 * console's script toasts, rings and notifies for pulse messages newer than its page. The fragment is
 * the same for every agent; support.js decides per tab what is new to it.
 */
public final class ConsoleQueueRenderer implements EventRenderer {
    /** One conversation in a pulse: its newest message from the member, 0 when it has none. */
    public record Pulse(long conversationId, String subject, String member, long newestUserMessageId, int messages,
                        String preview) {}

    private final Views views;

    public ConsoleQueueRenderer(Views views) {
        this.views = views;
    }

    @Override
    public Map<Long, String> render(Handle handle, List<Event> events) {
        var idsByEvent = new HashMap<Long, Long[]>();
        var all = new LinkedHashSet<Long>();
        for (var event : events) {
            var ids = hearth.live.RowRenderer.ids(event.payload());
            idsByEvent.put(event.id(), ids);
            all.addAll(List.of(ids));
        }
        if (all.isEmpty()) {
            return Map.of();
        }
        var ids = all.toArray(Long[]::new);
        var rows = QueueRow.find(handle, ids);
        var newest = new HashMap<Long, Long>();
        handle.createQuery("""
                        select conversation_id, max(id) from support_messages
                        where conversation_id = any(:ids) and kind = 'user' group by conversation_id
                        """)
                .bind("ids", ids)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                .forEach(entry -> newest.put(entry.getKey(), entry.getValue()));
        var html = new HashMap<Long, String>();
        var rendered = new HashMap<Long, String>();
        for (var event : events) {
            var out = new StringBuilder();
            var pulses = new ArrayList<Pulse>();
            for (var id : idsByEvent.get(event.id())) {
                var row = rows.get(id);
                if (row == null) {
                    out.append("<template data-live-remove=\"support-conversation-").append(id).append("\"></template>\n");
                    continue;
                }
                out.append(rendered.computeIfAbsent(id, key -> views.render("support/console/row.jte", Map.of("row", row))))
                        .append('\n');
                pulses.add(new Pulse(row.id(), row.subject(), row.userName(), newest.getOrDefault(id, 0L), row.messageCount(),
                        row.lastMessagePreview()));
            }
            out.append(views.render("support/console/pulse.jte", java.util.Collections.singletonMap("pulses", (Object) pulses)));
            html.put(event.id(), out.toString());
        }
        return html;
    }
}
