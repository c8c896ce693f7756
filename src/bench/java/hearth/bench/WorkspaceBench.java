package hearth.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import hearth.App;
import hearth.Config;
import hearth.lists.Cursor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;

/**
 * The workspace benchmark (issue "Workspace", section "Speed"): the task list page 1 and deep, pages/s
 * at 16 concurrent clients, a bulk status change of 100 tasks, search, and the CSV export of all
 * 1,000,000 tasks, against the app started in this JVM on the generated data ({@link WorkspaceData}).
 *
 * <p>The list pages' targets are server time, as the issue states them: from the app's /metrics, whose
 * request timer counts requests at or under bounds that include 2, 5 and 15 ms, so those verdicts are exact
 * and the percentiles printed are interpolated within a bucket. The whole request, measured by the client
 * over loopback with keep-alive (HTTP/1.1) and so including the client's own share of this 2-core machine,
 * is printed beside them, and judged for the bulk change, whose target is the whole request. The
 * database's share comes from pg_stat_statements.
 */
public final class WorkspaceBench {
    /** Open tasks of high priority, soonest due first: the list a team lead looks at every morning. */
    static final String LIST = "/o/" + WorkspaceData.ORG_SLUG + "/tasks?status=TODO&status=IN_PROGRESS&priority=HIGH&sort=due&size=50";
    static final String SEARCH_COMMON = "/o/" + WorkspaceData.ORG_SLUG + "/tasks?q=inv";
    static final String SEARCH_RARE = "/o/" + WorkspaceData.ORG_SLUG + "/tasks?q=" + WorkspaceData.RARE_WORD;
    static final String BULK = "/o/" + WorkspaceData.ORG_SLUG + "/tasks/bulk";
    static final String EXPORT = "/o/" + WorkspaceData.ORG_SLUG + "/tasks/export.csv";
    private static final Pattern NEXT = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"");

    private final int warmup = Integer.getInteger("bench.warmup", 2_000);
    private final int requests = Integer.getInteger("bench.requests", 5_000);
    private final int clients = Integer.getInteger("bench.clients", 16);
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int searchRequests = Integer.getInteger("bench.search.requests", 2_000);
    private final int bulkRequests = Integer.getInteger("bench.bulk.requests", 1_000);
    /** Searches stop early after this long (but not before 200 requests): a slow one would run for many minutes. */
    private final int searchSeconds = Integer.getInteger("bench.search.seconds", 60);
    private final boolean jfr = Boolean.getBoolean("bench.jfr");

    private final Targets targets = new Targets("workspace");

    private WorkspaceBench() {}

    static void run() throws Exception {
        new WorkspaceBench().measure();
    }

    private void measure() throws Exception {
        var opening = System.nanoTime();
        var loadBefore = Targets.loadAverage();
        try (var data = WorkspaceData.open(Integer.getInteger("bench.pool", 10))) {
            var jdbi = data.database().jdbi();
            prepare(jdbi);
            var app = App.start(Config.from(Map.of("PORT", "0")), data.database());
            try {
                System.out.printf(Locale.ROOT, "Database and app ready in %.1f s (app on port %d)%n",
                        (System.nanoTime() - opening) / 1e9, app.port());
                var client = new BenchClient(app.port());
                client.logIn(WorkspaceData.EMAIL, WorkspaceData.PASSWORD);
                var dbTime = new DatabaseTime(jdbi);

                var deep = deepPage(client, jdbi, data.orgId());
                sequential("list_page1", client, LIST, warmup, requests, Integer.MAX_VALUE, dbTime);
                sequential("list_deep", client, deep, warmup, requests, Integer.MAX_VALUE, dbTime);
                concurrent(client, List.of(LIST, deep), dbTime);
                sequential("search_common", client, SEARCH_COMMON, searchRequests / 4, searchRequests, searchSeconds, dbTime);
                sequential("search_rare", client, SEARCH_RARE, searchRequests / 4, searchRequests, searchSeconds, dbTime);
                bulk(client, jdbi, data.orgId(), dbTime);
                export(client, jdbi, data.orgId(), app.routes().stream()
                        .anyMatch(route -> route.path().equals(EXPORT.replace(WorkspaceData.ORG_SLUG, "{org}"))));
            } finally {
                app.close();
            }
        }
        // The machine is shared: say how busy it was, so that runs can be compared fairly.
        targets.line("machine", "cores=" + Runtime.getRuntime().availableProcessors() + " load_before=" + loadBefore
                + " load_after=" + Targets.loadAverage());
        targets.report("Workspace benchmark against the issue's targets (list pages: server time; the rest: whole requests over loopback; 2 cores shared with the load):", 38);
    }

    /** Each run starts from the same state: no sessions or activity left by the previous run. */
    private static void prepare(Jdbi jdbi) {
        jdbi.useHandle(handle -> {
            handle.execute("create extension if not exists pg_stat_statements");
            handle.execute("truncate sessions, login_failures, bulk_action_batches, bulk_actions, activity");
            var dead = handle.createQuery("select n_dead_tup from pg_stat_user_tables where relname = 'tasks'")
                    .mapTo(Long.class).one();
            if (dead > 10_000) {
                handle.execute("vacuum (analyze) tasks");
            }
        });
    }

    /**
     * A page in the middle of the filter's results. The app's own next links are followed for a few
     * pages first (so the links are known to work); the deep cursor itself is taken from the database,
     * the row before the middle page, exactly as a next link would encode it.
     */
    private String deepPage(BenchClient client, Jdbi jdbi, long orgId) {
        var url = LIST;
        for (int i = 0; i < 20; i++) {
            var page = client.get(url);
            BenchClient.expect(page, 200, url);
            var next = NEXT.matcher(page.body());
            if (!next.find()) {
                throw new IllegalStateException("No next link on page " + (i + 1) + " of " + LIST);
            }
            url = next.group(1).replace("&amp;", "&");
        }
        var filter = "t.org_id = :orgId and t.deleted_at is null and t.status in ('TODO', 'IN_PROGRESS') and t.priority = 'HIGH'";
        var matches = jdbi.withHandle(handle -> handle.createQuery("select count(*) from tasks t where " + filter)
                .bind("orgId", orgId).mapTo(Long.class).one());
        var offset = (matches / 2 / 50) * 50 - 1;
        var cursor = jdbi.withHandle(handle -> handle.createQuery("""
                        select coalesce(t.due_date, 'infinity'::date)::text, t.id from tasks t where %s
                        order by coalesce(t.due_date, 'infinity'::date), t.id offset :offset limit 1""".formatted(filter))
                .bind("orgId", orgId).bind("offset", offset)
                .map((rs, ctx) -> new Cursor(rs.getString(1), rs.getLong(2))).one());
        var deep = LIST + "&after=" + cursor.encode() + "&from=" + (offset + 2);
        var page = client.get(deep);
        BenchClient.expect(page, 200, deep);
        if (!NEXT.matcher(page.body()).find()) {
            throw new IllegalStateException("The deep page has no next link: " + deep);
        }
        targets.figures().put("list_matches", String.valueOf(matches));
        targets.figures().put("list_deep_row", String.valueOf(offset + 2));
        System.out.printf(Locale.ROOT, "List filter matches %,d tasks; the deep page starts at row %,d (page %,d)%n",
                matches, offset + 2, (offset + 1) / 50 + 1);
        return deep;
    }

    private void sequential(String name, BenchClient client, String url, int warmupRequests, int requested,
                            int maxSeconds, DatabaseTime dbTime) {
        var bytes = client.get(url).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        var warmupUntil = System.nanoTime() + maxSeconds / 4 * 1_000_000_000L;
        for (int i = 0; i < warmupRequests && (i < 50 || System.nanoTime() < warmupUntil); i++) {
            client.timedGet(url, 200);
        }
        var server = ServerTime.read(client);
        dbTime.reset();
        var cpu = ServerCpu.start();
        var latencies = new Latencies();
        var until = System.nanoTime() + maxSeconds * 1_000_000_000L;
        for (int i = 0; i < requested && (i < 200 || System.nanoTime() < until); i++) {
            latencies.add(client.timedGet(url, 200));
        }
        var measured = latencies.count();
        var cpuPerPage = cpu.nanos() / 1e3 / measured;
        var kbPerPage = cpu.allocatedBytes() / 1024.0 / measured;
        var serverTime = ServerTime.read(client).since(server, "GET", "/o/{org}/tasks");
        var db = dbTime.report(name, measured);
        targets.line(name, latencies.keys(name) + " " + serverTime.keys(name) + String.format(Locale.ROOT,
                " %1$s_bytes=%2$d %1$s_server_cpu_us=%3$.0f %1$s_server_alloc_kb=%4$.0f ",
                name, bytes, cpuPerPage, kbPerPage) + db);
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d requests;"
                        + " server time p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n",
                name, latencies.percentileMs(50), latencies.percentileMs(99), latencies.maxMs(), measured,
                serverTime.percentileMs(50), serverTime.percentileMs(99), serverTime.meanMs());
        if (name.startsWith("list")) {
            // The issue asks for server time here (and for the whole request only for the bulk change).
            targets.atMost(name + " server p50", serverTime.percentileMs(50), 2, "ms");
            targets.atMost(name + " server p99", serverTime.percentileMs(99), 5, "ms");
        } else {
            targets.atMost(name + " p99", latencies.percentileMs(99), 25, "ms");
        }
    }

    /** {@code clients} threads, each its own keep-alive connection, alternating page 1 and the deep page. */
    private void concurrent(BenchClient client, List<String> urls, DatabaseTime dbTime) throws Exception {
        var recording = jfr ? new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile")) : null;
        var sessions = new ArrayList<BenchClient>();
        for (int t = 0; t < clients; t++) {
            sessions.add(client.sameSession());
        }
        var server = new ServerTime[1];
        var cpu = new ServerCpu[1];
        var load = ClientLoad.run(sessions, urls, 0, seconds, () -> {
            server[0] = ServerTime.read(client);
            dbTime.reset();
            cpu[0] = ServerCpu.start();
            if (recording != null) {
                recording.start();
            }
        });
        var elapsed = load.seconds();
        if (recording != null) {
            recording.stop();
            var file = Path.of("target/bench/workspace-" + System.currentTimeMillis() + ".jfr");
            recording.dump(file);
            recording.close();
            System.out.println("  JFR recording of the concurrent phase: " + file.toAbsolutePath());
        }
        var all = load.latencies();
        var failures = load.failures();
        var serverTime = ServerTime.read(client).since(server[0], "GET", "/o/{org}/tasks");
        var db = dbTime.report("list_concurrent", all.count());
        var pagesPerSecond = all.count() / elapsed;
        var cpuPerPage = cpu[0].nanos() / 1e3 / Math.max(1, all.count());
        targets.line("list_concurrent", String.format(Locale.ROOT,
                "clients=%d seconds=%.1f pages_per_s=%.0f failures=%d list_concurrent_server_cpu_us=%.0f ",
                clients, elapsed, pagesPerSecond, failures, cpuPerPage) + all.keys("list_concurrent")
                + " " + serverTime.keys("list_concurrent") + " " + db);
        System.out.printf(Locale.ROOT, "  list, %d clients: %.0f pages/s, p50 %.2f ms, p99 %.2f ms, %d failures;"
                        + " server time p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n",
                clients, pagesPerSecond, all.percentileMs(50), all.percentileMs(99), failures,
                serverTime.percentileMs(50), serverTime.percentileMs(99), serverTime.meanMs());
        targets.atLeast("list pages/s at " + clients + " clients", pagesPerSecond, 3_000, "pages/s");
        targets.atMost("list server p99 at " + clients + " clients", serverTime.percentileMs(99), 15, "ms");
    }

    /**
     * Bulk status change of 100 selected tasks, the whole request (POST, all-or-nothing transaction with
     * snapshot and activity, 303). The sets are low-priority tasks, outside the list's filter, and each
     * change flips its set between REVIEW and DONE, so repeated runs leave the lists as they were.
     */
    private void bulk(BenchClient client, Jdbi jdbi, long orgId, DatabaseTime dbTime) {
        var ids = jdbi.withHandle(handle -> handle.createQuery("""
                        select id from tasks where org_id = :orgId and priority = 'LOW' and deleted_at is null
                          and id > (select min(id) + 500000 from tasks where org_id = :orgId)
                        order by id limit 2000""")
                .bind("orgId", orgId).mapTo(Long.class).list());
        IntFunction<Map<String, List<String>>> form = i -> {
            var set = ids.subList((i % 20) * 100, (i % 20) * 100 + 100).stream().map(String::valueOf).toList();
            var body = new HashMap<String, List<String>>();
            body.put("_csrf", List.of(client.csrf()));
            body.put("action", List.of("status"));
            body.put("to_status", List.of((i / 20) % 2 == 0 ? "DONE" : "REVIEW"));
            body.put("back", List.of("/o/" + WorkspaceData.ORG_SLUG + "/tasks"));
            body.put("ids", set);
            return body;
        };
        var warmupRequests = Math.max(20, bulkRequests / 5);
        for (int i = 0; i < warmupRequests; i++) {
            client.timedPost(BULK, form.apply(i), 303);
        }
        var server = ServerTime.read(client);
        dbTime.reset();
        var cpu = ServerCpu.start();
        var latencies = new Latencies();
        for (int i = warmupRequests; i < warmupRequests + bulkRequests; i++) {
            latencies.add(client.timedPost(BULK, form.apply(i), 303));
        }
        var serverMean = ServerTime.read(client).meanMsSince(server, "POST", "/o/{org}/tasks/bulk");
        var db = dbTime.report("bulk100", bulkRequests);
        targets.line("bulk100", latencies.keys("bulk100") + String.format(Locale.ROOT,
                " bulk100_server_mean_ms=%.2f bulk100_server_cpu_us=%.0f ", serverMean, cpu.nanos() / 1e3 / bulkRequests) + db);
        System.out.printf(Locale.ROOT, "  bulk status change of 100 tasks: p50 %.2f ms, p99 %.2f ms (server mean %.2f ms)%n",
                latencies.percentileMs(50), latencies.percentileMs(99), serverMean);
        targets.atMost("bulk 100 p99", latencies.percentileMs(99), 15, "ms");
    }

    /**
     * The CSV export of all the org's tasks, if the route exists: rows/s, time to the first byte of the
     * body, and how much the app's heap grows meanwhile. The app runs in this JVM, so heap growth is
     * measured on the JVM: the live heap after each garbage collection during the export (GC
     * notifications) minus the live heap after a System.gc() before it; the sampled peak of used heap,
     * garbage included, is reported alongside.
     */
    private void export(BenchClient client, Jdbi jdbi, long orgId, boolean routeExists) throws Exception {
        var reference = copyRowsPerSecond(jdbi, orgId);
        targets.line("csv_reference", String.format(Locale.ROOT, "postgres_copy_rows_per_s=%.0f", reference));
        if (!routeExists) {
            System.out.println("  CSV export: no route GET " + EXPORT + " yet; skipped"
                    + String.format(Locale.ROOT, " (PostgreSQL's own COPY of the same rows: %,.0f rows/s)", reference));
            targets.line("csv", "skipped=route_missing");
            targets.skipped("csv export", "route missing");
            return;
        }
        var memory = new HeapWatch();
        var started = System.nanoTime();
        var response = client.stream(EXPORT);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + EXPORT + " answered " + response.statusCode());
        }
        long firstByte = 0;
        long records = 0;
        long bytes = 0;
        var quoted = false;
        byte last = '\n';
        var buffer = new byte[64 * 1024];
        try (var body = response.body()) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                if (firstByte == 0) {
                    firstByte = System.nanoTime() - started;
                }
                bytes += n;
                for (int i = 0; i < n; i++) {
                    var b = buffer[i];
                    if (b == '"') {
                        quoted = !quoted;
                    } else if (b == '\n' && !quoted) {
                        records++;
                    }
                }
                last = buffer[n - 1];
            }
        }
        var elapsed = (System.nanoTime() - started) / 1e9;
        if (last != '\n') {
            records++;
        }
        var rows = records - 1;
        var heap = memory.stop();
        var rowsPerSecond = rows / elapsed;
        targets.line("csv", String.format(Locale.ROOT,
                "rows=%d bytes=%d seconds=%.2f rows_per_s=%.0f first_byte_ms=%.1f heap_growth_mb=%.1f heap_peak_used_growth_mb=%.1f gcs=%d",
                rows, bytes, elapsed, rowsPerSecond, firstByte / 1e6, heap.liveGrowthMb(), heap.peakUsedGrowthMb(), heap.collections()));
        System.out.printf(Locale.ROOT, "  CSV export: %,d rows (%,d MB) in %.2f s = %,.0f rows/s, first byte after %.1f ms,"
                        + " live heap +%.1f MB (peak used +%.1f MB, %d GCs); PostgreSQL COPY: %,.0f rows/s%n",
                rows, bytes >> 20, elapsed, rowsPerSecond, firstByte / 1e6, heap.liveGrowthMb(), heap.peakUsedGrowthMb(),
                heap.collections(), reference);
        if (rows != WorkspaceData.TASKS) {
            System.out.printf("  (expected %,d rows)%n", WorkspaceData.TASKS);
        }
        targets.atLeast("csv rows/s", rowsPerSecond, 400_000, "rows/s");
        targets.atMost("csv first byte", firstByte / 1e6, 50, "ms");
        targets.atMost("csv heap growth", heap.liveGrowthMb(), 32, "MB");
    }

    /**
     * What PostgreSQL alone does: COPY of the org's tasks with the list's joins, in the default order.
     * Run twice, and the second is the figure: the first reads the table into memory (15 s against 5 s
     * here), so it said more about the disk than about PostgreSQL, and the export after it ran warm.
     */
    private static double copyRowsPerSecond(Jdbi jdbi, long orgId) {
        copyRowsPerSecondOnce(jdbi, orgId);
        return copyRowsPerSecondOnce(jdbi, orgId);
    }

    private static double copyRowsPerSecondOnce(Jdbi jdbi, long orgId) {
        return jdbi.withHandle(handle -> {
            var started = System.nanoTime();
            try {
                var copy = handle.getConnection().unwrap(PGConnection.class).getCopyAPI();
                var rows = copy.copyOut("""
                        copy (select t.id, t.title, t.description, t.status, t.priority, a.name, p.name, t.due_date,
                                     t.created_at, t.updated_at
                              from tasks t left join projects p on p.id = t.project_id left join users a on a.id = t.assignee_id
                              where t.org_id = %d and t.deleted_at is null order by t.updated_at desc, t.id desc)
                        to stdout with (format csv, header)""".formatted(orgId), OutputStream.nullOutputStream());
                return rows / ((System.nanoTime() - started) / 1e9);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The live heap after garbage collections, and the peak of used heap, while an export runs. */
    private static final class HeapWatch {
        record Result(double liveGrowthMb, double peakUsedGrowthMb, long collections) {}

        private final long baseline;
        /** GC info covers every memory pool; only the heap's count. */
        private final java.util.Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                .map(java.lang.management.MemoryPoolMXBean::getName)
                .collect(java.util.stream.Collectors.toSet());
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong maxUsed = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                var after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(pool -> heapPools.contains(pool.getKey()))
                        .mapToLong(pool -> pool.getValue().getUsed()).sum();
                maxAfterGc.accumulateAndGet(after, Math::max);
                collections.incrementAndGet();
            }
        };
        private final Thread sampler;
        private volatile boolean running = true;

        HeapWatch() throws InterruptedException {
            System.gc();
            Thread.sleep(200);
            baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
            sampler = new Thread(() -> {
                var heap = ManagementFactory.getMemoryMXBean();
                while (running) {
                    maxUsed.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        Result stop() throws Exception {
            running = false;
            sampler.join();
            for (var emitter : emitters) {
                emitter.removeNotificationListener(listener);
            }
            var afterGc = maxAfterGc.get() == 0 ? baseline : maxAfterGc.get();
            return new Result(Math.max(0, afterGc - baseline) / 1048576.0,
                    Math.max(0, maxUsed.get() - baseline) / 1048576.0, collections.get());
        }
    }
}
