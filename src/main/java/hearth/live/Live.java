package hearth.live;

import com.zaxxer.hikari.HikariDataSource;
import hearth.web.Views;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part of the live path: the LISTEN feed, the hub of open streams, signals and
 * presence, and the chores that keep them honest (heartbeats, dead nodes, pruning old events).
 */
public final class Live implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Live.class);
    /** A node that has not said it is alive for three heartbeats is dead, and its presences go. */
    private final long nodeTimeoutSeconds;
    static final String RETENTION = "24 hours";

    private final Jdbi jdbi;
    private final UUID node = UUID.randomUUID();
    private final Hub hub;
    private final Signals signals;
    private final Presence presence;
    private final EventFeed feed;
    private final ScheduledExecutorService timer;
    private final Thread feedThread;
    private final java.util.concurrent.ExecutorService closer;

    private Live(Jdbi jdbi, HikariDataSource dataSource, Views views, long heartbeatSeconds) {
        this.jdbi = jdbi;
        this.nodeTimeoutSeconds = 3 * heartbeatSeconds;
        this.timer = Executors.newScheduledThreadPool(1, runnable -> {
            var thread = new Thread(runnable, "hearth-live-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A few threads, not one per closing stream: when thousands of clients vanish together their
        // streams fail at the same heartbeat, and a cached pool would start a thread for each.
        this.closer = Executors.newFixedThreadPool(4, runnable -> {
            var thread = new Thread(runnable, "hearth-live-close");
            thread.setDaemon(true);
            return thread;
        });
        this.hub = new Hub(jdbi, closer);
        this.signals = new Signals(jdbi, hub, node.toString());
        this.presence = new Presence(jdbi, views, hub, signals, node, timer);
        signals.presence(presence);
        this.feed = new EventFeed(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword(),
                "hearth-live-" + node, hub, signals::receive);
        this.feedThread = new Thread(feed, "hearth-live-feed");
        feedThread.setDaemon(true);
    }

    /** {@code heartbeatSeconds}: how often every stream gets a comment (15 s; LIVE_HEARTBEAT_SECONDS). */
    public static Live start(Jdbi jdbi, HikariDataSource dataSource, Views views, long heartbeatSeconds) {
        var live = new Live(jdbi, dataSource, views, heartbeatSeconds);
        jdbi.useHandle(handle -> handle.createUpdate("insert into live_nodes (id) values (:id)").bind("id", live.node).execute());
        live.checkOthers();
        live.signals.hello();
        try {
            live.feed.start();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the live events table", e);
        }
        live.feedThread.start();
        live.timer.scheduleAtFixedRate(live.hub::heartbeat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
        live.timer.scheduleWithFixedDelay(live::nodeChores, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
        live.timer.scheduleWithFixedDelay(live::prune, 1, 60, TimeUnit.MINUTES);
        return live;
    }

    public Hub hub() {
        return hub;
    }

    public Signals signals() {
        return signals;
    }

    public Presence presence() {
        return presence;
    }

    public UUID node() {
        return node;
    }

    /** Says this node is alive and clears the presences of nodes that are not. */
    void nodeChores() {
        try {
            var topics = jdbi.inTransaction(handle -> {
                handle.createUpdate("""
                                insert into live_nodes (id) values (:id) on conflict (id) do update set seen_at = now()
                                """).bind("id", node).execute();
                var gone = handle.createQuery("""
                                select distinct c.topic from presence_connections c join live_nodes n on n.id = c.node_id
                                where n.seen_at < now() - make_interval(secs => :timeout)
                                """).bind("timeout", nodeTimeoutSeconds).mapTo(String.class).list();
                handle.createUpdate("delete from live_nodes where seen_at < now() - make_interval(secs => :timeout)")
                        .bind("timeout", nodeTimeoutSeconds).execute();
                return gone;
            });
            topics.forEach(topic -> signals.send(topic, "presence", ""));
            checkOthers();
        } catch (RuntimeException e) {
            log.warn("Live node chores failed: {}", e.getMessage());
        }
    }

    /** Whether another node is alive, so that signals need to leave this one (see Signals). */
    private void checkOthers() {
        var readAt = System.nanoTime();
        var others = jdbi.withHandle(handle -> handle.createQuery("""
                        select exists (select 1 from live_nodes where id <> :id and seen_at >= now() - make_interval(secs => :timeout))
                        """).bind("id", node).bind("timeout", nodeTimeoutSeconds).mapTo(Boolean.class).one());
        signals.othersAlive(others, readAt);
    }

    /** Deletes events older than the retention window and remembers how far, so older resumes resync. */
    void prune() {
        try {
            jdbi.useTransaction(handle -> handle.createUpdate("""
                            with pruned as (
                                delete from events where created_at < now() - cast(:retention as interval) returning id)
                            update events_horizon set pruned_through = greatest(pruned_through, (select max(id) from pruned))
                            where exists (select 1 from pruned)
                            """).bind("retention", RETENTION).execute());
        } catch (RuntimeException e) {
            log.warn("Could not prune old live events: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        feed.stop();
        timer.shutdownNow();
        hub.closeAll();
        closer.shutdown();
        try {
            // Let the closed streams finish their responses before the server and the pool stop.
            closer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signals.close();
        try {
            var topics = jdbi.inTransaction(handle -> {
                var mine = handle.createQuery("select distinct topic from presence_connections where node_id = :id")
                        .bind("id", node).mapTo(String.class).list();
                handle.createUpdate("delete from live_nodes where id = :id").bind("id", node).execute();
                return mine;
            });
            for (var topic : topics) {
                announcePresenceGone(topic);
            }
        } catch (RuntimeException e) {
            log.debug("Could not unregister live node {}: {}", node, e.getMessage());
        }
    }

    /** Signals directly: the signal sender is already closed. */
    private void announcePresenceGone(String topic) {
        signals.notifyNodes("{\"n\":\"" + node + "\",\"s\":[{\"t\":\"" + topic + "\",\"k\":\"presence\",\"b\":\"\"}]}");
    }
}
