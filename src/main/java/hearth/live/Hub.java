package hearth.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
    static final int MAX_REPLAY = 100_000;
    private static final int REPLAY_PAGE = 500;

    private final Jdbi jdbi;
    private final Executor closer;
    /** Fan-outs to at least this many streams are written by several threads. */
    static final int PARALLEL_WRITES_FROM = 512;
    private static final int WRITE_SLICE = 128;
    private final ExecutorService[] writers;
    private final Map<String, EventRenderer> renderers = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> byTopic = new ConcurrentHashMap<>();
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    /** Revocations delivered in the last minute, oldest first (see {@link #register}). Guarded by this. */
    private final ArrayDeque<Access.Revocation> revocations = new ArrayDeque<>();
    private static final long REMEMBER_REVOCATIONS_NANOS = 60_000_000_000L;
    /** Every event up to here has been handed to the streams registered at the time. Guarded by this. */
    private long cursor;
    private volatile long publishedCursor;

    public Hub(Jdbi jdbi, Executor closer) {
        this.jdbi = jdbi;
        this.closer = closer;
        this.writers = new ExecutorService[Math.max(0, Math.min(3, Runtime.getRuntime().availableProcessors() - 1))];
        for (int i = 0; i < writers.length; i++) {
            var name = "hearth-live-write-" + (i + 1);
            writers[i] = Executors.newSingleThreadExecutor(runnable -> {
                var thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
        }
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

    /** A stream of {@code userId}, authorized at {@code authorizedAt} ({@link System#nanoTime}) for the session with {@code sessionKey}. */
    Stream newStream(long userId, long sessionKey, long authorizedAt, Set<String> topics) {
        return new Stream(userId, sessionKey, authorizedAt, topics, closer);
    }

    /**
     * Adds a stream; events after the returned cursor reach it live, those up to it come from replay.
     * A stream authorized before a revocation arrived here but registered after it would have missed
     * it: it is closed at once, and opens again to be authorized anew.
     */
    synchronized long register(Stream stream) {
        streams.add(stream);
        for (var topic : stream.topics()) {
            byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(stream);
        }
        forgetOldRevocations();
        for (var revocation : revocations) {
            if (revocation.deliveredAt() - stream.authorizedAt() >= 0 && revocation.ends(stream)) {
                stream.close();
                break;
            }
        }
        return cursor;
    }

    /** Closes the streams a revocation takes back, and remembers it a while for streams being authorized now. Under this. */
    private void revoke(Access.Revocation revocation) {
        for (var stream : streams) {
            if (revocation.ends(stream)) {
                stream.close();
            }
        }
        forgetOldRevocations();
        revocations.add(revocation);
    }

    /** A stream is authorized and registered within a request; a minute is far longer than that takes. Under this. */
    private void forgetOldRevocations() {
        var now = System.nanoTime();
        while (!revocations.isEmpty() && now - revocations.peekFirst().deliveredAt() > REMEMBER_REVOCATIONS_NANOS) {
            revocations.removeFirst();
        }
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
        // Frames are queued under the lock (so ids stay in order against register) and written after
        // it, once per stream for the whole batch: one socket write however many events a stream got,
        // and a connecting browser is not held up by a fan-out to thousands of others.
        var touched = new ArrayList<Stream>();
        synchronized (this) {
            for (var event : events) {
                if (Access.Revocation.isOne(event)) {
                    // In id order with the events around it: nothing after it reaches a stream it ends.
                    revoke(Access.Revocation.of(event, System.nanoTime()));
                }
                var subscribers = byTopic.get(event.topic());
                if (subscribers != null) {
                    var frame = frames.get(event.id());
                    if (frame == null && !frames.containsKey(event.id())) {
                        // Someone subscribed between rendering and now: render it for them.
                        frame = frames(List.of(event)).get(event.id());
                    }
                    if (frame != null) {
                        for (var stream : subscribers) {
                            if (stream.queueEvent(event.id(), frame)) {
                                touched.add(stream);
                            }
                        }
                    }
                }
                cursor = event.id();
            }
            publishedCursor = cursor;
        }
        write(touched);
    }

    /**
     * Writes the queued frames of many streams. A big fan-out is shared with the writer threads (one per
     * further core), so the last of 10,000 subscribers does not wait for 9,999 socket writes on one
     * thread; it returns when all are written, so a slow fan-out holds back the next batch, not memory.
     */
    private void write(List<Stream> touched) {
        if (touched.size() < PARALLEL_WRITES_FROM || writers.length == 0) {
            for (var stream : touched) {
                stream.flush();
            }
            return;
        }
        var next = new AtomicInteger();
        Runnable share = () -> {
            int from;
            while ((from = next.getAndAdd(WRITE_SLICE)) < touched.size()) {
                for (int i = from, to = Math.min(from + WRITE_SLICE, touched.size()); i < to; i++) {
                    touched.get(i).flush();
                }
            }
        };
        var helping = new CompletableFuture<?>[writers.length];
        for (int i = 0; i < writers.length; i++) {
            helping[i] = CompletableFuture.runAsync(share, writers[i]);
        }
        share.run();
        CompletableFuture.allOf(helping).join();
    }

    /** Moves past events that could not be delivered. */
    synchronized void skip(List<Event> events) {
        cursor = Math.max(cursor, events.get(events.size() - 1).id());
        publishedCursor = cursor;
    }

    /** An ephemeral signal for the local subscribers of a topic. */
    void signal(String topic, byte[] frame) {
        toSubscribers(topic, stream -> stream.sendSignal(frame));
    }

    /** Who is on a topic now, for its local subscribers (see {@link Stream#sendPresence}). */
    void presence(String topic, byte[] frame) {
        toSubscribers(topic, stream -> stream.sendPresence(topic, frame));
    }

    private void toSubscribers(String topic, Consumer<Stream> send) {
        var subscribers = byTopic.get(topic);
        if (subscribers != null) {
            for (var stream : subscribers) {
                send.accept(stream);
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
                    frames.put(event.id(), fragment == null ? null : frame(event, fragment));
                }
            }
        }
        return frames;
    }

    /**
     * The event's fragment as a frame, or, when that is more than a stream is sent at once (a change
     * of hundreds of rows), a resync of its topic with the event's id: every page reloads those
     * regions, one request each, instead of receiving hundreds of rows it mostly does not show.
     */
    private static byte[] frame(Event event, String fragment) {
        var frame = Sse.frame(event.id(), "fragment", event.topic(), fragment);
        return frame.length <= Stream.MAX_FRAME_BYTES ? frame : Sse.resync(event.id(), event.topic());
    }

    /**
     * Sends a new stream what it missed, from the table: events after {@code since} up to the cursor
     * it was registered at, a page at a time and only as fast as the client reads them. Older than
     * the retention window, or too many: a resync for each topic, and the page reloads those regions.
     */
    void replay(Stream stream, long since, long registeredAt) {
        if (since >= 0 && since < registeredAt) {
            try (var handle = jdbi.open()) {
                if (since < prunedThrough(handle) || countMissed(handle, stream.topics(), since, registeredAt) > MAX_REPLAY) {
                    for (var topic : stream.topics()) {
                        // It stands for everything up to where live delivery takes over (see Stream#admit).
                        stream.sendSignal(Sse.resync(registeredAt, topic));
                    }
                } else {
                    var from = since;
                    List<Event> page;
                    do {
                        page = missedEvents(handle, stream.topics(), from, registeredAt);
                        var frames = page.isEmpty() ? Map.<Long, byte[]>of() : frames(page);
                        for (var event : page) {
                            var frame = frames.get(event.id());
                            if (frame != null && !awaitRoom(stream)) {
                                return;
                            }
                            if (frame != null) {
                                stream.sendMissed(event.id(), frame);
                            }
                        }
                        if (!page.isEmpty()) {
                            from = page.get(page.size() - 1).id();
                        }
                    } while (page.size() == REPLAY_PAGE);
                }
            }
        }
        stream.replayed(registeredAt);
    }

    /** Waits while the client has a lot unread; false when it went away or stayed stuck for half a minute. */
    private static boolean awaitRoom(Stream stream) {
        var deadline = System.nanoTime() + 30_000_000_000L;
        while (stream.queuedBytes() > Stream.MAX_QUEUED_BYTES / 2) {
            if (!stream.isOpen() || System.nanoTime() > deadline) {
                stream.close();
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return stream.isOpen();
    }

    private static long countMissed(Handle handle, Set<String> topics, long since, long until) {
        return handle.createQuery("""
                        select count(*) from (select 1 from events
                            where topic = any(:topics) and id > :since and id <= :until limit :limit) missed
                        """)
                .bindArray("topics", String.class, topics)
                .bind("since", since).bind("until", until).bind("limit", MAX_REPLAY + 1)
                .mapTo(Long.class).one();
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
                .bind("since", since).bind("until", until).bind("limit", REPLAY_PAGE)
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
        for (var writer : writers) {
            writer.shutdown();
        }
    }
}
