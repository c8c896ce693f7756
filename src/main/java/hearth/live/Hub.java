package hearth.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's open streams by topic, and the delivery of events to them. Each event is rendered
 * once and its encoded bytes are written to every local subscriber of its topic.
 */
public final class Hub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** A stream that missed more than this many events reloads its regions instead of replaying them. */
    static final int MAX_REPLAY = 5_000;

    private final Jdbi jdbi;
    private final Executor closer;
    private final Map<String, EventRenderer> renderers = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> byTopic = new ConcurrentHashMap<>();
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    /** Every event up to here has been handed to the streams registered at the time. Guarded by this. */
    private long cursor;
    private volatile long publishedCursor;

    public Hub(Jdbi jdbi, Executor closer) {
        this.jdbi = jdbi;
        this.closer = closer;
    }

    /** Renders events whose type starts with {@code typePrefix + "."}. */
    public void renderer(String typePrefix, EventRenderer renderer) {
        renderers.put(typePrefix, renderer);
    }

    /** The newest event delivered here; a page rendered now resumes its stream from it. */
    public long cursor() {
        return publishedCursor;
    }

    synchronized void start(long cursor) {
        this.cursor = cursor;
        this.publishedCursor = cursor;
    }

    Stream newStream(long userId, Set<String> topics) {
        return new Stream(userId, topics, closer);
    }

    /** Adds a stream; events after the returned cursor reach it live, those up to it come from replay. */
    synchronized long register(Stream stream) {
        streams.add(stream);
        for (var topic : stream.topics()) {
            byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(stream);
        }
        return cursor;
    }

    void unregister(Stream stream) {
        streams.remove(stream);
        for (var topic : stream.topics()) {
            byTopic.computeIfPresent(topic, (t, set) -> {
                set.remove(stream);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public boolean hasSubscribers(String topic) {
        return byTopic.containsKey(topic);
    }

    public int streamCount() {
        return streams.size();
    }

    Collection<Stream> streams() {
        return streams;
    }

    /** Delivers a batch of events in id order. Only events someone here listens to are rendered. */
    void deliver(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        var wanted = new ArrayList<Event>();
        for (var event : events) {
            if (hasSubscribers(event.topic())) {
                wanted.add(event);
            }
        }
        var frames = wanted.isEmpty() ? new HashMap<Long, byte[]>() : frames(wanted);
        synchronized (this) {
            for (var event : events) {
                var subscribers = byTopic.get(event.topic());
                if (subscribers != null) {
                    var frame = frames.get(event.id());
                    if (frame == null && !frames.containsKey(event.id())) {
                        // Someone subscribed between rendering and now: render it for them.
                        frame = frames(List.of(event)).get(event.id());
                    }
                    if (frame != null) {
                        for (var stream : subscribers) {
                            stream.sendEvent(event.id(), frame);
                        }
                    }
                }
                cursor = event.id();
            }
            publishedCursor = cursor;
        }
    }

    /** Moves past events that could not be delivered. */
    synchronized void skip(List<Event> events) {
        cursor = Math.max(cursor, events.get(events.size() - 1).id());
        publishedCursor = cursor;
    }

    /** An ephemeral signal for the local subscribers of a topic. */
    void signal(String topic, byte[] frame) {
        var subscribers = byTopic.get(topic);
        if (subscribers != null) {
            for (var stream : subscribers) {
                stream.sendSignal(frame);
            }
        }
    }

    /** The frames of events, rendered by their features; an event without a renderer is skipped. */
    Map<Long, byte[]> frames(List<Event> events) {
        var byRenderer = new HashMap<String, List<Event>>();
        for (var event : events) {
            var dot = event.type().indexOf('.');
            var prefix = dot < 0 ? event.type() : event.type().substring(0, dot);
            byRenderer.computeIfAbsent(prefix, p -> new ArrayList<>()).add(event);
        }
        var frames = new HashMap<Long, byte[]>();
        try (var handle = jdbi.open()) {
            for (var entry : byRenderer.entrySet()) {
                var renderer = renderers.get(entry.getKey());
                if (renderer == null) {
                    log.warn("No renderer for live events of type {}", entry.getKey());
                    continue;
                }
                var html = renderer.render(handle, entry.getValue());
                for (var event : entry.getValue()) {
                    var fragment = html.get(event.id());
                    frames.put(event.id(), fragment == null ? null : Sse.frame(event.id(), "fragment", event.topic(), fragment));
                }
            }
        }
        return frames;
    }

    /**
     * Sends a new stream what it missed, from the table: events after {@code since} up to the cursor
     * it was registered at. Older than the retention window, or too many: a resync for each topic,
     * and the page reloads those regions.
     */
    void replay(Stream stream, long since, long registeredAt) {
        var missed = new ArrayList<Object[]>();
        if (since >= 0 && since < registeredAt) {
            try (var handle = jdbi.open()) {
                var events = since < prunedThrough(handle) ? null : missedEvents(handle, stream.topics(), since, registeredAt);
                if (events == null || events.size() > MAX_REPLAY) {
                    for (var topic : stream.topics()) {
                        missed.add(new Object[] {0L, Sse.frame(0, "resync", topic, "")});
                    }
                } else if (!events.isEmpty()) {
                    var frames = frames(events);
                    for (var event : events) {
                        var frame = frames.get(event.id());
                        if (frame != null) {
                            missed.add(new Object[] {event.id(), frame});
                        }
                    }
                }
            }
        }
        stream.replayed(registeredAt, missed);
    }

    private static long prunedThrough(Handle handle) {
        return handle.createQuery("select coalesce((select pruned_through from events_horizon), 0)").mapTo(Long.class).one();
    }

    private static List<Event> missedEvents(Handle handle, Set<String> topics, long since, long until) {
        return handle.createQuery("""
                        select id, org_id, topic, type, payload::text from events
                        where topic = any(:topics) and id > :since and id <= :until
                        order by id limit :limit
                        """)
                .bindArray("topics", String.class, topics)
                .bind("since", since).bind("until", until).bind("limit", MAX_REPLAY + 1)
                .map((rs, ctx) -> new Event(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /** Sends a comment to every stream, so proxies keep them open and dead clients are found. */
    void heartbeat() {
        for (var stream : streams) {
            stream.send(Sse.HEARTBEAT);
        }
    }

    /** Closes every stream (shutdown); browsers reconnect to another node. */
    void closeAll() {
        for (var stream : List.copyOf(streams)) {
            stream.close();
        }
    }
}
