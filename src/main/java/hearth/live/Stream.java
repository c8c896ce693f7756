package hearth.live;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * One open event stream. Writes never block: a frame goes out at once when the socket can take it,
 * otherwise it waits in a small queue that is flushed when Jetty says the socket is writable again.
 * A client that lets the queue grow past {@link #MAX_QUEUED_BYTES} is dropped; it reconnects and
 * replays, instead of making the node hold its backlog (or slowing everyone else's delivery).
 */
public final class Stream implements WriteListener, AsyncListener {
    static final int MAX_QUEUED_BYTES = 256 * 1024;

    private final UUID id = UUID.randomUUID();
    private final long userId;
    private final Set<String> topics;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private HttpOutput out;
    private Runnable onClose = () -> {};

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>(2);
    private int queuedBytes;
    /** Frames were queued by {@link #queueEvent} and a {@link #flush} is on its way. */
    private boolean flushPending;
    private boolean open = true;
    /** Until the missed events are sent, live ones wait here so the order stays the order of ids. */
    private List<Object[]> held = new ArrayList<>();
    private long lastEventId;

    private final java.util.concurrent.Executor closer;

    Stream(long userId, Set<String> topics, java.util.concurrent.Executor closer) {
        this.userId = userId;
        this.topics = topics;
        this.closer = closer;
    }

    public UUID id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    public Set<String> topics() {
        return topics;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    void onClose(Runnable onClose) {
        this.onClose = onClose;
    }

    /** Starts non-blocking writing; called once the request has gone asynchronous. */
    synchronized void attach(AsyncContext async, ServletOutputStream out) {
        // Jetty's own stream, for its write of a ByteBuffer: that goes to the socket at once. The servlet
        // API's write(byte[]) copies into a pooled buffer that a flush() then writes, two passes through
        // Jetty's state machine per frame, and every token of an answer and every delivery of a fan-out
        // is a frame.
        this.out = (HttpOutput) out;
        async.addListener(this);
        out.setWriteListener(this);
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
            held.add(new Object[] {eventId, frame});
            if (held.size() > 10_000) {
                close();
            }
            return false;
        }
        if (eventId <= lastEventId) {
            return false;
        }
        lastEventId = eventId;
        if (!open) {
            return false;
        }
        queuedBytes += frame.length;
        if (queuedBytes > MAX_QUEUED_BYTES) {
            close();
            return false;
        }
        queue.add(frame);
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

    /** A missed event read from the table; live ones keep waiting until {@link #replayed}. */
    synchronized void sendMissed(long eventId, byte[] frame) {
        if (eventId > lastEventId) {
            lastEventId = eventId;
            enqueue(frame);
        }
    }

    /** Ends the replay at the cursor it ran to; then whatever arrived live meanwhile that is newer. */
    synchronized void replayed(long cursor) {
        var live = held;
        held = null;
        lastEventId = Math.max(lastEventId, cursor);
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
        if (!open) {
            return;
        }
        queuedBytes += frame.length;
        if (queuedBytes > MAX_QUEUED_BYTES) {
            close();
            return;
        }
        queue.add(frame);
        drain();
    }

    private void drain() {
        if (out == null || !open) {
            return;
        }
        try {
            while (!queue.isEmpty()) {
                if (!out.isReady()) {
                    return; // onWritePossible comes back here
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
                out.write(ByteBuffer.wrap(chunk));
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
    }

    @Override
    public synchronized void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable failure) {
        close();
    }

    /** Drops the stream; the browser reconnects and replays what it missed. */
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            queue.clear();
            queuedBytes = 0;
        }
        // Never inside a delivery: unregistering and presence take locks and queries, and completing
        // the future lets Javalin finish the response (it completes the async context).
        closer.execute(() -> {
            try {
                onClose.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Stream.class).warn("Could not clean up after stream {}: {}", id, e.getMessage());
            } finally {
                closed.complete(null);
            }
        });
    }

    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
}
