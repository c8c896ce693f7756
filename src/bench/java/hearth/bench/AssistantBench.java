package hearth.bench;

import hearth.auth.Passwords;
import hearth.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The assistant benchmark (issue "Assistant", section "Speed"): what Hearth adds between an AI
 * provider streaming 50 tokens/s and the browser, with 100 answers streaming at once.
 *
 * <p>Hearth runs as a child JVM ({@link LiveNode}) on a fresh embedded PostgreSQL under
 * {@code target/assistant-pg}, configured with {@code OPENAI_COMPATIBLE_BASE_URL} pointing at
 * {@link BenchProvider}, an OpenAI-compatible server in this JVM. One org on the ENTERPRISE plan (no
 * limits), ten members logged in over HTTP, and one conversation per stream, each followed by one
 * SSE subscriber ({@link SseClients}, {@code GET /live?topic=org:{org}:conversation:{id}}). Every
 * conversation is asked again ({@code POST /o/{org}/assistant/{id}/messages}) as soon as its answer
 * is saved, so the streams stay concurrent; their first questions are spread over one answer's
 * duration so that the streams' tokens do not fall due in the same millisecond.
 *
 * <p><b>Per token.</b> The fake writes the {@link System#nanoTime()} of each write into the token's
 * text ({@code @<nanos>}); the subscriber records when the token's frame arrived, on the same
 * monotonic clock (CLOCK_MONOTONIC, shared by all processes of this machine). Raw latency = arrival
 * − write, for every token. The same is measured on the direct path: the same client reading the
 * fake's own stream over loopback, 100 streams at once, with Hearth idle (half of it before Hearth's
 * phase, half after, since the machine is shared). What Hearth adds is the difference of the
 * percentiles: added p50 = Hearth p50 − direct p50, and so on; when the direct path comes out the
 * slower one, the machine's load changed between the phases and no verdict is given.
 *
 * <p><b>Time to first token.</b> Per request: (first token's arrival at the client − the request
 * sent: the POST to Hearth, or the request to the fake) − the fake's own delay (its first token's
 * write − the request's arrival there). Its growth = that figure's percentile through Hearth − the
 * same percentile on the direct path.
 *
 * <p><b>A slow reader.</b> A third phase: 99 conversations read as before and one more is followed
 * by a subscriber that reads its stream's first frame and then nothing (a 4 KB receive buffer that
 * fills). Its answers must still be read from the provider at 50 tokens/s (the fake's writes never
 * wait, and Hearth saves each answer whole, as done, right after the provider's last byte: commit
 * time from {@code track_commit_timestamp}), and the other 99 streams keep their latency.
 */
public final class AssistantBench {
    private static final String PASSWORD = "assistant-bench-password";
    private static final String ORG = "aibench";

    private final int streams = Integer.getInteger("bench.assistant.streams", 100);
    private final int users = Integer.getInteger("bench.assistant.users", 10);
    private final int tokens = Integer.getInteger("bench.assistant.tokens", 200);
    private final long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("bench.assistant.interval.ms", 20));
    private final int warmupSeconds = Integer.getInteger("bench.assistant.warmup", 20);
    private final int seconds = Integer.getInteger("bench.assistant.seconds", 40);
    private final int directSeconds = Integer.getInteger("bench.assistant.direct.seconds", 30);
    private final int slowSeconds = Integer.getInteger("bench.assistant.slow.seconds", 20);
    private final String heap = System.getProperty("bench.assistant.heap", "1g");
    /** Which phases run; the figures of "hearth" and "slow" need "direct", their baseline. */
    private final String phases = System.getProperty("bench.assistant.phases", "hearth,direct,slow");
    private final boolean jfr = Boolean.getBoolean("bench.jfr");

    private final Targets targets = new Targets("assistant");
    private Jdbi jdbi;
    private long orgId;
    private long modelId;
    private final List<BenchClient> members = new ArrayList<>();
    private final List<Long> conversations = new ArrayList<>();
    private BenchProvider provider;
    private final AtomicInteger failures = new AtomicInteger();

    private AssistantBench() {}

    static void run() throws Exception {
        new AssistantBench().measure();
    }

    /** One request: when it was sent, what the fake wrote, and (through Hearth) how its answer was saved. */
    record Result(String tag, int conversation, long sent, long returned, BenchProvider.Answer answer, Saved saved) {}

    /** An answer's row once it ended: its status, its commit (wall-clock nanoseconds) and the tokens in its text. */
    record Saved(String status, long committedWallNanos, long wallOffset, int tokens) {}

    private void measure() throws Exception {
        var loadBefore = Targets.loadAverage();
        var directory = Path.of("target/assistant-pg");
        // Commit times: to see each answer's end saved on time.
        try (var postgres = LiveBench.freshPostgres(directory);
             var database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), directory, 8, null);
             var fake = new BenchProvider(tokens, intervalNanos)) {
            database.migrate();
            jdbi = database.jdbi();
            provider = fake;
            seed();
            var url = postgres.getJdbcUrl("postgres", "postgres");
            try (var node = LiveNode.start("assistant", url, 15, heap, jfr, Map.of("OPENAI_COMPATIBLE_BASE_URL", fake.baseUrl()))) {
                for (int u = 0; u < users; u++) {
                    var member = new BenchClient(node.port);
                    member.logIn("member" + u + "@aibench.test", PASSWORD);
                    members.add(member);
                }
                System.out.printf("Hearth: pid %d, port %d; fake provider on port %d: %d tokens per answer, one every %d ms%n",
                        node.pid, node.port, fake.port(), tokens, TimeUnit.NANOSECONDS.toMillis(intervalNanos));
                startConversations();
                try (var clients = new SseClients(2, node.port, 1, 2_000)) {
                    subscribe(clients);
                    // The direct path before and after Hearth, half its time each: the machine is shared.
                    var before = phases.contains("direct") ? direct(directSeconds / 2) : null;
                    var hearth = phases.contains("hearth")
                            ? run("hearth", warmupSeconds, seconds, streams, k -> k, this::askHearth, clients, node) : null;
                    var direct = before == null ? null : before.and(direct(directSeconds - directSeconds / 2));
                    if (direct != null) {
                        report(direct);
                    }
                    if (hearth != null && direct != null) {
                        throughHearth(hearth, direct);
                    }
                    if (phases.contains("slow") && direct != null) {
                        slowReader(node, clients, direct);
                    }
                }
            }
        }
        targets.line("machine", "cores=" + Runtime.getRuntime().availableProcessors() + " load_before=" + loadBefore
                + " load_after=" + Targets.loadAverage() + " failed_requests=" + failures.get());
        targets.report("Assistant benchmark against the issue's targets (clients, fake provider and Hearth on these 2 shared cores):", 62);
    }

    // ---- data

    /** One ENTERPRISE org (no quotas), its members, and the fake's model in the catalogue. */
    private void seed() {
        var hash = Passwords.hash(PASSWORD);
        jdbi.useTransaction(handle -> {
            orgId = handle.createQuery("insert into organizations (name, slug, plan) values ('Assistant Bench', :slug, 'ENTERPRISE') returning id")
                    .bind("slug", ORG).mapTo(Long.class).one();
            for (int u = 0; u < users; u++) {
                var user = handle.createQuery("insert into users (email, name, password_hash) values (:email, :name, :h) returning id")
                        .bind("email", "member" + u + "@aibench.test").bind("name", "Member " + u).bind("h", hash)
                        .mapTo(Long.class).one();
                handle.createUpdate("insert into memberships (org_id, user_id, role) values (:o, :u, :role)")
                        .bind("o", orgId).bind("u", user).bind("role", u == 0 ? "OWNER" : "MEMBER").execute();
            }
            modelId = handle.createQuery("""
                            insert into ai_models (provider, model_id, display_name, class, context_window, min_plan)
                            values ('compatible', 'bench-model', 'Bench model', 'FAST', 32768, 'FREE') returning id""")
                    .mapTo(Long.class).one();
        });
    }

    /** The conversations, one per stream and one more for the slow reader, each with its first answer written. */
    private void startConversations() throws Exception {
        var firstAnswers = new ArrayList<java.util.concurrent.CompletableFuture<BenchProvider.Answer>>();
        for (int k = 0; k <= streams; k++) {
            var tag = "c" + k + "-first";
            firstAnswers.add(provider.answer(tag));
            var response = member(k).post("/o/" + ORG + "/assistant", question(k, tag));
            BenchClient.expect(response, 303, "POST /o/" + ORG + "/assistant");
            var location = response.headers().firstValue("location").orElseThrow();
            conversations.add(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)));
        }
        for (var answer : firstAnswers) {
            answer.get(120, TimeUnit.SECONDS);
        }
        while (jdbi.withHandle(h -> h.createQuery("select count(*) from assistant_messages where status = 'streaming'")
                .mapTo(Integer.class).one()) > 0) {
            Thread.sleep(20);
        }
    }

    private BenchClient member(int conversation) {
        return members.get(conversation % users);
    }

    private Map<String, List<String>> question(int conversation, String tag) {
        return Map.of("_csrf", List.of(member(conversation).csrf()), "content", List.of(BenchProvider.question(tag)),
                "model", List.of(String.valueOf(modelId)), "temperature", List.of("0.7"));
    }

    private String streamRequest(int conversation) {
        return "GET /live?topic=org:" + orgId + ":conversation:" + conversations.get(conversation)
                + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nCookie: hearth_session="
                + member(conversation).cookie() + "\r\n\r\n";
    }

    /** One subscriber for each of the first {@code streams} conversations (the last one is the slow reader's). */
    private void subscribe(SseClients clients) throws InterruptedException {
        clients.open(streams, this::streamRequest);
        if (!clients.awaitReady(streams, 60_000) || clients.failed.get() > 0) {
            throw new IllegalStateException("Only " + clients.ready.get() + " of " + streams + " streams opened ("
                    + clients.failed.get() + " failed)");
        }
    }

    // ---- phases

    /** Figures of the direct path, the baseline for what Hearth adds. */
    record Baseline(Latencies tokens, Latencies ttft, String load) {
        /** Both halves together: measured before and after Hearth, so the machine's load changing in between is shared out. */
        Baseline and(Baseline later) {
            var both = new Baseline(new Latencies(), new Latencies(), load + "," + later.load);
            for (var half : List.of(this, later)) {
                both.tokens.addAll(half.tokens);
                both.ttft.addAll(half.ttft);
            }
            return both;
        }
    }

    /** The direct path: the same client reading the fake's streams itself, {@code streams} at once. */
    private Baseline direct(int seconds) throws Exception {
        try (var clients = new SseClients(2, provider.port(), 1, 2_000)) {
            var window = run("direct", 5, seconds, streams, k -> k, (k, tag) -> {
                var sent = System.nanoTime();
                clients.open(1, n -> BenchProvider.directRequest(tag), false);
                return new Result(tag, k, sent, sent, provider.answer(tag).get(60, TimeUnit.SECONDS), null);
            }, clients, null);
            return new Baseline(tokenLatencies(window), ttft(window), window.load);
        }
    }

    private void report(Baseline direct) {
        var tokenLatencies = direct.tokens();
        var ttft = direct.ttft();
        targets.line("direct", "streams=" + streams + " " + tokenLatencies.keys("direct_token") + " " + ttft.keys("direct_ttft_net")
                + " direct_load=" + direct.load());
        System.out.printf(Locale.ROOT, "  direct (client reads the fake), %d streams: per token p50 %.3f / p99 %.3f / max %.2f ms; "
                        + "time to first token beyond the fake's own delay p50 %.3f / p99 %.3f ms; load %s%n",
                streams, tokenLatencies.percentileMs(50), tokenLatencies.percentileMs(99), tokenLatencies.maxMs(),
                ttft.percentileMs(50), ttft.percentileMs(99), direct.load());
    }

    /** The main phase's figures: {@code streams} answers at once through Hearth, each read by its subscriber. */
    private void throughHearth(Window window, Baseline direct) {
        var tokenLatencies = tokenLatencies(window);
        var ttft = ttft(window);
        var addedP50 = tokenLatencies.percentileMs(50) - direct.tokens().percentileMs(50);
        var addedP99 = tokenLatencies.percentileMs(99) - direct.tokens().percentileMs(99);
        var growthP50 = ttft.percentileMs(50) - direct.ttft().percentileMs(50);
        var growthP99 = ttft.percentileMs(99) - direct.ttft().percentileMs(99);
        var request = new Latencies();
        var response = new Latencies();
        var firstDelivery = new Latencies();
        var arrivals = firstArrivals(window);
        for (var result : window.results) {
            request.add(result.answer().received() - result.sent());
            response.add(result.returned() - result.sent());
            var arrival = arrivals.get(result.answer().firstWrite());
            if (arrival != null) {
                firstDelivery.add(arrival - result.answer().firstWrite());
            }
        }
        var cpuPerToken = window.cpuNanos / 1e3 / Math.max(1, tokenLatencies.count());
        var jitPerToken = window.jitNanos / 1e3 / Math.max(1, tokenLatencies.count());
        targets.line("hearth", "streams=" + streams + " " + tokenLatencies.keys("hearth_token")
                + String.format(Locale.ROOT, " added_token_p50_ms=%.3f added_token_p99_ms=%.3f", addedP50, addedP99)
                + " " + ttft.keys("hearth_ttft_net")
                + String.format(Locale.ROOT, " ttft_growth_p50_ms=%.3f ttft_growth_p99_ms=%.3f", growthP50, growthP99)
                + " " + response.keys("post_response") + " " + request.keys("post_to_provider") + " " + firstDelivery.keys("first_token_delivery")
                + String.format(Locale.ROOT, " hearth_cpu_us_per_token=%.1f hearth_jit_us_per_token=%.1f pool_acquire_mean_ms=%.2f",
                        cpuPerToken, jitPerToken, window.poolWaitMs)
                + " tokens_written=" + window.written + " answers=" + window.results.size() + " hearth_load=" + window.load);
        System.out.printf(Locale.ROOT, "  through Hearth, %d streams: per token p50 %.3f / p99 %.3f / max %.2f ms (adds %.3f / %.3f); "
                        + "%d of %d tokens arrived; time to first token beyond the fake's delay p50 %.2f / p99 %.2f ms "
                        + "(grows by %.2f / %.2f: the POST answered in %.2f ms and reached the provider in %.2f ms (p50), first token's delivery p50 %.2f ms); "
                        + "%.1f µs of Hearth's CPU per token (the JIT's share %.1f); %.2f ms mean wait for a database connection; load %s%n",
                streams, tokenLatencies.percentileMs(50), tokenLatencies.percentileMs(99), tokenLatencies.maxMs(), addedP50, addedP99,
                tokenLatencies.count(), window.written, ttft.percentileMs(50), ttft.percentileMs(99), growthP50, growthP99,
                response.percentileMs(50), request.percentileMs(50), firstDelivery.percentileMs(50), cpuPerToken, jitPerToken, window.poolWaitMs, window.load);
        added("per-token latency Hearth adds, p50", tokenLatencies.percentileMs(50), direct.tokens().percentileMs(50), 0.3);
        added("per-token latency Hearth adds, p99", tokenLatencies.percentileMs(99), direct.tokens().percentileMs(99), 2);
        added("time to first token grows by (p50)", ttft.percentileMs(50), direct.ttft().percentileMs(50), 2);
        targets.atLeast("tokens that arrived (of those written)", 100.0 * tokenLatencies.count() / Math.max(1, window.written), 99.9, "%");
    }

    /**
     * 99 conversations read as in the main phase, and one followed by a subscriber that stops reading
     * after its first frame. Conversation 0 rests (its subscriber gets nothing); the slow reader's is
     * the extra conversation, number {@code streams}.
     */
    private void slowReader(LiveNode node, SseClients clients, Baseline direct) throws Exception {
        var slow = streams;
        try (var socket = stalledSubscriber(node.port, streamRequest(slow))) {
            var window = run("slow", 4, slowSeconds, streams, k -> k == 0 ? slow : k, this::askHearth, clients, node);
            var others = tokenLatencies(window);
            var ofSlow = window.results.stream().filter(r -> r.conversation() == slow).toList();
            var doneLag = new Latencies();
            var otherDoneLag = new Latencies();
            long maxLate = 0;
            int whole = 0;
            double slowestRate = Double.MAX_VALUE;
            for (var result : window.results) {
                var lag = result.saved().committedWallNanos() - (result.answer().done() + result.saved().wallOffset());
                if (result.conversation() != slow) {
                    otherDoneLag.add(lag);
                    continue;
                }
                doneLag.add(lag);
                maxLate = Math.max(maxLate, result.answer().maxLateNanos());
                if (result.saved().status().equals("done") && result.saved().tokens() == tokens) {
                    whole++;
                }
                var span = result.answer().lastWrite() - result.answer().firstWrite();
                slowestRate = Math.min(slowestRate, (result.answer().tokens() - 1) * 1e9 / Math.max(1, span));
            }
            var stalled = readWhatIsLeft(socket);
            var addedP50 = others.percentileMs(50) - direct.tokens().percentileMs(50);
            var addedP99 = others.percentileMs(99) - direct.tokens().percentileMs(99);
            targets.line("slow", "streams=" + streams + " slow_answers=" + ofSlow.size() + " slow_answers_whole=" + whole
                    + String.format(Locale.ROOT, " slow_provider_tokens_per_s_min=%.2f slow_provider_write_late_max_ms=%.2f",
                    slowestRate, maxLate / 1e6)
                    + " " + doneLag.keys("slow_saved_after_provider") + " " + otherDoneLag.keys("others_saved_after_provider")
                    + " slow_reader_bytes_read_after=" + stalled.bytes() + " slow_reader_dropped=" + stalled.ended()
                    + " " + others.keys("others_token")
                    + String.format(Locale.ROOT, " others_added_token_p50_ms=%.3f others_added_token_p99_ms=%.3f", addedP50, addedP99)
                    + " slow_load=" + window.load);
            System.out.printf(Locale.ROOT, "  a reader that stops: its %d answers read from the provider at %.2f tokens/s at least "
                            + "(writes late by %.2f ms at most), %d of them saved whole, done %.1f ms after the provider's last byte "
                            + "at most (others p99 %.1f ms); it read %,d bytes afterwards%s; the other %d streams: per token "
                            + "p50 %.3f / p99 %.3f ms (adds %.3f / %.3f); load %s%n",
                    ofSlow.size(), slowestRate, maxLate / 1e6, whole, doneLag.maxMs(), otherDoneLag.percentileMs(99), stalled.bytes(),
                    stalled.ended() ? " and then the stream ended (Hearth dropped it)" : "", streams - 1,
                    others.percentileMs(50), others.percentileMs(99), addedP50, addedP99, window.load);
            targets.atLeast("slow reader: answers read from the provider whole", ofSlow.isEmpty() ? 0 : 100.0 * whole / ofSlow.size(), 100, "%");
            targets.atLeast("slow reader: provider read at (slowest answer)", slowestRate, 49.5, "tokens/s");
            targets.atMost("slow reader: saved as done after the provider's end (max)", doneLag.maxMs(),
                    Math.max(50, otherDoneLag.maxMs()), "ms");
            added("others beside a slow reader: added p50", others.percentileMs(50), direct.tokens().percentileMs(50), 0.3);
            added("others beside a slow reader: added p99", others.percentileMs(99), direct.tokens().percentileMs(99), 2);
        }
    }

    /**
     * A figure net of the direct path's. The two phases run one after the other on a shared machine: when
     * the direct path came out slower than Hearth, the difference says nothing about Hearth, and no verdict is given.
     */
    private void added(String target, double throughHearth, double direct, double limit) {
        if (direct > throughHearth) {
            targets.skipped(target + " ≤ " + Targets.format(limit) + " ms", String.format(Locale.ROOT,
                    "not measurable: the direct path's %.2f ms exceeds Hearth's %.2f ms (the machine's load varied)", direct, throughHearth));
        } else {
            targets.atMost(target, throughHearth - direct, limit, "ms");
        }
    }

    // ---- driving the streams

    interface Ask {
        Result ask(int conversation, String tag) throws Exception;
    }

    /** What one phase measured: its window, the requests sent in it, the tokens that arrived. */
    record Window(long from, long to, List<Result> results, SseClients.Arrivals tokens, long written, long cpuNanos,
                  long jitNanos, double poolWaitMs, String load) {}

    /**
     * {@code count} streams kept busy, one thread each asking again as soon as its answer is over
     * (the k-th starts k/count of an answer later): {@code warmup} seconds first, then the measured
     * window; then every stream finishes its answer. Requests sent in the window, and tokens written
     * in it, are what the phase measured.
     */
    private Window run(String name, int warmup, int measured, int count, java.util.function.IntUnaryOperator conversation,
                       Ask ask, SseClients clients, LiveNode node) throws Exception {
        var results = new ConcurrentLinkedQueue<Result>();
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        var threads = new ArrayList<Thread>();
        var answerNanos = tokens * intervalNanos;
        for (int i = 0; i < count; i++) {
            var k = conversation.applyAsInt(i);
            var delay = answerNanos * i / count;
            var thread = new Thread(() -> {
                try {
                    TimeUnit.NANOSECONDS.sleep(delay);
                    for (int n = 0; running.get(); n++) {
                        try {
                            results.add(ask.ask(k, name + k + "-" + n));
                        } catch (java.io.UncheckedIOException e) {
                            // Say, a kept-alive connection the server closed as it was reused: counted, and asked again.
                            failures.incrementAndGet();
                            System.err.println("Stream " + k + ": " + e.getMessage() + " (" + e.getCause() + "); asking again");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println("Stream " + k + " stopped: " + e);
                }
            }, "bench-" + name + "-" + k);
            thread.start();
            threads.add(thread);
        }
        TimeUnit.SECONDS.sleep(warmup);
        clients.drainTokens();
        var load = Targets.loadAverage();
        var statsBefore = node == null ? Map.of("cpu_ns", 0L, "jit_ms", 0L) : node.ask("stats");
        var pool = node == null ? null : poolAcquisitions();
        var from = System.nanoTime();
        TimeUnit.SECONDS.sleep(measured);
        var to = System.nanoTime();
        var statsAfter = node == null ? statsBefore : node.ask("stats");
        var cpu = statsAfter.get("cpu_ns") - statsBefore.get("cpu_ns");
        // The JIT's compile time in the window (compiler threads' CPU, roughly): it is still at work here.
        var jit = (statsAfter.get("jit_ms") - statsBefore.get("jit_ms")) * 1_000_000;
        var poolWaitMs = Double.NaN;
        if (pool != null) {
            var after = poolAcquisitions();
            poolWaitMs = (after[0] - pool[0]) * 1e3 / Math.max(1, after[1] - pool[1]);
        }
        running.set(false);
        for (var thread : threads) {
            thread.join();
        }
        Thread.sleep(100);
        var inWindow = results.stream().filter(r -> r.sent() >= from && r.sent() < to).toList();
        return new Window(from, to, inWindow, clients.drainTokens(), provider.written(from, to), cpu, jit, poolWaitMs,
                load + "-" + Targets.loadAverage());
    }

    /** Hearth's connection pool so far, from its /metrics: seconds spent waiting for a connection, and connections taken. */
    private double[] poolAcquisitions() {
        var figures = new double[2];
        for (var line : members.get(0).get("/metrics").body().split("\n")) {
            if (line.startsWith("hikaricp_connections_acquire_seconds_sum")) {
                figures[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("hikaricp_connections_acquire_seconds_count")) {
                figures[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return figures;
    }

    /** One question through Hearth, its answer followed to the end, and the row it was saved as. */
    private Result askHearth(int k, String tag) throws Exception {
        var answer = provider.answer(tag);
        var sent = System.nanoTime();
        member(k).timedPost("/o/" + ORG + "/assistant/" + conversations.get(k) + "/messages", question(k, tag), 303);
        var returned = System.nanoTime();
        var written = answer.get(60, TimeUnit.SECONDS);
        return new Result(tag, k, sent, returned, written, saved(conversations.get(k)));
    }

    /** Waits until the conversation's newest answer has ended; its row then. */
    private Saved saved(long conversation) throws InterruptedException {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int polls = 0;
        while (System.nanoTime() < deadline) {
            var offset = LiveBench.wallClockOffset();
            var row = jdbi.withHandle(h -> h.createQuery("""
                            select status, (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint as committed,
                                   length(content) - length(replace(content, '@', '')) as tokens
                            from assistant_messages where org_id = :org and conversation_id = :conversation and role = 'assistant'
                            order by id desc limit 1""")
                    .bind("org", orgId).bind("conversation", conversation)
                    .map((rs, ctx) -> new Saved(rs.getString(1), rs.getLong(2) * 1_000, offset, rs.getInt(3))).one());
            if (!row.status().equals("streaming")) {
                return row;
            }
            // Backing off: a hundred threads asking every few milliseconds would load the database they measure.
            Thread.sleep(Math.min(50, 5L << Math.min(4, polls++)));
        }
        throw new IllegalStateException("The answer in conversation " + conversation + " was not saved within 30 s");
    }

    // ---- the slow reader

    /** A subscriber that reads the response's headers and its hello, then nothing more. */
    private static Socket stalledSubscriber(int port, String request) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        var seen = new StringBuilder();
        var in = socket.getInputStream();
        while (!seen.toString().contains("event: hello")) {
            var b = in.read();
            if (b < 0) {
                throw new IOException("The slow reader's stream ended at once: " + seen);
            }
            seen.append((char) b);
        }
        return socket;
    }

    record Leftover(long bytes, boolean ended) {}

    /** After the phase: what the stalled subscriber's socket still had for it, and whether the server had ended the stream. */
    private static Leftover readWhatIsLeft(Socket socket) throws IOException {
        socket.setSoTimeout(3_000);
        InputStream in = socket.getInputStream();
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
            }
            return new Leftover(bytes, true);
        } catch (SocketTimeoutException e) {
            return new Leftover(bytes, false);
        } catch (IOException e) {
            return new Leftover(bytes, true);
        }
    }

    // ---- figures

    /** Arrival − write of every token written in the window. */
    private static Latencies tokenLatencies(Window window) {
        var latencies = new Latencies();
        var tokens = window.tokens();
        for (int i = 0; i < tokens.count; i++) {
            var stamp = tokens.ids[i];
            if (stamp >= window.from() && stamp < window.to()) {
                latencies.add(tokens.nanos[i] - stamp);
            }
        }
        return latencies;
    }

    /** The arrival of each request's first token, by its stamp. */
    private static Map<Long, Long> firstArrivals(Window window) {
        var firsts = new HashSet<Long>();
        for (var result : window.results()) {
            firsts.add(result.answer().firstWrite());
        }
        var arrivals = new HashMap<Long, Long>();
        var tokens = window.tokens();
        for (int i = 0; i < tokens.count; i++) {
            if (firsts.contains(tokens.ids[i])) {
                arrivals.putIfAbsent(tokens.ids[i], tokens.nanos[i]);
            }
        }
        return arrivals;
    }

    /** Per request: (first token's arrival − request sent) − (the fake's first write − the request's arrival there). */
    private static Latencies ttft(Window window) {
        var arrivals = firstArrivals(window);
        var ttft = new Latencies();
        for (var result : window.results()) {
            var arrival = arrivals.get(result.answer().firstWrite());
            if (arrival != null) {
                ttft.add(arrival - result.sent() - (result.answer().firstWrite() - result.answer().received()));
            }
        }
        return ttft;
    }
}
