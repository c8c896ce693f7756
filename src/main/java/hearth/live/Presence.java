package hearth.live;

import hearth.web.Views;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is on a page. Each open stream is a row (so closing one of two tabs keeps you here) tied to
 * its node (so a node that dies takes its rows with it); a change is signalled to every node,
 * which re-reads the list and pushes it to its own subscribers.
 */
public final class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    public record Person(long userId, String name, String state, Instant seenAt) {
        public String initials() {
            var parts = name.trim().split("\\s+");
            var first = parts[0].isEmpty() ? "?" : parts[0].substring(0, 1);
            return parts.length > 1 ? first + parts[parts.length - 1].charAt(0) : first;
        }
    }

    public record PresenceList(String domId, String topic, List<Person> people) {
        /** What a page renders: the stream fills it in as soon as it opens. */
        public static PresenceList empty(String topic) {
            return new PresenceList(Topics.domId("presence", topic), topic, List.of());
        }
    }

    private final Jdbi jdbi;
    private final Views views;
    private final Hub hub;
    private final Signals signals;
    private final UUID node;
    private final ScheduledExecutorService timer;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    Presence(Jdbi jdbi, Views views, Hub hub, Signals signals, UUID node, ScheduledExecutorService timer) {
        this.jdbi = jdbi;
        this.views = views;
        this.hub = hub;
        this.signals = signals;
        this.node = node;
        this.timer = timer;
    }

    /** The list as a page renders it. */
    public PresenceList list(String topic) {
        return jdbi.withHandle(handle -> list(handle, topic));
    }

    static PresenceList list(Handle handle, String topic) {
        var people = handle.createQuery("""
                        select u.id, u.name,
                               case when bool_or(not c.away) then 'online'
                                    when count(c.connection_id) > 0 then 'away' else 'offline' end as state,
                               s.seen_at
                        from presence_seen s
                        join users u on u.id = s.user_id
                        left join presence_connections c on c.topic = s.topic and c.user_id = s.user_id
                        where s.topic = :topic
                          -- Only who may still be on the page: a member of the topic's org, or on a topic of
                          -- no org (the support console's), one of the support team.
                          and case when s.org_id is null then u.platform_role in ('SUPPORT_AGENT', 'PLATFORM_ADMIN')
                                   else exists (select 1 from memberships m where m.user_id = s.user_id and m.org_id = s.org_id) end
                        group by u.id, u.name, s.seen_at
                        having count(c.connection_id) > 0 or s.seen_at > now() - interval '7 days'
                        order by case when bool_or(not c.away) then 0 when count(c.connection_id) > 0 then 1 else 2 end,
                                 s.seen_at desc, u.name
                        limit 24
                        """)
                .bind("topic", topic)
                .map((rs, ctx) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
        return new PresenceList(Topics.domId("presence", topic), topic, people);
    }

    /** A stream opened on a page with people: the user is here. {@code orgId}: null on a topic of no org. */
    void join(Stream stream, String topic, Long orgId) {
        jdbi.useTransaction(handle -> {
            // The node row may be gone (a long pause made the others take us for dead): come back.
            handle.createUpdate("insert into live_nodes (id) values (:node) on conflict (id) do update set seen_at = now()")
                    .bind("node", node).execute();
            handle.createUpdate("""
                            insert into presence_connections (connection_id, node_id, topic, org_id, user_id)
                            values (:connection, :node, :topic, :org, :user) on conflict do nothing
                            """)
                    .bind("connection", stream.id()).bind("node", node).bind("topic", topic)
                    .bind("org", orgId).bind("user", stream.userId()).execute();
            handle.createUpdate("""
                            insert into presence_seen (topic, user_id, org_id) values (:topic, :user, :org)
                            on conflict (topic, user_id) do update set seen_at = now()
                            """)
                    .bind("topic", topic).bind("user", stream.userId()).bind("org", orgId).execute();
        });
        signals.send(topic, "presence", "");
    }

    /** The stream closed: one connection fewer; the person stays if another tab is still open. */
    void leave(Stream stream) {
        gone(stream.id(), stream.userId());
    }

    /**
     * The tabs showing {@code topics} were all hidden or idle for five minutes (or one came back); no
     * topics: every topic of the stream. Only the stream's own user may say so, and only of the topics
     * the stream was authorized for when it opened (its rows), so naming any other topic changes nothing.
     */
    public boolean away(UUID connection, long userId, boolean away, List<String> topics) {
        var changed = jdbi.withHandle(handle -> handle.createQuery("""
                        update presence_connections set away = :away
                        where connection_id = :connection and user_id = :user and away <> :away
                          and (cardinality(:topics) = 0 or topic = any(:topics))
                        returning topic
                        """)
                .bind("away", away).bind("connection", connection).bind("user", userId)
                .bindArray("topics", String.class, topics)
                .mapTo(String.class).list());
        changed.forEach(topic -> signals.send(topic, "presence", ""));
        return !changed.isEmpty() || jdbi.withHandle(handle -> handle.createQuery(
                        "select exists (select 1 from presence_connections where connection_id = :connection and user_id = :user)")
                .bind("connection", connection).bind("user", userId).mapTo(Boolean.class).one());
    }

    /** The browser's last tab on this stream closed: the person leaves now, not at the next heartbeat. */
    public boolean gone(UUID connection, long userId) {
        var topics = jdbi.inTransaction(handle -> {
            var left = handle.createQuery("""
                            delete from presence_connections where connection_id = :connection and user_id = :user
                            returning topic""")
                    .bind("connection", connection).bind("user", userId).mapTo(String.class).list();
            handle.createUpdate("update presence_seen set seen_at = now() where user_id = :user and topic = any(:topics)")
                    .bind("user", userId).bindArray("topics", String.class, left).execute();
            return left;
        });
        topics.forEach(topic -> signals.send(topic, "presence", ""));
        return !topics.isEmpty();
    }

    /** Re-renders a topic's list for the people here, once for a burst of changes. */
    void changed(String topic) {
        if (!hub.hasSubscribers(topic) || !pending.add(topic)) {
            return;
        }
        timer.schedule(() -> {
            pending.remove(topic);
            try {
                var html = views.render("live/presence.jte", Map.of("presence", list(topic)));
                hub.presence(topic, Sse.frame(0, "presence", topic, html));
            } catch (RuntimeException e) {
                log.warn("Could not render presence of {}", topic, e);
            }
        }, 30, TimeUnit.MILLISECONDS);
    }
}
