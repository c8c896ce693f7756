package hearth.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ephemeral signals — typing, presence changes — that are not worth a row: local subscribers get
 * them at once, other nodes through NOTIFY payloads, several signals to a payload. A signal lost
 * while a node reconnects is fine: typing expires by itself and presence is re-read on the next change.
 */
public final class Signals implements AutoCloseable {
    static final String CHANNEL = "hearth_signals";
    /** PostgreSQL refuses payloads from 8,000 bytes on. */
    private static final int MAX_PAYLOAD = 7_000;
    /** How long the first signal of a NOTIFY waits for others to join it. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Logger log = LoggerFactory.getLogger(Signals.class);
    private static final ObjectMapper json = new ObjectMapper();

    private final Jdbi jdbi;
    private final Hub hub;
    private final String node;
    private final String ownPayloadStart;
    private final LinkedBlockingQueue<ObjectNode> outgoing = new LinkedBlockingQueue<>(100_000);
    private final Thread sender;
    private volatile Presence presence;
    private volatile boolean running = true;
    /**
     * Whether another node may be listening. Alone, a node keeps its signals (an answer's tokens, 50 a
     * second per stream) to itself: NOTIFYing them would make PostgreSQL queue, and this node's own
     * listener read back, payloads nobody else reads.
     */
    private volatile boolean othersAlive = true;
    private volatile long lastOtherHeardNanos;

    Signals(Jdbi jdbi, Hub hub, String node) {
        this.jdbi = jdbi;
        this.hub = hub;
        this.node = node;
        this.ownPayloadStart = "{\"n\":\"" + node + "\",\"s\":[";
        this.sender = new Thread(this::sendLoop, "hearth-live-signals");
        sender.setDaemon(true);
        sender.start();
    }

    void presence(Presence presence) {
        this.presence = presence;
    }

    /** Sends a signal to everyone on {@code topic}, on every node. */
    public void send(String topic, String kind, String body) {
        deliver(topic, kind, body);
        if (!othersAlive) {
            return;
        }
        var signal = json.createObjectNode().put("t", topic).put("k", kind).put("b", body);
        if (!outgoing.offer(signal)) {
            log.warn("Signal queue full; dropping a {} signal", kind);
        }
    }

    /** A NOTIFY payload from any node; our own were delivered when sent. */
    void receive(String payload) {
        // Ours come back to us as well, as many as every other node's: not worth reading.
        if (payload.startsWith(ownPayloadStart)) {
            return;
        }
        try {
            var message = json.readTree(payload);
            if (node.equals(message.path("n").asText())) {
                return;
            }
            // Another node spoke (a starting one says hello): signals go out again from now on.
            lastOtherHeardNanos = System.nanoTime();
            othersAlive = true;
            for (var signal : message.path("s")) {
                deliver(signal.path("t").asText(), signal.path("k").asText(), signal.path("b").asText());
            }
        } catch (Exception e) {
            log.warn("Ignoring an unreadable signal: {}", e.getMessage());
        }
    }

    /**
     * What the nodes table said, read at {@code readAt} (nanoTime): no other node alive means signals stay
     * local, unless another node was heard from since the read began (it started meanwhile).
     */
    void othersAlive(boolean alive, long readAt) {
        othersAlive = alive || lastOtherHeardNanos - readAt > 0;
    }

    /** A starting node says it is here, so the nodes that were alone send their signals out again. */
    void hello() {
        notifyNodes(ownPayloadStart + "]}");
    }

    /** One NOTIFY on the signals channel, now: the sender's batches, a hello, a closing node's goodbyes. */
    void notifyNodes(String payload) {
        jdbi.useHandle(handle -> handle.createQuery("select pg_notify(:channel, :payload)::text")
                .bind("channel", CHANNEL).bind("payload", payload).mapTo(String.class).list());
    }

    private void deliver(String topic, String kind, String body) {
        if ("presence".equals(kind)) {
            var presence = this.presence;
            if (presence != null) {
                presence.changed(topic);
            }
        } else if (hub.hasSubscribers(topic)) {
            hub.signal(topic, Sse.frame(0, kind, topic, body));
        }
    }

    /**
     * Sends what is queued as few NOTIFYs as fit: each is a transaction taking PostgreSQL's
     * cluster-wide notify lock, so a burst (an answer's tokens, 50 a second for each of a hundred
     * streams) waits up to {@link #LINGER_NANOS} to share one payload instead of committing per signal.
     */
    private void sendLoop() {
        ObjectNode carry = null;
        while (running) {
            try {
                var first = carry != null ? carry : outgoing.poll(1, TimeUnit.SECONDS);
                carry = null;
                if (first == null) {
                    continue;
                }
                var batch = new ArrayList<String>();
                var firstJson = first.toString();
                batch.add(firstJson);
                int size = bytes(firstJson);
                var lingerUntil = System.nanoTime() + LINGER_NANOS;
                while (size < MAX_PAYLOAD / 2) {
                    var wait = lingerUntil - System.nanoTime();
                    var next = wait > 0 ? outgoing.poll(wait, TimeUnit.NANOSECONDS) : outgoing.poll();
                    if (next == null) {
                        break;
                    }
                    var nextJson = next.toString();
                    if (size + bytes(nextJson) >= MAX_PAYLOAD - 100) {
                        carry = next;
                        break;
                    }
                    batch.add(nextJson);
                    size += bytes(nextJson) + 1;
                }
                var payload = ownPayloadStart + String.join(",", batch) + "]}";
                if (bytes(payload) >= 8_000) {
                    log.warn("Dropping a signal too large for NOTIFY ({} bytes)", bytes(payload));
                    continue;
                }
                notifyNodes(payload);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Could not send live signals to other nodes: {}", e.getMessage());
            }
        }
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
    }
}
