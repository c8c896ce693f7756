package hearth.live;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writes events into the caller's transaction, so an event exists exactly when its change was
 * committed. The NOTIFY carries the transaction's id and nothing else; PostgreSQL folds identical
 * notifications of one transaction into one, so a bulk change of a thousand rows wakes each node once.
 */
public final class Outbox {
    public static final String CHANNEL = "hearth_events";

    private Outbox() {}

    /** One event: its topic, its type and its payload, a JSON object (ids, never HTML). */
    public record Event(String topic, String type, String payloadJson) {}

    private static final String INSERT = inserting("""
            select e.topic, e.type, cast(e.payload as jsonb), e.n
            from unnest(cast(:topics as text[]), cast(:types as text[]), cast(:payloads as text[]))
                 with ordinality as e(topic, type, payload, n)
            """);

    /**
     * One statement that inserts the events a query yields, for org {@code :org}, and notifies. The query's
     * columns are the topic, the type, the payload as jsonb and a number giving the events' order.
     */
    static String inserting(String events) {
        return """
                with event as (
                    insert into events (org_id, topic, type, payload)
                    select :org, new.topic, new.type, new.payload from (%s) as new(topic, type, payload, n)
                    order by new.n
                    returning id)
                select pg_notify('%s', pg_current_xact_id()::text)::text from event
                """.formatted(events, CHANNEL);
    }

    /** Records an event whose payload is a JSON object (ids, never HTML). */
    public static void publish(Handle handle, Long orgId, String topic, String type, String payloadJson) {
        publish(handle, orgId, List.of(new Event(topic, type, payloadJson)));
    }

    /**
     * Records a change's events in the order given, with one statement: a support reply has four and a
     * question three, and each had been a round trip of its own inside the change's transaction.
     */
    public static void publish(Handle handle, Long orgId, List<Event> events) {
        handle.createQuery(INSERT)
                .bind("org", orgId)
                .bind("topics", events.stream().map(Event::topic).toArray(String[]::new))
                .bind("types", events.stream().map(Event::type).toArray(String[]::new))
                .bind("payloads", events.stream().map(Event::payloadJson).toArray(String[]::new))
                .mapTo(String.class).list();
    }

    /** A payload naming the changed rows: {@code {"ids":[1,2,3]}}. */
    public static String ids(java.util.Collection<Long> ids) {
        var json = new StringBuilder(16 + ids.size() * 8).append("{\"ids\":[");
        var first = true;
        for (var id : ids) {
            if (!first) {
                json.append(',');
            }
            json.append(id.longValue());
            first = false;
        }
        return json.append("]}").toString();
    }
}
