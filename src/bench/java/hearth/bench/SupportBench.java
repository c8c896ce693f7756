package hearth.bench;

import hearth.App;
import hearth.Config;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The support benchmark (issue "Support desk", section "Speed"), on {@link SupportData}'s 1,000,000
 * messages in 100,000 conversations, against the app started in this JVM, over real HTTP as support
 * agents logged in through the login form:
 *
 * <ul>
 * <li>search of the queue, newest activity first and by relevance, one agent at a time, for words of
 * every selectivity (in most conversations, in one message in a hundred, a thousand, a hundred
 * thousand, in none; a prefix; two words);
 * <li>the queue page, cycling through the views agents use (everything, open, unassigned, mine, urgent,
 * a tag, an org, newest created, the second page): one agent at a time, then 16 agents at once, each
 * on its own connection (see {@link #queue});
 * <li>a reply (POST, the real write path) reaching 1,000 browsers watching the conversation, each an
 * SSE stream with the console page's topics: from the transaction's commit
 * ({@code track_commit_timestamp}) to each stream's arrival, as the live benchmark measures.
 * </ul>
 */
final class SupportBench {
    private static final String QUEUE = "/admin/support";
    private static final Pattern NEXT = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"");
    /** What agents search for, by how many conversations have it (see {@link SupportData}). */
    private static final List<String> TERMS = List.of("invoice", SupportData.UNCOMMON, SupportData.RARE,
            SupportData.UNIQUE, "inv", "refund invoice", "xylophonist");

    private final int searchRequests = Integer.getInteger("bench.support.search.requests", 1_400);
    private final int clients = Integer.getInteger("bench.support.clients", 16);
    private final int seconds = Integer.getInteger("bench.support.seconds", 40);
    private final int think = Integer.getInteger("bench.support.think.ms", 500);
    private final int singleRequests = Integer.getInteger("bench.support.single.requests", 100);
    private final int queueWarmup = Integer.getInteger("bench.support.queue.warmup", 2_000);
    private final int watchers = Integer.getInteger("bench.support.watchers", 1_000);
    private final int messages = Integer.getInteger("bench.support.messages", 150);
    private final int gapMillis = Integer.getInteger("bench.support.gap.ms", 50);
    /**
     * Unmeasured replies first (about 4 s): after the queue phase the JIT is still compiling, and the
     * fan-out and the clients' reading code are compiled during these (seen as C2 at 50–80% of a core
     * and the first measured replies at 110–270 ms with a 15-reply warm-up).
     */
    private final int watchersWarmup = Integer.getInteger("bench.support.watchers.warmup", 60);
    private final String phases = System.getProperty("bench.support.phases", "search,queue,watchers");

    private final Targets targets = new Targets("support");
    private Jdbi jdbi;

    private SupportBench() {}

    static void run() throws Exception {
        new SupportBench().measure();
    }

    private void measure() throws Exception {
        var loadBefore = Targets.loadAverage();
        var opening = System.nanoTime();
        try (var data = SupportData.open(Integer.getInteger("bench.pool", 10))) {
            jdbi = data.database().jdbi();
            prepare();
            var app = App.start(Config.from(Map.of("PORT", "0")), data.database());
            try {
                System.out.printf(Locale.ROOT, "Database and app ready in %.1f s (app on port %d)%n",
                        (System.nanoTime() - opening) / 1e9, app.port());
                var agents = new ArrayList<BenchClient>();
                for (int i = 1; i <= SupportData.AGENTS; i++) {
                    var agent = new BenchClient(app.port());
                    agent.logIn(SupportData.agentEmail(i), SupportData.PASSWORD);
                    agents.add(agent);
                }
                var dbTime = new DatabaseTime(jdbi);
                if (phases.contains("search")) {
                    search("search_newest", agents.get(0), "", 25, dbTime);
                    search("search_relevance", agents.get(0), "&sort=relevance", 50, dbTime);
                }
                if (phases.contains("queue")) {
                    queue(agents, dbTime);
                }
                if (phases.contains("watchers")) {
                    watchers(app.port(), agents);
                }
            } finally {
                app.close();
            }
        }
        targets.line("machine", "cores=" + Runtime.getRuntime().availableProcessors() + " load_before=" + loadBefore
                + " load_after=" + Targets.loadAverage());
        targets.report("Support benchmark against the issue's targets (client-side times over loopback, 2 cores shared with the load):", 44);
    }

    /** Each run starts from the same state: no sessions, limits or events left by the previous run. */
    private void prepare() {
        jdbi.useHandle(handle -> {
            handle.execute("create extension if not exists pg_stat_statements");
            handle.execute("truncate sessions, login_failures, rate_limits, events");
            var dead = handle.createQuery("""
                    select coalesce(sum(n_dead_tup), 0) from pg_stat_user_tables
                    where relname in ('support_conversations', 'support_messages')""").mapTo(Long.class).one();
            if (dead > 10_000) {
                handle.execute("vacuum (analyze) support_conversations, support_messages");
            }
        });
    }

    // ---- search

    /** Every term in turn, one request at a time; a quarter of the count again as warm-up. */
    private void search(String name, BenchClient agent, String sort, double limitMs, DatabaseTime dbTime) {
        var urls = TERMS.stream().map(term -> QUEUE + "?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8) + sort).toList();
        for (var url : urls) {
            BenchClient.expect(agent.get(url), 200, url);
        }
        for (int i = 0; i < searchRequests / 4; i++) {
            agent.timedGet(urls.get(i % urls.size()), 200);
        }
        var server = ServerTime.read(agent);
        dbTime.reset();
        var all = new Latencies();
        var byTerm = new ArrayList<Latencies>();
        urls.forEach(url -> byTerm.add(new Latencies()));
        for (int i = 0; i < searchRequests; i++) {
            var latency = agent.timedGet(urls.get(i % urls.size()), 200);
            all.add(latency);
            byTerm.get(i % urls.size()).add(latency);
        }
        var keys = new StringBuilder(all.keys(name));
        for (int t = 0; t < TERMS.size(); t++) {
            var term = TERMS.get(t).replaceAll("[^a-z]+", "_");
            keys.append(String.format(Locale.ROOT, " %s_%s_p50_ms=%.2f %s_%s_p99_ms=%.2f", name, term,
                    byTerm.get(t).percentileMs(50), name, term, byTerm.get(t).percentileMs(99)));
        }
        var serverMean = ServerTime.read(agent).meanMsSince(server, "GET", QUEUE);
        keys.append(String.format(Locale.ROOT, " %s_server_mean_ms=%.2f ", name, serverMean)).append(dbTime.report(name, all.count()));
        targets.line(name, keys.toString());
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d requests (server mean %.2f ms)%n",
                name, all.percentileMs(50), all.percentileMs(99), all.maxMs(), all.count(), serverMean);
        for (int t = 0; t < TERMS.size(); t++) {
            System.out.printf(Locale.ROOT, "    %-16s p50 %6.2f ms  p99 %6.2f ms%n", "\"" + TERMS.get(t) + "\"",
                    byTerm.get(t).percentileMs(50), byTerm.get(t).percentileMs(99));
        }
        targets.atMost(name.replace('_', ' ') + " p99", all.percentileMs(99), limitMs, "ms");
    }

    // ---- the queue at 16 agents

    private List<String> queueViews(BenchClient agent) {
        var org = jdbi.withHandle(handle -> handle.createQuery("select id from organizations where slug = 'customer-7'")
                .mapTo(Long.class).one());
        var views = new ArrayList<>(List.of(QUEUE,
                QUEUE + "?status=open",
                QUEUE + "?status=open&status=pending&status=in_progress&assignee=none",
                QUEUE + "?assignee=me&status=open&status=in_progress",
                QUEUE + "?priority=urgent&priority=high&status=open&status=in_progress",
                QUEUE + "?tag=billing",
                QUEUE + "?org=" + org,
                QUEUE + "?sort=created"));
        var first = agent.get(QUEUE);
        BenchClient.expect(first, 200, QUEUE);
        var next = NEXT.matcher(first.body());
        if (!next.find()) {
            throw new IllegalStateException("The queue has no next link");
        }
        views.add(next.group(1).replace("&amp;", "&"));
        return views;
    }

    /**
     * The queue three ways: one agent going through the views one request at a time; {@code clients}
     * agents at once, each pausing a random think time between requests (exponential, mean {@code
     * think} ms: an agent who acts twice a second all day is far busier than a person); and the same
     * agents with no pause at all, which only says how many pages per second the machine can serve.
     */
    private void queue(List<BenchClient> agents, DatabaseTime dbTime) throws Exception {
        var views = queueViews(agents.get(0));
        // Not measured: the JIT compiles the page's code, and every agent's connection and session is used once.
        for (int i = 0; i < queueWarmup; i++) {
            agents.get(i % agents.size()).timedGet(views.get(i % views.size()), 200);
        }
        var single = new Latencies();
        var byView = new ArrayList<Latencies>();
        for (var view : views) {
            var latencies = new Latencies();
            for (int i = 0; i < singleRequests; i++) {
                latencies.add(agents.get(0).timedGet(view, 200));
            }
            byView.add(latencies);
            single.addAll(latencies);
        }
        var bytes = agents.get(0).get(views.get(0)).body().getBytes(StandardCharsets.UTF_8).length;
        var keys = new StringBuilder(single.keys("queue_single")).append(" queue_page_bytes=").append(bytes);
        for (int v = 0; v < views.size(); v++) {
            keys.append(String.format(Locale.ROOT, " queue_single_view%d_p50_ms=%.2f queue_single_view%d_p99_ms=%.2f",
                    v, byView.get(v).percentileMs(50), v, byView.get(v).percentileMs(99)));
        }
        targets.line("queue_single", keys.toString());
        System.out.printf(Locale.ROOT, "  queue, one agent: p50 %.2f ms, p99 %.2f ms (the page is %,d bytes)%n",
                single.percentileMs(50), single.percentileMs(99), bytes);
        for (int v = 0; v < views.size(); v++) {
            System.out.printf(Locale.ROOT, "    %-72s p50 %6.2f ms  p99 %6.2f ms%n", views.get(v).length() > 72
                    ? views.get(v).substring(0, 69) + "..." : views.get(v), byView.get(v).percentileMs(50), byView.get(v).percentileMs(99));
        }
        var agentsAtWork = load("queue", agents, views, think, seconds, dbTime);
        targets.atMost("queue page p99, " + clients + " agents acting every ~" + think + " ms", agentsAtWork.percentileMs(99), 15, "ms");
        load("queue_saturated", agents, views, 0, seconds / 2, dbTime);
    }

    /** {@code clients} agents, each on its own connection, for {@code seconds}; returns every request's latency. */
    private Latencies load(String name, List<BenchClient> agents, List<String> views, int thinkMillis, int forSeconds,
                           DatabaseTime dbTime) throws Exception {
        var sessions = new ArrayList<BenchClient>();
        for (int t = 0; t < clients; t++) {
            sessions.add(agents.get(t % agents.size()).sameSession());
        }
        var server = new ServerTime[1];
        var cpu = new ServerCpu[1];
        var loadBefore = new String[1];
        var load = ClientLoad.run(sessions, views, thinkMillis, forSeconds, () -> {
            server[0] = ServerTime.read(agents.get(0));
            cpu[0] = ServerCpu.start();
            dbTime.reset();
            loadBefore[0] = Targets.loadAverage();
        });
        var all = load.latencies();
        var failures = load.failures();
        var elapsed = load.seconds();
        var cpuPerPage = cpu[0].nanos() / 1e3 / Math.max(1, all.count());
        var kbPerPage = cpu[0].allocatedBytes() / 1024.0 / Math.max(1, all.count());
        var serverMean = ServerTime.read(agents.get(0)).meanMsSince(server[0], "GET", QUEUE);
        targets.line(name, all.keys(name) + String.format(Locale.ROOT,
                " %1$s_clients=%2$d %1$s_think_ms=%3$d %1$s_pages_per_s=%4$.0f %1$s_failures=%5$d %1$s_server_mean_ms=%6$.2f %1$s_load=%7$s"
                        + " %1$s_server_cpu_us=%8$.0f %1$s_server_alloc_kb=%9$.0f ",
                name, clients, thinkMillis, all.count() / elapsed, failures, serverMean, loadBefore[0], cpuPerPage, kbPerPage) + dbTime.report(name, all.count()));
        System.out.printf(Locale.ROOT, "  %s: %d agents, think %d ms: p50 %.2f ms, p99 %.2f ms, %.0f pages/s, server mean %.2f ms, "
                        + "request threads' CPU %.0f µs/page and allocation %.0f KB/page, %d failures%n",
                name, clients, thinkMillis, all.percentileMs(50), all.percentileMs(99), all.count() / elapsed, serverMean, cpuPerPage,
                kbPerPage, failures);
        if (failures > 0) {
            throw new IllegalStateException(failures + " queue requests failed");
        }
        return all;
    }

    // ---- a reply to 1,000 watching browsers

    /**
     * The newest open conversation, watched by {@code watchers} streams of the agents' sessions with
     * the console page's topics; agent 1 replies {@code messages} times through the real form.
     */
    private void watchers(int port, List<BenchClient> agents) throws Exception {
        var conversation = jdbi.withHandle(handle -> handle.createQuery("""
                select id from support_conversations where status = 'open' and merged_into is null and archived_at is null
                order by last_message_at desc limit 1""").mapTo(Long.class).one());
        var topics = "topic=support:queue&topic=support:conversation:" + conversation + "&topic=support:staff:" + conversation;
        var cookies = agents.stream().map(BenchClient::cookie).toList();
        try (var streams = new SseClients(2, port, 4, 500)) {
            streams.open(watchers, i -> "GET /live?" + topics + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Cookie: hearth_session=" + cookies.get(i % cookies.size()) + "\r\n\r\n");
            if (!streams.awaitReady(watchers, 60_000) || streams.failed.get() > 0) {
                throw new IllegalStateException("Only " + streams.ready.get() + " of " + watchers + " streams opened ("
                        + streams.failed.get() + " failed)");
            }
            var writer = agents.get(0);
            var warmup = watchersWarmup;
            var writes = new ArrayList<LiveBench.Write>();
            var cursor = jdbi.withHandle(handle -> handle.createQuery("select coalesce(max(id), 0) from events")
                    .mapTo(Long.class).one());
            for (int i = 0; i < warmup + messages; i++) {
                if (i == warmup) {
                    Thread.sleep(gapMillis);
                    streams.drain();
                }
                var form = new HashMap<String, List<String>>();
                form.put("_csrf", List.of(writer.csrf()));
                form.put("kind", List.of("agent"));
                form.put("body", List.of("Thanks for waiting — reply " + i + " from the benchmark. We are looking into your invoice."));
                var offset = LiveBench.wallClockOffset();
                var sent = System.nanoTime();
                writer.timedPost(QUEUE + "/" + conversation + "/messages", form, 303);
                writes.add(new LiveBench.Write(sent, System.nanoTime(), offset));
                Thread.sleep(gapMillis);
            }
            var until = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < until && streams.pendingCount() < 3L * watchers * messages) {
                Thread.sleep(20);
            }
            var delivery = LiveBench.Delivery.of(jdbi, cursor, "supportmessage.added", writes.subList(warmup, writes.size()),
                    warmup, streams.drain(), watchers);
            targets.line("watchers", "watchers=" + watchers + " messages=" + messages + " " + delivery.keys("watchers"));
            System.out.printf(Locale.ROOT, "  a reply to %,d watchers: p50 %.2f ms, p99 %.2f ms, last watcher p50 %.2f ms / max %.2f ms, "
                            + "%d of %d deliveries%n", watchers, delivery.latencies().percentileMs(50),
                    delivery.latencies().percentileMs(99), delivery.last().percentileMs(50), delivery.last().maxMs(),
                    delivery.deliveries(), (long) messages * watchers);
            System.out.println("    slowest: " + String.join("; ", delivery.slowest()));
            targets.atMost("reply to " + watchers + " watchers p99", delivery.latencies().percentileMs(99), 100, "ms");
            if (delivery.missing() > 0) {
                targets.atMost("replies missing at watchers", delivery.missing(), 0, "");
            }
        }
    }
}
