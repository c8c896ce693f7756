package hearth.live;

import org.jdbi.v3.core.Handle;

/**
 * Writes events into the caller's transaction, so an event exists exactly when its change was
 * committed. The NOTIFY carries the transaction's id and nothing else; PostgreSQL folds identical
 * notifications of one transaction into one, so a bulk change of a thousand rows wakes each node once.
 */
public final class Outbox {
    public static final String CHANNEL = "hearth_events";

    private Outbox() {}

    /** Records an event whose payload is a JSON object (ids, never HTML). */
    public static void publish(Handle handle, Long orgId, String topic, String type, String payloadJson) {
        handle.createQuery("""
                        with event as (
                            insert into events (org_id, topic, type, payload)
                            values (:org, :topic, :type, cast(:payload as jsonb))
                            returning id)
                        select pg_notify('%s', pg_current_xact_id()::text)::text from event
                        """.formatted(CHANNEL))
                .bind("org", orgId).bind("topic", topic).bind("type", type).bind("payload", payloadJson)
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
