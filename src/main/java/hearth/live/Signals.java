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
    private static final Logger log = LoggerFactory.getLogger(Signals.class);
    private static final ObjectMapper json = new ObjectMapper();

    private final Jdbi jdbi;
    private final Hub hub;
    private final String node;
    private final LinkedBlockingQueue<ObjectNode> outgoing = new LinkedBlockingQueue<>(100_000);
    private final Thread sender;
    private volatile Presence presence;
    private volatile boolean running = true;

    Signals(Jdbi jdbi, Hub hub, String node) {
        this.jdbi = jdbi;
        this.hub = hub;
        this.node = node;
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
        var signal = json.createObjectNode().put("t", topic).put("k", kind).put("b", body);
        if (!outgoing.offer(signal)) {
            log.warn("Signal queue full; dropping a {} signal", kind);
        }
    }

    /** A NOTIFY payload from any node; our own were delivered when sent. */
    void receive(String payload) {
        try {
            var message = json.readTree(payload);
            if (node.equals(message.path("n").asText())) {
                return;
            }
            for (var signal : message.path("s")) {
                deliver(signal.path("t").asText(), signal.path("k").asText(), signal.path("b").asText());
            }
        } catch (Exception e) {
            log.warn("Ignoring an unreadable signal: {}", e.getMessage());
        }
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

    private void sendLoop() {
        while (running) {
            try {
                var first = outgoing.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                var batch = new ArrayList<ObjectNode>();
                batch.add(first);
                int size = first.toString().length();
                ObjectNode next;
                while (size < MAX_PAYLOAD / 2 && (next = outgoing.peek()) != null
                        && size + next.toString().getBytes(StandardCharsets.UTF_8).length < MAX_PAYLOAD - 100) {
                    batch.add(outgoing.poll());
                    size += next.toString().getBytes(StandardCharsets.UTF_8).length;
                }
                var message = json.createObjectNode().put("n", node);
                var list = message.putArray("s");
                batch.forEach(list::add);
                var payload = message.toString();
                if (payload.getBytes(StandardCharsets.UTF_8).length >= 8_000) {
                    log.warn("Dropping a signal too large for NOTIFY ({} bytes)", payload.length());
                    continue;
                }
                jdbi.useHandle(handle -> handle.createQuery("select pg_notify(:channel, :payload)::text")
                        .bind("channel", CHANNEL).bind("payload", payload).mapTo(String.class).list());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Could not send live signals to other nodes: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
    }
}
