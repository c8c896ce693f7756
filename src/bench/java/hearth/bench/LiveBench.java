package hearth.bench;

import hearth.auth.Passwords;
import hearth.db.Database;
import hearth.live.Broadcasts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The live benchmark (issue "Live", section "Speed"): delivery latency from the commit of a change
 * to its arrival at 100, 1,000 and 10,000 SSE subscribers, server CPU per delivery, connection
 * set-up, 19,000 held connections and their heap, clean-up after clients vanish, the cost of a
 * second node, sustained events per second and typing signals.
 *
 * <p>Hearth runs as child JVMs ({@link LiveNode}, {@link LiveServer}) on a fresh embedded PostgreSQL
 * under {@code target/live-pg}: each process then has its own 20,000 file descriptors (the server
 * holds 19,000 sockets, so do the clients), and the server's CPU time is its own, not shared with
 * the clients. The subscribers ({@link SseClients}) and the writer live in this JVM and talk real
 * HTTP over loopback.
 *
 * <p><b>From the commit.</b> Changes are made through Hearth's real write path, {@code POST
 * /o/{org}/tasks/{id}} (one writer, one change at a time). PostgreSQL records each transaction's
 * commit time ({@code track_commit_timestamp}); the benchmark reads it for every event row
 * ({@code pg_xact_commit_timestamp(xmin)}) and compares it with the arrival time of the frame at
 * each subscriber. Both are this machine's wall clock; arrivals are taken with
 * {@link System#nanoTime()} and converted with an offset to the wall clock measured just before
 * the change was sent, so clock slewing during a run does not matter. The time the POST returned
 * is reported too ({@code commit_to_response}): it shows the commit stamp is indeed the commit.
 */
public final class LiveBench {
    private static final String PASSWORD = "live-bench-password";
    private static final String ORG = "live";
    private static final String TASK_CHANGED = "task.changed";

    private final int threads = Integer.getInteger("bench.live.threads", 2);
    private final int hosts = Integer.getInteger("bench.live.hosts", 8);
    private final int window = Integer.getInteger("bench.live.window", 2_000);
    private final int heartbeat = Integer.getInteger("bench.live.heartbeat", 5);
    private final int fanoutWarmupSeconds = Integer.getInteger("bench.live.fanout.warmup.seconds", 10);
    private final String heap = System.getProperty("bench.live.heap", "1g");
    private final boolean jfr = Boolean.getBoolean("bench.jfr");
    private final List<Integer> fanouts = parseList(System.getProperty("bench.live.subscribers", "100,1000,10000"));
    private final int held = Integer.getInteger("bench.live.held", 19_000);
    private final int rate = Integer.getInteger("bench.live.rate", 5_000);
    private final int rateSeconds = Integer.getInteger("bench.live.rate.seconds", 10);
    private final int rateSubscribers = Integer.getInteger("bench.live.rate.subscribers", 10);
    private final int rateWriters = Integer.getInteger("bench.live.rate.writers", 8);
    private final String phases = System.getProperty("bench.live.phases", "rate,fanout,typing,nodes,held");

    private final Targets targets = new Targets("live");
    /** The node's CPU time for one change with nobody subscribed (the POST itself), see {@link #calibrate}. */
    private double writeCpuNanos;

    private Jdbi jdbi;
    private long orgId;
    private long[] taskIds;
    private BenchClient ann;
    private BenchClient bob;
    private String annCookie;
    private String bobCookie;
    private int writes;

    private LiveBench() {}

    static void run() throws Exception {
        new LiveBench().measure();
    }

    private void measure() throws Exception {
        var loadBefore = Targets.loadAverage();
        var directory = Path.of("target/live-pg");
        try (var postgres = freshPostgres(directory);
             var database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), directory, 8, null)) {
            database.migrate();
            jdbi = database.jdbi();
            seed();
            var url = postgres.getJdbcUrl("postgres", "postgres");
            try (var a = LiveNode.start("a", url, heartbeat, heap, jfr)) {
                ann = new BenchClient(a.port);
                ann.logIn("ann@live.test", PASSWORD);
                bob = new BenchClient(a.port);
                bob.logIn("bob@live.test", PASSWORD);
                annCookie = ann.cookie();
                bobCookie = bob.cookie();
                System.out.printf("Node a: pid %d, port %d, heartbeat %d s; clients: %d threads, %d loopback addresses%n",
                        a.pid, a.port, heartbeat, threads, hosts);
                try (var clients = new SseClients(threads, a.port, hosts, window)) {
                    calibrate(a);
                    if (phases.contains("fanout")) {
                        fanouts(a, clients);
                    }
                    if (phases.contains("nodes")) {
                        nodes(a, clients, url);
                    }
                    if (phases.contains("held")) {
                        held(a, clients);
                    }
                    // Last: if the node falls behind, its backlog would spoil whatever came after.
                    if (phases.contains("rate")) {
                        rate(a, clients);
                    }
                }
            }
        }
        targets.line("machine", "cores=" + Runtime.getRuntime().availableProcessors() + " load_before=" + loadBefore
                + " load_after=" + Targets.loadAverage() + " heartbeat_s=" + heartbeat);
        targets.report("Live benchmark against the issue's targets (clients and server on these 2 shared cores):", 52);
    }

    // ---- data

    /** One org with two members and 200 tasks without a project (so a change is exactly one event). */
    private void seed() {
        var hash = Passwords.hash(PASSWORD);
        jdbi.useTransaction(handle -> {
            var ann = handle.createQuery("insert into users (email, name, password_hash) values ('ann@live.test', 'Ann Live', :h) returning id")
                    .bind("h", hash).mapTo(Long.class).one();
            var bob = handle.createQuery("insert into users (email, name, password_hash) values ('bob@live.test', 'Bob Live', :h) returning id")
                    .bind("h", hash).mapTo(Long.class).one();
            orgId = handle.createQuery("insert into organizations (name, slug) values ('Live Bench', :slug) returning id")
                    .bind("slug", ORG).mapTo(Long.class).one();
            handle.createUpdate("insert into memberships (org_id, user_id, role) values (:o, :a, 'OWNER'), (:o, :b, 'MEMBER')")
                    .bind("o", orgId).bind("a", ann).bind("b", bob).execute();
            taskIds = handle.createQuery("""
                            insert into tasks (org_id, title, status, priority, assignee_id, created_by)
                            select :o, 'Live task ' || i, 'TODO', 'MEDIUM', :a, :a from generate_series(1, 200) i
                            returning id""")
                    .bind("o", orgId).bind("a", ann).mapTo(Long.class).list().stream().mapToLong(Long::longValue).toArray();
        });
    }

    private String streamRequest(int i) {
        // Half the subscribers are Ann, half Bob: two sessions, one topic, like a team on the task list.
        return "GET /live?topic=org:" + orgId + ":tasks HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + "Cookie: hearth_session=" + (i % 2 == 0 ? annCookie : bobCookie) + "\r\n\r\n";
    }

    // ---- phases

    /**
     * Warms the node up (JIT) and measures what a change costs it with nobody listening: the POST, its
     * transaction and the feed reading the event. CPU per delivery is then reported both raw (all of
     * the node's CPU over the measurement, divided by the deliveries) and net of this. The JIT is
     * still compiling here (at about half a core); what it spends is left out of the write's cost, so
     * that a busy JIT in this window cannot make the deliveries' net figure look smaller.
     */
    private void calibrate(LiveNode a) throws Exception {
        var warmup = Integer.getInteger("bench.live.warmup", 1_500);
        for (int i = 0; i < warmup; i++) {
            write();
        }
        var n = 500;
        var before = a.ask("stats");
        var started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            write();
        }
        Thread.sleep(100);
        var after = a.ask("stats");
        var jitNanos = (after.get("jit_ms") - before.get("jit_ms")) * 1e6;
        writeCpuNanos = Math.max(0, after.get("cpu_ns") - before.get("cpu_ns") - jitNanos) / n;
        targets.line("write", String.format(Locale.ROOT, "writes=%d write_cpu_us=%.1f write_jit_us=%.1f write_ms=%.2f", n,
                writeCpuNanos / 1e3, jitNanos / 1e3 / n, (System.nanoTime() - started) / 1e6 / n));
        System.out.printf(Locale.ROOT, "  a change (POST /o/live/tasks/{id}, nobody subscribed) costs the node %.0f µs CPU"
                        + " (and its JIT, still compiling, another %.0f µs)%n", writeCpuNanos / 1e3, jitNanos / 1e3 / n);
    }

    /** Latency at each subscriber count; the subscribers of one step stay for the next. */
    private void fanouts(LiveNode a, SseClients clients) throws Exception {
        int connected = 0;
        for (var subscribers : fanouts) {
            if (subscribers >= 10_000) {
                continue; // measured in the held phase, from fresh connections
            }
            connect(clients, subscribers - connected);
            connected = subscribers;
            var d = fanout(a, clients, "fanout_" + subscribers, subscribers, eventsFor(subscribers), gapFor(subscribers));
            if (subscribers == 100) {
                fanoutVerdicts(100, d, 2.5, 7);
            } else if (subscribers == 1_000) {
                fanoutVerdicts(1_000, d, 9, 20);
            }
        }
        if (phases.contains("typing")) {
            typing(clients, connected);
        }
    }

    private void connect(SseClients clients, int count) throws InterruptedException {
        var target = clients.open() + count;
        clients.open(count, this::streamRequest);
        if (!clients.awaitReady(target, 60_000)) {
            throw new IllegalStateException("Only " + clients.ready.get() + " of " + target + " streams opened ("
                    + clients.failed.get() + " failed)");
        }
        if (clients.failed.get() > 0) {
            throw new IllegalStateException(clients.failed.get() + " streams failed to open");
        }
    }

    private static int eventsFor(int subscribers) {
        return subscribers <= 100 ? 300 : subscribers <= 1_000 ? 150 : 40;
    }

    /** Time between changes: long enough that one change's delivery is done before the next one. */
    private static int gapFor(int subscribers) {
        return subscribers <= 100 ? 20 : subscribers <= 1_000 ? 50 : 400;
    }

    /**
     * Sends {@code events} changes one after the other and measures each one's delivery to every
     * subscriber; CPU per delivery is the node's CPU time over the measured changes (including the
     * POSTs themselves, heartbeats and whatever the JIT still compiles) divided by the deliveries. The
     * same changes are first sent unmeasured for {@code bench.live.fanout.warmup.seconds} (at least a
     * tenth of {@code events}): each subscriber count takes the JIT down new paths (a thousand streams
     * made it recompile the hub's delivery loop), and its compiling was a third of the CPU measured
     * right after a shorter warm-up. What it still compiles in the window is printed beside.
     */
    private Delivery fanout(LiveNode node, SseClients clients, String name, int subscribers, int events, int gapMillis)
            throws Exception {
        var warmup = Math.max(Math.max(5, events / 10), fanoutWarmupSeconds * 1_000 / gapMillis);
        var writes = new ArrayList<Write>();
        clients.drain();
        var cursor = maxEventId();
        long cpuStart = 0;
        long jitStart = 0;
        var loadBefore = Targets.loadAverage();
        for (int i = 0; i < warmup + events; i++) {
            if (i == warmup) {
                Thread.sleep(gapMillis);
                clients.drain();
                var stats = node.ask("stats");
                cpuStart = stats.get("cpu_ns");
                jitStart = stats.get("jit_ms");
            }
            writes.add(write());
            Thread.sleep(gapMillis);
        }
        waitForDeliveries(clients, subscribers, events, 5_000);
        var stats = node.ask("stats");
        var cpu = stats.get("cpu_ns") - cpuStart;
        var jitMillis = stats.get("jit_ms") - jitStart;
        var arrivals = clients.drain();
        var delivery = Delivery.of(jdbi, cursor, TASK_CHANGED, writes.subList(warmup, writes.size()), warmup, arrivals, subscribers);
        var raw = cpu / 1e3 / Math.max(1, delivery.deliveries);
        var net = (cpu - events * writeCpuNanos) / 1e3 / Math.max(1, delivery.deliveries);
        targets.line(name, "subscribers=" + subscribers + " events=" + events + " " + delivery.keys(name)
                + String.format(Locale.ROOT, " %1$s_cpu_us_per_delivery=%2$.2f %1$s_cpu_us_per_delivery_raw=%3$.2f"
                        + " %1$s_jit_us_per_delivery=%4$.2f %1$s_load=%5$s",
                name, net, raw, jitMillis * 1e3 / Math.max(1, delivery.deliveries), loadBefore));
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p99 %.2f ms, last subscriber p50 %.2f ms / max %.2f ms, "
                        + "%.2f µs CPU per delivery (%.2f with the POSTs; the JIT's share %.2f), %d of %d deliveries, load %s%n",
                name, delivery.latencies.percentileMs(50), delivery.latencies.percentileMs(99),
                delivery.last.percentileMs(50), delivery.last.maxMs(), net, raw, jitMillis * 1e3 / Math.max(1, delivery.deliveries),
                delivery.deliveries, (long) events * subscribers, loadBefore);
        return delivery;
    }

    private void waitForDeliveries(SseClients clients, int subscribers, int events, long timeoutMillis) throws InterruptedException {
        // Deliveries are counted after the drain at the start of the measurement; poll the loops' counts.
        var until = System.currentTimeMillis() + timeoutMillis;
        Thread.sleep(50);
        while (System.currentTimeMillis() < until && clients.pendingCount() < (long) subscribers * events) {
            Thread.sleep(20);
        }
    }

    /** One change through the real handler: the POST that edits a task, one after the other. */
    private Write write() {
        var id = taskIds[writes % taskIds.length];
        var n = writes++;
        var form = new HashMap<String, List<String>>();
        form.put("_csrf", List.of(ann.csrf()));
        form.put("title", List.of("Live task " + id + " edit " + n));
        form.put("description", List.of(""));
        form.put("project", List.of(""));
        form.put("status", List.of(n % 2 == 0 ? "IN_PROGRESS" : "TODO"));
        form.put("priority", List.of("MEDIUM"));
        form.put("assignee", List.of(""));
        form.put("due", List.of(""));
        var offset = wallClockOffset();
        var sent = System.nanoTime();
        ann.timedPost("/o/" + ORG + "/tasks/" + id, form, 303);
        return new Write(sent, System.nanoTime(), offset);
    }

    /** A new, empty embedded PostgreSQL in {@code directory} that records commit times. */
    static EmbeddedPostgres freshPostgres(Path directory) throws java.io.IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(true)
                // Commit times, to measure from the commit itself.
                .setServerConfig("track_commit_timestamp", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .start();
    }

    /** Wall-clock nanoseconds minus {@link System#nanoTime()}, now. */
    static long wallClockOffset() {
        var before = System.nanoTime();
        var now = Instant.now();
        var after = System.nanoTime();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + after) / 2;
    }

    private long maxEventId() {
        return jdbi.withHandle(h -> h.createQuery("select coalesce(max(id), 0) from events").mapTo(Long.class).one());
    }

    /** A typing signal (POST /live/typing as Bob) to the subscribers of the topic: from the POST to each arrival. */
    private void typing(SseClients clients, int subscribers) throws Exception {
        var signals = 100;
        var gap = 100;
        var sends = new long[signals];
        clients.drain();
        for (int i = 0; i < signals; i++) {
            sends[i] = System.nanoTime();
            bob.timedPost("/live/typing", Map.of("_csrf", List.of(bob.csrf()), "topic", List.of("org:" + orgId + ":tasks")), 204);
            Thread.sleep(gap);
        }
        Thread.sleep(500);
        var arrivals = clients.drain();
        var latencies = new Latencies();
        for (int i = 0; i < arrivals.count; i++) {
            if (arrivals.ids[i] != SseClients.TYPING) {
                continue;
            }
            // Signals are 100 ms apart: an arrival belongs to the latest signal sent before it.
            var at = arrivals.nanos[i];
            int k = signals - 1;
            while (k > 0 && sends[k] > at) {
                k--;
            }
            latencies.add(at - sends[k]);
        }
        targets.line("typing", "subscribers=" + subscribers + " signals=" + signals + " " + latencies.keys("typing")
                + " typing_expected=" + (long) signals * subscribers);
        System.out.printf(Locale.ROOT, "  typing to %d subscribers: p50 %.2f ms, p99 %.2f ms (%d of %d arrivals)%n",
                subscribers, latencies.percentileMs(50), latencies.percentileMs(99), latencies.count(), signals * subscribers);
        targets.atMost("typing p99", latencies.percentileMs(99), 50, "ms");
    }

    /**
     * A second node on the same database: 1,000 subscribers on node a (where the writes go) and 1,000
     * on node b at the same time, the same changes; b's extra is the LISTEN/NOTIFY hop and its own read.
     */
    private void nodes(LiveNode a, SseClients clientsA, String url) throws Exception {
        var perNode = Integer.getInteger("bench.live.nodes.subscribers", 1_000);
        vanish(a, clientsA, "reset", false);
        try (var b = LiveNode.start("b", url, heartbeat, heap, false);
             var clientsB = new SseClients(threads, b.port, hosts, window)) {
            connect(clientsA, perNode);
            connect(clientsB, perNode);
            var events = 150;
            // As long a warm-up as every fan-out's: node b starts here, and with 15 changes its JIT was still
            // compiling the fan-out while a's, warmed by the phases before, was not (b "added" 9 ms p50).
            var warmup = Math.max(15, fanoutWarmupSeconds * 1_000 / 50);
            var writes = new ArrayList<Write>();
            var cursor = maxEventId();
            for (int i = 0; i < warmup + events; i++) {
                if (i == warmup) {
                    Thread.sleep(50);
                    clientsA.drain();
                    clientsB.drain();
                }
                writes.add(write());
                Thread.sleep(50);
            }
            Thread.sleep(1_000);
            var onA = Delivery.of(jdbi, cursor, TASK_CHANGED, writes.subList(warmup, writes.size()), warmup, clientsA.drain(), perNode);
            var onB = Delivery.of(jdbi, cursor, TASK_CHANGED, writes.subList(warmup, writes.size()), warmup, clientsB.drain(), perNode);
            var addP50 = onB.latencies.percentileMs(50) - onA.latencies.percentileMs(50);
            var addP99 = onB.latencies.percentileMs(99) - onA.latencies.percentileMs(99);
            targets.line("nodes", "subscribers_per_node=" + perNode + " " + onA.keys("same_node") + " " + onB.keys("other_node")
                    + String.format(Locale.ROOT, " second_node_adds_p50_ms=%.2f second_node_adds_p99_ms=%.2f", addP50, addP99));
            System.out.printf(Locale.ROOT, "  two nodes, %d subscribers each: same node p50 %.2f / p99 %.2f ms, other node p50 %.2f / p99 %.2f ms%n",
                    perNode, onA.latencies.percentileMs(50), onA.latencies.percentileMs(99),
                    onB.latencies.percentileMs(50), onB.latencies.percentileMs(99));
            targets.atMost("second node adds p50", addP50, 1, "ms");
            targets.atMost("second node adds p99", addP99, 5, "ms");
            clientsB.closeAll();
        }
        vanish(a, clientsA, "reset", false);
    }

    /**
     * 10,000 fresh connections (timed), latency at 10,000, then 19,000 held (heap per idle connection,
     * open files), and finally all of them vanish at once.
     */
    private void held(LiveNode a, SseClients clients) throws Exception {
        vanish(a, clients, "reset", false);
        var heapBefore = a.ask("gc").get("heap");
        var filesBefore = a.openFiles();
        var first = Math.min(10_000, held); // the first 10,000 also time connecting and the fan-out to 10,000
        var started = System.nanoTime();
        clients.open(first, this::streamRequest);
        var all = clients.awaitReady(first, 120_000);
        var connectSeconds = (clients.lastHelloAt.get() - started) / 1e9;
        targets.line("connect", "connections=" + first + String.format(Locale.ROOT, " connect_s=%.2f", connectSeconds)
                + " failed=" + clients.failed.get() + " complete=" + all + " load=" + Targets.loadAverage());
        System.out.printf(Locale.ROOT, "  %,d connections established in %.2f s (%d failed)%n", first, connectSeconds, clients.failed.get());
        targets.atMost("10,000 connections established", connectSeconds, 2, "s");
        if (!all || clients.failed.get() > 0) {
            throw new IllegalStateException("Could not open " + first + " streams");
        }
        if (fanouts.contains(10_000) && first == 10_000) {
            Thread.sleep(1_000);
            var d = fanout(a, clients, "fanout_10000", first, eventsFor(first), gapFor(first));
            fanoutVerdicts(10_000, d, 80, 150);
            targets.atMost("last subscriber of 10,000 (median over events)", d.last.percentileMs(50), 140, "ms");
        }
        connect(clients, held - first);
        Thread.sleep(1_000);
        var streams = a.streams();
        var heapAfter = a.ask("gc").get("heap");
        var filesHeld = a.openFiles();
        var perConnection = (heapAfter - heapBefore) / (double) held;
        // Still all alive: one change reaches every one of them.
        clients.drain();
        var cursor = maxEventId();
        var write = write();
        var waitUntil = System.currentTimeMillis() + 10_000;
        while (clients.pendingCount() < held && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(20);
        }
        var check = Delivery.of(jdbi, cursor, TASK_CHANGED, List.of(write), 0, clients.drain(), held);
        targets.line("held", "connections=" + held + " server_streams=" + streams + " open_files=" + filesHeld
                + " open_files_before=" + filesBefore
                + String.format(Locale.ROOT, " heap_per_connection_kb=%.2f heap_before_mb=%.1f heap_after_mb=%.1f",
                perConnection / 1024, heapBefore / 1048576.0, heapAfter / 1048576.0)
                + " one_event_delivered_to=" + check.deliveries + " " + check.keys("held_event"));
        System.out.printf(Locale.ROOT, "  %,d connections held (%d open files): %.2f KB heap each; one change reached %,d of them in %.0f ms%n",
                held, filesHeld, perConnection / 1024, check.deliveries, check.last.maxMs());
        targets.atLeast("connections held by one process", streams, 19_000, "");
        targets.atMost("heap per idle connection", perConnection / 1024, 6, "KB");
        if (Boolean.getBoolean("bench.live.histogram")) {
            var histogram = new ProcessBuilder("jcmd", String.valueOf(a.pid), "GC.class_histogram")
                    .redirectOutput(Path.of("target/bench/live-histogram.txt").toFile()).redirectErrorStream(true).start();
            histogram.waitFor();
            System.out.println("  heap histogram with " + held + " connections: target/bench/live-histogram.txt");
        }
        if (Boolean.getBoolean("bench.live.heapdump")) {
            var dump = Path.of("target/bench/live-held.hprof").toAbsolutePath();
            java.nio.file.Files.deleteIfExists(dump);
            new ProcessBuilder("jcmd", String.valueOf(a.pid), "GC.heap_dump", dump.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start().waitFor();
            System.out.println("  heap dump with " + held + " connections: " + dump);
        }
        vanish(a, clients, "vanish", true, filesBefore);
    }

    /**
     * Every client goes away at once (sockets closed, as when browsers or their machine vanish); then
     * the node's open files are counted until they are back to the baseline it had before they came.
     */
    private void vanish(LiveNode a, SseClients clients, String name, boolean report) throws Exception {
        vanish(a, clients, name, report, -1);
    }

    /** ... and, given {@code baselineFiles}, until the node's open files are back to that baseline (±10). */
    private void vanish(LiveNode a, SseClients clients, String name, boolean report, int baselineFiles) throws Exception {
        var count = clients.open();
        clients.closeAll();
        if (count == 0) {
            return;
        }
        var started = System.nanoTime();
        var limit = TimeUnit.SECONDS.toNanos(heartbeat * 4L + 10);
        int streams;
        while ((streams = a.streams()) > 0 && System.nanoTime() - started < limit) {
            Thread.sleep(50);
        }
        var streamsGone = (System.nanoTime() - started) / 1e9;
        var files = a.openFiles();
        while (baselineFiles >= 0 && (files = a.openFiles()) > baselineFiles + 10 && System.nanoTime() - started < limit) {
            Thread.sleep(50);
        }
        var filesBack = (System.nanoTime() - started) / 1e9;
        if (report) {
            targets.line(name, "connections=" + count + String.format(Locale.ROOT,
                    " streams_gone_s=%.2f files_back_s=%.2f files_back_heartbeats=%.2f", streamsGone, filesBack, filesBack / heartbeat)
                    + " streams_left=" + streams + " open_files_after=" + files + " open_files_baseline=" + baselineFiles);
            System.out.printf(Locale.ROOT, "  %,d clients vanished: streams gone after %.2f s, open files back to %d (baseline %d) after %.2f s "
                            + "= %.2f heartbeats of %d s%n",
                    count, streamsGone, files, baselineFiles, filesBack, filesBack / heartbeat, heartbeat);
            targets.atMost("files back to baseline after clients vanish", filesBack / heartbeat, 2, "heartbeats");
        }
    }

    private void fanoutVerdicts(int subscribers, Delivery d, double p50, double p99) {
        targets.atMost("p50 with " + String.format(Locale.ROOT, "%,d", subscribers) + " subscribers", d.latencies.percentileMs(50), p50, "ms");
        targets.atMost("p99 with " + String.format(Locale.ROOT, "%,d", subscribers) + " subscribers", d.latencies.percentileMs(99), p99, "ms");
        targets.atMost("server CPU per delivery (" + String.format(Locale.ROOT, "%,d", subscribers) + ")",
                Double.parseDouble(targets.figures().get("fanout_" + subscribers).replaceAll(".*_cpu_us_per_delivery=([0-9.]+).*", "$1")), 15, "µs");
    }

    /**
     * {@code rate} changes per second for {@code rateSeconds}, from writer threads in this JVM that
     * run the handler's transaction (update the task, {@link Broadcasts#tasksChanged}) straight on
     * the database: at this rate the HTTP side of the writes would measure Jetty, not the live path.
     */
    private void rate(LiveNode a, SseClients clients) throws Exception {
        connect(clients, rateSubscribers);
        clients.drain();
        var endedBefore = clients.ended.get();
        var resyncsBefore = clients.resyncs.get();
        var cursor = maxEventId();
        var writers = rateWriters;
        var published = new AtomicLong();
        var startedWall = wallClockOffset();
        var started = System.nanoTime();
        var end = started + TimeUnit.SECONDS.toNanos(rateSeconds);
        var cpuStart = a.cpuNanos();
        var threadsList = new ArrayList<Thread>();
        for (int w = 0; w < writers; w++) {
            var writer = w;
            var thread = new Thread(() -> {
                long k = 0;
                while (true) {
                    // Paced: the k-th change of this writer is due at k / (rate / writers) seconds.
                    var due = started + (long) (k * 1e9 * writers / rate);
                    if (due >= end) {
                        return;
                    }
                    var wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    var id = taskIds[(int) ((k * writers + writer) % taskIds.length)];
                    var n = k;
                    jdbi.useTransaction(handle -> {
                        handle.createUpdate("update tasks set title = :title, updated_at = now() where org_id = :org and id = :id")
                                .bind("title", "Live task " + id + " rate " + n).bind("org", orgId).bind("id", id).execute();
                        Broadcasts.tasksChanged(handle, orgId, List.of(id));
                    });
                    published.incrementAndGet();
                    k++;
                }
            }, "live-writer-" + w);
            thread.start();
            threadsList.add(thread);
        }
        for (var thread : threadsList) {
            thread.join();
        }
        var writeSeconds = (System.nanoTime() - started) / 1e9;
        var total = published.get();
        var waitUntil = System.currentTimeMillis() + 10_000;
        while (clients.pendingCount() < total * rateSubscribers && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(10);
        }
        var cpu = a.cpuNanos() - cpuStart;
        var arrivals = clients.drain();
        var lastArrival = 0L;
        for (int i = 0; i < arrivals.count; i++) {
            lastArrival = Math.max(lastArrival, arrivals.nanos[i]);
        }
        var commits = commitTimes(jdbi, cursor);
        var latencies = new Latencies();
        long delivered = 0;
        for (int i = 0; i < arrivals.count; i++) {
            var commit = commits.get(arrivals.ids[i]);
            if (commit != null) {
                latencies.add(arrivals.nanos[i] + startedWall - commit);
                delivered++;
            }
        }
        var deliverSeconds = (lastArrival - started) / 1e9;
        var eventsPerSecond = total / writeSeconds;
        var deliveredPerSecond = delivered / (double) rateSubscribers / deliverSeconds;
        targets.line("rate", String.format(Locale.ROOT, "target_events_per_s=%d subscribers=%d published=%d published_per_s=%.0f "
                        + "delivered_per_subscriber_per_s=%.0f deliveries=%d expected=%d cpu_us_per_delivery=%.2f ",
                rate, rateSubscribers, total, eventsPerSecond, deliveredPerSecond, delivered, total * rateSubscribers,
                cpu / 1e3 / Math.max(1, delivered)) + latencies.keys("rate") + " rate_load=" + Targets.loadAverage()
                + " rate_streams_ended=" + (clients.ended.get() - endedBefore) + " rate_resyncs=" + (clients.resyncs.get() - resyncsBefore));
        System.out.printf(Locale.ROOT, "  %d events/s offered for %d s to %d subscribers: %.0f/s published, %.0f/s delivered to each, "
                        + "p50 %.2f ms, p99 %.2f ms, %d of %d deliveries, %d of the streams ended by the server, "
                        + "%d resyncs (bursts bigger than a stream holds, reloaded instead)%n",
                rate, rateSeconds, rateSubscribers, eventsPerSecond, deliveredPerSecond,
                latencies.percentileMs(50), latencies.percentileMs(99), delivered, total * rateSubscribers,
                clients.ended.get() - endedBefore, clients.resyncs.get() - resyncsBefore);
        targets.atLeast("events/s sustained (published and delivered)", Math.min(eventsPerSecond, deliveredPerSecond), rate * 0.98, "/s");
        vanish(a, clients, "reset", false);
    }

    // ---- results

    record Write(long sent, long returned, long wallOffset) {}

    /** The commit time of every event after {@code cursor}, as wall-clock nanoseconds, by id. */
    static Map<Long, Long> commitTimes(Jdbi jdbi, long cursor) {
        var times = new HashMap<Long, Long>();
        jdbi.useHandle(h -> h.createQuery("""
                        select id, (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint
                        from events where id > :cursor and type = 'task.changed' order by id""")
                .bind("cursor", cursor)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2) * 1_000})
                .forEach(row -> times.put(row[0], row[1])));
        return times;
    }

    /** The deliveries of a series of changes: every arrival's latency, and each change's last one. */
    /**
     * @param slowest the writes whose last subscriber waited longest, as "write k: first arrival / last
     *                arrival ms" (a late first arrival points at the node, a late last one at the writes)
     */
    record Delivery(Latencies latencies, Latencies last, Latencies commitToResponse, long deliveries, long missing,
                    List<String> slowest) {
        /** {@code type}: the event each write makes exactly one of (others it makes are not counted). */
        static Delivery of(Jdbi jdbi, long cursor, String type, List<Write> writes, int skip, SseClients.Arrivals arrivals,
                           int subscribers) {
            // One writer, one change at a time: the k-th event of the type after the cursor is the k-th write.
            var ids = jdbi.withHandle(h -> h.createQuery("""
                            select id, (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint
                            from events where id > :cursor and type = :type order by id""")
                    .bind("cursor", cursor).bind("type", type).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2) * 1_000}).list());
            var index = new HashMap<Long, Integer>();
            var commits = new long[writes.size()];
            var commitToResponse = new Latencies();
            for (int k = 0; k < writes.size() && skip + k < ids.size(); k++) {
                var row = ids.get(skip + k);
                index.put(row[0], k);
                commits[k] = row[1];
                var write = writes.get(k);
                commitToResponse.add(write.returned() + write.wallOffset() - row[1]);
            }
            var latencies = new Latencies();
            var lastAt = new long[writes.size()];
            var firstAt = new long[writes.size()];
            java.util.Arrays.fill(firstAt, Long.MAX_VALUE);
            var counts = new int[writes.size()];
            long deliveries = 0;
            for (int i = 0; i < arrivals.count; i++) {
                var k = index.get(arrivals.ids[i]);
                if (k == null) {
                    continue;
                }
                var latency = arrivals.nanos[i] + writes.get(k).wallOffset() - commits[k];
                latencies.add(latency);
                lastAt[k] = Math.max(lastAt[k], latency);
                firstAt[k] = Math.min(firstAt[k], latency);
                counts[k]++;
                deliveries++;
            }
            var last = new Latencies();
            for (int k = 0; k < writes.size(); k++) {
                if (counts[k] > 0) {
                    last.add(lastAt[k]);
                }
            }
            var slowest = java.util.stream.IntStream.range(0, writes.size()).filter(k -> counts[k] > 0).boxed()
                    .sorted((a, b) -> Long.compare(lastAt[b], lastAt[a])).limit(3)
                    .map(k -> String.format(Locale.ROOT, "write %d: first %.1f / last %.1f ms", k, firstAt[k] / 1e6, lastAt[k] / 1e6))
                    .toList();
            return new Delivery(latencies, last, commitToResponse, deliveries, (long) writes.size() * subscribers - deliveries,
                    slowest);
        }

        String keys(String prefix) {
            return latencies.keys(prefix) + " " + last.keys(prefix + "_last") + String.format(Locale.ROOT,
                    " %s_commit_to_response_p50_ms=%.2f %s_deliveries=%d %s_missing=%d",
                    prefix, commitToResponse.percentileMs(50), prefix, deliveries, prefix, missing);
        }
    }

    private static List<Integer> parseList(String text) {
        var list = new ArrayList<Integer>();
        for (var part : text.split(",")) {
            if (!part.isBlank()) {
                list.add(Integer.parseInt(part.trim()));
            }
        }
        return list;
    }

}
