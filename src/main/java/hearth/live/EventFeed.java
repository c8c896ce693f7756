package hearth.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one LISTEN connection. A notification (or a quiet second) makes it read the events
 * after its cursor in id order and hand them to the hub. When the connection drops it reconnects
 * and reads from where it stopped, so nothing committed meanwhile is missed.
 *
 * <p>Ids are handed out when rows are inserted but become visible when their transactions commit,
 * so id 7 can appear after id 8. A gap is therefore not skipped at once: the feed waits until every
 * transaction that was running when it saw the gap has ended (snapshot xmin has passed the xmax
 * seen then). Only then is a missing id known to be a rolled-back one.
 */
final class EventFeed implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
    private static final int BATCH = 1_000;

    private final String url;
    private final String user;
    private final String password;
    private final String applicationName;
    private final Hub hub;
    private final Consumer<String> signals;
    private volatile boolean running = true;
    private volatile Connection connection;
    private long cursor;
    /** The snapshot xmax when the current gap was first seen, or -1 when there is no gap. */
    private long gapXmax = -1;
    private long gapSince;
    private int failedDeliveries;

    EventFeed(String url, String user, String password, String applicationName, Hub hub, Consumer<String> signals) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.applicationName = applicationName;
        this.hub = hub;
        this.signals = signals;
    }

    /** Where a starting node begins: a few seconds back, so transactions still committing around now are not lost. */
    long start() throws SQLException {
        try (var c = connect(); var statement = c.createStatement();
             var rows = statement.executeQuery("""
                     select coalesce((select max(id) from events where created_at < now() - interval '10 seconds'),
                                     (select min(id) - 1 from events), 0)
                     """)) {
            rows.next();
            cursor = rows.getLong(1);
        }
        hub.start(cursor);
        return cursor;
    }

    @Override
    public void run() {
        long backoff = 100;
        while (running) {
            try (var c = connect()) {
                connection = c;
                try (var statement = c.createStatement()) {
                    statement.execute("listen " + Outbox.CHANNEL + "; listen " + Signals.CHANNEL);
                }
                if (backoff > 100) {
                    log.info("Live feed reconnected; reading events after {}", cursor);
                }
                backoff = 100;
                readNew(c);
                var pg = c.unwrap(PGConnection.class);
                while (running) {
                    // A quiet second reads the table anyway: a notification lost in a reconnect (seen
                    // once around a PostgreSQL restart) then costs a second, not an event.
                    var notifications = pg.getNotifications(gapXmax >= 0 ? 10 : 1_000);
                    var events = notifications == null || notifications.length == 0;
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            if (Signals.CHANNEL.equals(notification.getName())) {
                                signals.accept(notification.getParameter());
                            } else {
                                events = true;
                            }
                        }
                    }
                    if (events) {
                        readNew(c);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Live feed lost its database connection ({}); reconnecting in {} ms", e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 2_000);
            } finally {
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        var properties = new java.util.Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // Named, so an operator (or a test) can find the LISTEN backend in pg_stat_activity.
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        // Never wait forever on a half-open connection (e.g. one caught in a PostgreSQL restart):
        // time out, reconnect and read from the cursor.
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("socketFactory", ListenSocketFactory.class.getName());
        var c = DriverManager.getConnection(url, properties);
        c.setAutoCommit(true);
        return c;
    }

    /** Reads and delivers everything after the cursor that is safe to deliver. */
    private void readNew(Connection c) throws SQLException {
        while (true) {
            var deliverable = new ArrayList<Event>();
            int read = 0;
            boolean stopped = false;
            try (var statement = c.prepareStatement("""
                    select id, org_id, topic, type, payload::text,
                           pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                           pg_snapshot_xmax(pg_current_snapshot())::text::bigint
                    from events where id > ? order by id limit ?
                    """)) {
                statement.setLong(1, cursor);
                statement.setInt(2, BATCH);
                try (var rows = statement.executeQuery()) {
                    long expected = cursor + 1;
                    while (rows.next()) {
                        read++;
                        var id = rows.getLong(1);
                        if (read == 1 && id == expected) {
                            gapXmax = -1; // a gap always stops delivery at the cursor, so it is filled now
                        }
                        if (id != expected) {
                            var xmin = rows.getLong(6);
                            if (gapXmax < 0) {
                                gapXmax = rows.getLong(7);
                                gapSince = System.nanoTime();
                                stopped = true;
                                break;
                            }
                            if (xmin < gapXmax || System.nanoTime() - gapSince < 20_000_000L) {
                                stopped = true;
                                break; // a transaction that may fill the gap is still running
                            }
                            gapXmax = -1; // the missing ids were rolled back
                        }
                        deliverable.add(new Event(id, (Long) rows.getObject(2), rows.getString(3), rows.getString(4), rows.getString(5)));
                        expected = id + 1;
                    }
                }
            }
            if (!deliverable.isEmpty()) {
                deliver(deliverable);
                cursor = deliverable.get(deliverable.size() - 1).id();
            }
            if (stopped || read < BATCH) {
                return;
            }
        }
    }

    private void deliver(List<Event> events) throws SQLException {
        try {
            hub.deliver(events);
            failedDeliveries = 0;
        } catch (org.jdbi.v3.core.JdbiException e) {
            // Most likely the database went away while rendering (a restart leaves broken pooled
            // connections): read the batch again after reconnecting. A batch that keeps failing is
            // skipped after a few tries, so one bad event cannot stop every later one.
            if (++failedDeliveries < 5) {
                throw new SQLException("Could not render live events: " + e.getMessage(), e);
            }
            failedDeliveries = 0;
            log.error("Skipping live events {}..{} after repeated failures", events.get(0).id(), events.get(events.size() - 1).id(), e);
            hub.skip(events);
        } catch (RuntimeException e) {
            // A fragment that cannot be rendered must not stop every later event: skip it, loudly.
            log.error("Could not deliver live events {}..{}", events.get(0).id(), events.get(events.size() - 1).id(), e);
            hub.skip(events);
        }
    }

    /** Cuts the LISTEN connection (tests use it to prove nothing is lost). */
    void stop() {
        running = false;
        var c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
