package hearth.live;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.LoggerFactory;

/**
 * One open event stream. Writes never block: a frame goes out at once when no write is in flight,
 * otherwise it waits in a small queue that goes out, all at once, when Jetty says the write before
 * it is done. The queue holds at most {@link #MAX_QUEUED_BYTES}; what happens past that depends on
 * whose the backlog is (see {@link #admit}).
 */
public final class Stream {
    static final int MAX_QUEUED_BYTES = 256 * 1024;
    /**
     * The biggest frame a stream is sent: a bigger one (a change of hundreds of rows) becomes a resync
     * of its topic (see {@link Hub#frames}). Half the queue, so that it always fits once the queue is
     * half empty, which is what a replay waits for.
     */
    static final int MAX_FRAME_BYTES = MAX_QUEUED_BYTES / 2;
    /** Live events held during a replay, at most; more, and they give way to a resync (see {@link #queueEvent}). */
    static final int MAX_HELD = 10_000;

    private final UUID id = UUID.randomUUID();
    private final long userId;
    /** The session it was opened with ({@link Access#sessionKey}), and when that session was looked up ({@link System#nanoTime}). */
    private final long sessionKey;
    private final long authorizedAt;
    private final Set<String> topics;
    private Response response;
    /** The request's own callback: completed once, when the stream closes, which ends the response. */
    private Callback done;
    private final Callback written = new Written();
    private Runnable onClose = () -> {};

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>(2);
    private int queuedBytes;
    /** A write is in flight; nothing else may be written until {@link Written} hears how it went. */
    private boolean writing;
    /** Frames were queued by {@link #queueEvent} and a {@link #flush} is on its way. */
    private boolean flushPending;
    private boolean open = true;
    /**
     * A burst gave way to a resync (see {@link #admit}): the rest of it is skipped, and the next write
     * sends the resync, with the id of the newest event it stands for.
     */
    private boolean reloading;
    /**
     * The latest list of who is here, by topic, for the topics that show one. A resync stands for the
     * events it skipped, and the reload shows them; but it skips presence frames too, and no reload
     * shows presence (the page renders it empty, for the stream to fill). So it is sent again after
     * every resync. The frames are the node's, shared by every stream of the topic.
     */
    private Map<String, byte[]> presence;
    /** Until the missed events are sent, live ones wait here so the order stays the order of ids. */
    private List<Object[]> held = new ArrayList<>();
    /**
     * The newest live event that arrived during the replay once more than {@link #MAX_HELD} had: those
     * were let go, and a resync up to it follows the replay. 0 while none was.
     */
    private long heldThrough;
    private long lastEventId;

    private final Executor closer;

    Stream(long userId, long sessionKey, long authorizedAt, Set<String> topics, Executor closer) {
        this.userId = userId;
        this.sessionKey = sessionKey;
        this.authorizedAt = authorizedAt;
        this.topics = topics;
        this.closer = closer;
    }

    public UUID id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    long sessionKey() {
        return sessionKey;
    }

    long authorizedAt() {
        return authorizedAt;
    }

    public Set<String> topics() {
        return topics;
    }

    void onClose(Runnable onClose) {
        this.onClose = onClose;
    }

    /** Starts writing to {@code response}; {@code done} is the request's callback, completed when the stream closes. */
    synchronized void attach(Response response, Callback done) {
        this.response = response;
        this.done = done;
    }

    /** An outbox event: sent once, in id order, never twice (replay and live delivery may overlap). */
    synchronized void sendEvent(long eventId, byte[] frame) {
        queueEvent(eventId, frame);
        flush();
    }

    /**
     * Queues an outbox event without writing it yet (see {@link #flush}); true when the stream was not
     * already waiting for a flush, so the caller flushes each stream once for a batch of events.
     */
    synchronized boolean queueEvent(long eventId, byte[] frame) {
        if (held != null) {
            if (heldThrough > 0 || held.size() == MAX_HELD) {
                // Live events outran the replay (a burst while a slow client catches up): rather than
                // hold them all, or drop the stream to replay them again, the page reloads its regions
                // after the replay, as after a burst (see #admit). Signals held so far go too.
                held.clear();
                heldThrough = Math.max(heldThrough, eventId);
                return false;
            }
            held.add(new Object[] {eventId, frame});
            return false;
        }
        if (eventId <= lastEventId) {
            return false;
        }
        lastEventId = eventId;
        if (!admit(frame) && !reloading) {
            return false;
        }
        var first = !flushPending;
        flushPending = true;
        return first;
    }

    /** Writes what {@link #queueEvent} queued, as far as the socket takes it now. */
    synchronized void flush() {
        flushPending = false;
        drain();
    }

    /** Something without an id (typing, presence, heartbeat): order against events does not matter. */
    synchronized void sendSignal(byte[] frame) {
        if (held != null) {
            held.add(new Object[] {0L, frame});
            return;
        }
        enqueue(frame);
    }

    /** Who is on a topic now: a signal, which also stays for a resync to send again. */
    synchronized void sendPresence(String topic, byte[] frame) {
        if (presence == null) {
            presence = new HashMap<>(2);
        }
        presence.put(topic, frame);
        sendSignal(frame);
    }

    /** A missed event read from the table; live ones keep waiting until {@link #replayed}. */
    synchronized void sendMissed(long eventId, byte[] frame) {
        if (eventId > lastEventId) {
            lastEventId = eventId;
            enqueue(frame);
        }
    }

    /**
     * Ends the replay at the cursor it ran to; then whatever arrived live meanwhile that is newer, or a
     * resync that stands for it when that was more than {@link #MAX_HELD} events.
     */
    synchronized void replayed(long cursor) {
        var live = held;
        held = null;
        lastEventId = Math.max(lastEventId, cursor);
        if (heldThrough > 0) {
            lastEventId = Math.max(lastEventId, heldThrough);
            heldThrough = 0;
            reloading = true;
            drain();
            return;
        }
        for (var event : live) {
            var eventId = (long) event[0];
            if (eventId == 0) {
                enqueue((byte[]) event[1]);
            } else {
                sendEvent(eventId, (byte[]) event[1]);
            }
        }
    }

    /** Bytes waiting for the socket: a replay waits while the client is slow instead of overflowing it. */
    synchronized int queuedBytes() {
        return queuedBytes;
    }

    synchronized void send(byte[] frame) {
        enqueue(frame);
    }

    private void enqueue(byte[] frame) {
        if (admit(frame) || reloading) {
            drain();
        }
    }

    /**
     * Queues {@code frame} if there is room; false when it is not queued. Past {@link #MAX_QUEUED_BYTES}
     * the backlog is one of two kinds:
     * <ul>
     * <li>the client's, when a write is still in flight: it is not reading (or reads too slowly), so it
     *     is dropped; it reconnects and replays, instead of making the node hold its backlog or
     *     slowing everyone else's delivery;</li>
     * <li>the server's, when nothing is in flight: one batch brought more than the queue holds (the
     *     feed catching up after a pause, or hundreds of changes committed together). The client has
     *     done nothing wrong, and dropping it would drop every stream of the topic at once. So the
     *     queued frames give way to a resync of the stream's topics (the page reloads those regions,
     *     which shows all of it) and the rest of the batch is skipped until that resync is written.
     *     It carries the id of the newest event skipped, so a reconnect resumes after it, and a tab
     *     that joins the browser's shared stream later knows it was not sent as a fragment.</li>
     * </ul>
     */
    private boolean admit(byte[] frame) {
        if (!open || reloading) {
            return false;
        }
        if (queuedBytes + frame.length <= MAX_QUEUED_BYTES) {
            queuedBytes += frame.length;
            queue.add(frame);
            return true;
        }
        if (writing) {
            close();
            return false;
        }
        queue.clear();
        queuedBytes = 0;
        reloading = true;
        return false;
    }

    private void drain() {
        if (response == null || !open || writing) {
            return;
        }
        if (reloading) {
            for (var topic : topics) {
                var resync = Sse.resync(lastEventId, topic);
                queue.add(resync);
                queuedBytes += resync.length;
            }
            if (presence != null) {
                for (var frame : presence.values()) {
                    queue.add(frame);
                    queuedBytes += frame.length;
                }
            }
        }
        if (queue.isEmpty()) {
            return;
        }
        byte[] chunk;
        if (queue.size() == 1) {
            chunk = queue.poll();
        } else {
            chunk = new byte[queuedBytes];
            int at = 0;
            for (var frame : queue) {
                System.arraycopy(frame, 0, chunk, at, frame.length);
                at += frame.length;
            }
            queue.clear();
        }
        queuedBytes -= chunk.length;
        writing = true;
        reloading = false;
        // Straight to the connection: Jetty writes it now if the socket takes it, or when it can.
        response.write(false, ByteBuffer.wrap(chunk), written);
    }

    /** Hears how a write went: the next one may start, or the client is gone. */
    private final class Written implements Callback {
        @Override
        public void succeeded() {
            synchronized (Stream.this) {
                writing = false;
                drain();
            }
        }

        @Override
        public void failed(Throwable failure) {
            synchronized (Stream.this) {
                writing = false;
            }
            close(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING; // a lock held briefly and maybe the next write: fine on the selector
        }
    }

    /** Drops the stream; the browser reconnects and replays what it missed. */
    public void close() {
        close(null);
    }

    /**
     * Drops the stream because of {@code failure} (null: the server's own choice). The response ends
     * cleanly only when nothing is being written; otherwise the connection is cut, since a client that
     * cannot take a frame would not take the end of the response either.
     */
    void close(Throwable failure) {
        boolean cut;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            queue.clear();
            queuedBytes = 0;
            cut = failure != null || writing;
        }
        // Never inside a delivery: unregistering and presence take locks and queries.
        closer.execute(() -> {
            try {
                onClose.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Stream.class).warn("Could not clean up after stream {}: {}", id, e.getMessage());
            } finally {
                end(cut ? (failure != null ? failure : new EofException("Stream dropped")) : null);
            }
        });
    }

    private void end(Throwable failure) {
        Callback request;
        synchronized (this) {
            request = done;
            done = null;
        }
        if (request == null) {
            return;
        }
        if (failure == null) {
            request.succeeded();
        } else {
            request.failed(failure);
        }
    }

    public synchronized boolean isOpen() {
        return open;
    }
}
