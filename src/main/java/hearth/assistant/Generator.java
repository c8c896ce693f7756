package hearth.assistant;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import hearth.assistant.providers.Cancellation;
import hearth.assistant.providers.ChatRequest;
import hearth.assistant.providers.ChatResult;
import hearth.assistant.providers.ProviderException;
import hearth.assistant.providers.TokenListener;
import hearth.assistant.providers.Usage;
import hearth.live.Signals;
import hearth.live.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes answers. Each runs on a thread of its own, independent of any browser: the tokens go to
 * the conversation's topic as signals the moment they arrive (every tab showing it, on every node),
 * the text so far is saved twice a second (a crash loses at most the last half second), and the
 * end — done, stopped or failed — is one transaction with its usage, its quota and its event.
 */
public final class Generator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Generator.class);
    static final long FLUSH_MILLIS = 500;

    /** One answer to write. {@code readCache}: false for a regenerate, which asks for a new answer. */
    public record Job(long orgId, long userId, long conversationId, long messageId, Model model, Optional<Model> fallback,
                      ChatRequest request, Quotas.Reservation reservation, boolean readCache) {}

    private final Jdbi jdbi;
    private final Catalogue catalogue;
    private final Signals signals;
    private final ResponseCache cache;
    private final Titles titles;
    private final UUID node;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<Long, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** {@code sweepSeconds}: how often answers of dead nodes are looked for (the live heartbeat). */
    public Generator(Jdbi jdbi, Catalogue catalogue, Signals signals, ResponseCache cache, UUID node, ExecutorService workers,
                     long sweepSeconds) {
        this.jdbi = jdbi;
        this.catalogue = catalogue;
        this.signals = signals;
        this.cache = cache;
        this.node = node;
        this.workers = workers;
        this.titles = new Titles(jdbi, catalogue);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "hearth-assistant-flush");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::sweepInterrupted, 1, sweepSeconds, TimeUnit.SECONDS);
    }

    public UUID node() {
        return node;
    }

    public void start(Job job) {
        var answer = new Running(job, new Cancellation(), System.nanoTime());
        running.put(job.messageId(), answer);
        workers.execute(() -> run(answer, () -> stream(job.model(), job.request(), answer, answer.cancellation)));
    }

    /**
     * Asks the provider now, before the request is admitted and its answer's row exists, so that the
     * provider's time to first token runs while the question is written: what arrives is kept until
     * {@link #start(Job, Early)} names the answer, or dropped by {@link Early#abandon()}. Only for a
     * request the cache cannot answer, and whose limits had room a moment ago: a refused request
     * cancels the provider's answer within milliseconds, and asking for every refused request would
     * let someone over their limit keep the provider busy.
     */
    public Early speculate(Model model, ChatRequest request) {
        var early = new Early();
        workers.execute(() -> {
            Attempt first;
            try {
                var result = stream(model, request, early, early.cancellation);
                first = () -> result;
            } catch (ProviderException | RuntimeException e) {
                first = () -> {
                    throw e;
                };
            }
            var answer = early.awaitOutcome();
            if (answer != null) {
                run(answer, first);
            }
        });
        return early;
    }

    /** The answer of an early request, now admitted and written as {@code job}. */
    public void start(Job job, Early early) {
        var answer = new Running(job, early.cancellation, early.startedNanos);
        running.put(job.messageId(), answer);
        early.attach(answer);
    }

    /** A provider's answer asked for before its request was admitted (see {@link #speculate}). */
    public static final class Early implements TokenListener {
        private final Cancellation cancellation = new Cancellation();
        private final CompletableFuture<Running> attached = new CompletableFuture<>();
        private final long startedNanos = System.nanoTime();
        private List<String> kept = new ArrayList<>();
        private Running answer;

        private Early() {}

        @Override
        public void onToken(String delta) {
            Running to;
            synchronized (this) {
                if (answer == null) {
                    kept.add(delta);
                    return;
                }
                to = answer;
            }
            to.onToken(delta);
        }

        private synchronized void attach(Running running) {
            // Under the lock, so a token arriving meanwhile waits and the order is kept.
            kept.forEach(running::onToken);
            kept = null;
            answer = running;
            attached.complete(running);
        }

        /**
         * The answer this early request became, or null when it was abandoned. The request's own
         * transaction decides within milliseconds; a request thread that died without saying is given
         * up on after a minute, so no worker waits forever.
         */
        private Running awaitOutcome() {
            try {
                return attached.get(1, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                abandon();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon();
                return null;
            }
        }

        /** The request was refused or could not be written: the provider's answer is cancelled and dropped. */
        public void abandon() {
            cancellation.cancel();
            attached.complete(null);
        }
    }

    /** The first try at an answer: the provider asked now, or the outcome of an early request. */
    @FunctionalInterface
    private interface Attempt {
        ChatResult get() throws ProviderException;
    }

    /** The text of an answer being written on this node, fresher than the saved one. */
    public Optional<String> partial(long messageId) {
        var answer = running.get(messageId);
        return answer == null ? Optional.empty() : Optional.of(answer.text());
    }

    /** Stops an answer written here at once; one written by another node stops at its next save. */
    public void stop(long messageId) {
        var answer = running.get(messageId);
        if (answer != null) {
            answer.cancellation.cancel();
        }
    }

    public int runningCount() {
        return running.size();
    }

    /** An answer being written: its text so far, and where its tokens go. */
    private final class Running implements TokenListener {
        final Job job;
        final String topic;
        final Cancellation cancellation;
        final long startedNanos;
        private final StringBuilder text = new StringBuilder();
        private int saved;
        private long firstTokenNanos;

        Running(Job job, Cancellation cancellation, long startedNanos) {
            this.job = job;
            this.cancellation = cancellation;
            this.startedNanos = startedNanos;
            this.topic = Topics.conversation(job.orgId(), job.conversationId());
        }

        @Override
        public void onToken(String delta) {
            if (delta.isEmpty()) {
                return;
            }
            int offset;
            synchronized (this) {
                offset = text.length();
                text.append(delta);
                if (firstTokenNanos == 0) {
                    firstTokenNanos = System.nanoTime();
                }
            }
            // The offset lets a tab that missed a token notice the gap and re-read the message.
            var body = new StringBuilder(delta.length() + 40).append("{\"m\":").append(job.messageId())
                    .append(",\"o\":").append(offset).append(",\"t\":\"");
            JsonStringEncoder.getInstance().quoteAsString(delta, body);
            signals.send(topic, "token", body.append("\"}").toString());
        }

        synchronized String text() {
            return text.toString();
        }

        /** The text if it grew since the last save. */
        synchronized String unsaved() {
            if (text.length() == saved) {
                return null;
            }
            saved = text.length();
            return text.toString();
        }

        synchronized Integer firstTokenMillis() {
            return firstTokenNanos == 0 ? null : (int) ((firstTokenNanos - startedNanos) / 1_000_000);
        }

        int elapsedMillis() {
            return (int) ((System.nanoTime() - startedNanos) / 1_000_000);
        }
    }

    private void run(Running answer, Attempt first) {
        var job = answer.job;
        try {
            var key = ResponseCache.key(job.model(), job.request());
            var cacheable = ResponseCache.cacheable(job.request());
            if (cacheable && job.readCache()) {
                var hit = jdbi.withHandle(handle -> cache.find(handle, key));
                if (hit.isPresent()) {
                    answer.onToken(hit.get().text());
                    finish(answer, job.model(), "done", null, new Usage(hit.get().inputTokens(), hit.get().outputTokens()), true, null);
                    return;
                }
            }
            var model = job.model();
            ChatResult result;
            try {
                result = first.get();
            } catch (ProviderException e) {
                if (e.afterFirstToken() || e.kind() == ProviderException.Kind.CANCELLED || job.fallback().isEmpty()) {
                    throw e;
                }
                log.info("Model {} failed before answering ({}); falling back to {}", model.modelId(), e.getMessage(),
                        job.fallback().get().modelId());
                model = job.fallback().get();
                var request = job.request();
                result = stream(model, new ChatRequest(model.modelId(), request.messages(), request.temperature(),
                        request.maxTokens()), answer, answer.cancellation);
            }
            finish(answer, model, "done", null, result.usage(), false, cacheable ? key : null);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.CANCELLED && closing) {
                finish(answer, job.model(), "error", "Interrupted: the server was shut down.", e.partialUsage(), false, null);
            } else if (e.kind() == ProviderException.Kind.CANCELLED) {
                finish(answer, job.model(), "stopped", null, e.partialUsage(), false, null);
            } else {
                finish(answer, job.model(), "error", e.getMessage(), e.partialUsage(), false, null);
            }
        } catch (NotConfigured e) {
            finish(answer, job.model(), "error", e.getMessage(), null, false, null);
        } catch (RuntimeException e) {
            log.error("Answer {} failed", job.messageId(), e);
            finish(answer, job.model(), "error", "Hearth could not finish this answer.", null, false, null);
        } finally {
            running.remove(job.messageId());
        }
    }

    private ChatResult stream(Model model, ChatRequest request, TokenListener listener, Cancellation cancellation)
            throws ProviderException {
        var provider = catalogue.providers().get(model.provider()).orElseThrow(() -> new NotConfigured(model));
        return catalogue.providers().streamWithRetries(provider, request, listener, cancellation, Optional.empty());
    }

    /**
     * The end of an answer, in one transaction: its final text and state, the request's usage and
     * cost, its tokens on the quota counters (or the request given back when it failed), the cache
     * entry, and the event that shows it finished in every tab. An answer whose conversation was
     * deleted while it was written (which stops it) has no row left to save, but its request ends as
     * any other does: recorded in the usage log, and counted with its tokens as a stopped one is.
     */
    private void finish(Running answer, Model model, String status, String error, Usage usage, boolean cached, byte[] cacheKey) {
        var job = answer.job;
        var text = answer.text();
        var estimated = !Costs.reported(usage);
        int inputTokens = Costs.inputTokens(usage, job.request().messages());
        int outputTokens = Costs.outputTokens(usage, text);
        var cost = Costs.of(model, inputTokens, outputTokens);
        try {
            var first = jdbi.inTransaction(handle -> {
                var saved = saveEnd(handle, job, text, status, error, cached, model) > 0;
                if (!saved && exists(handle, job)) {
                    return false; // already ended: the sweep marked it interrupted
                }
                UsageLog.record(handle, new UsageLog.Entry(job.orgId(), job.userId(), job.conversationId(), "chat",
                        model.modelId(), model.provider(), status.equals("done") ? "ok" : status, cached ? 0 : inputTokens,
                        cached ? 0 : outputTokens, estimated && !cached, cached ? BigDecimal.ZERO : cost, cached,
                        cached ? cost : BigDecimal.ZERO, answer.firstTokenMillis(), answer.elapsedMillis(), error));
                if (status.equals("error")) {
                    Quotas.refund(handle, job.reservation());
                } else {
                    Quotas.settle(handle, job.reservation(), cached ? 0 : inputTokens + outputTokens);
                }
                if (!saved) {
                    return false; // deleted: nothing to show, and its text is not kept in the cache either
                }
                if (cacheKey != null && status.equals("done") && !text.isEmpty()) {
                    cache.store(handle, cacheKey, model.modelId(), text, inputTokens, outputTokens);
                }
                AssistantBroadcasts.messagesChanged(handle, job.orgId(), job.conversationId(), List.of(job.messageId()));
                return true;
            });
            if (first && status.equals("done")) {
                titles.afterAnswer(job.orgId(), job.userId(), job.conversationId());
            }
        } catch (RuntimeException e) {
            log.error("Could not save the end of answer {}", job.messageId(), e);
        }
    }

    /**
     * The final state of an answer; only while it is still streaming, so a late writer cannot undo a
     * stop. A plain statement, as every answer runs it: attaching {@link Messages} builds an invoker for
     * each of its methods.
     */
    private static int saveEnd(Handle handle, Job job, String text, String status, String error, boolean cached, Model model) {
        return handle.createUpdate("""
                        update assistant_messages set content = :content, status = :status, error = :error, cached = :cached,
                               model = :model, model_name = :modelName, provider = :provider, node_id = null, updated_at = now()
                        where org_id = :org and id = :id and status = 'streaming'
                        """)
                .bind("content", text).bind("status", status).bind("error", error).bind("cached", cached)
                .bind("model", model.modelId()).bind("modelName", model.displayName()).bind("provider", model.provider())
                .bind("org", job.orgId()).bind("id", job.messageId()).execute();
    }

    private static boolean exists(Handle handle, Job job) {
        return handle.createQuery("select exists (select 1 from assistant_messages where org_id = :org and id = :id)")
                .bind("org", job.orgId()).bind("id", job.messageId()).mapTo(Boolean.class).one();
    }

    /**
     * Saves the text of every answer that grew, and stops those a user stopped through another node, or
     * whose conversation was deleted there (its rows are gone, and nobody would read the rest).
     */
    private void flush() {
        if (running.isEmpty()) {
            return;
        }
        try {
            var ids = new ArrayList<Long>();
            var texts = new ArrayList<String>();
            running.forEach((id, answer) -> {
                var text = answer.unsaved();
                if (text != null) {
                    ids.add(id);
                    texts.add(text);
                }
            });
            var all = running.keySet().toArray(Long[]::new);
            var stop = jdbi.withHandle(handle -> {
                if (!ids.isEmpty()) {
                    // An answer whose end is being saved right now is skipped (its end has the whole text):
                    // waiting for its row would hold every other row of this update, and the ends of those answers.
                    handle.createUpdate("""
                                    update assistant_messages m set content = v.content, updated_at = now()
                                    from unnest(:ids, :texts) as v(id, content)
                                    where m.id = v.id and m.id in (select id from assistant_messages
                                        where id = any(:ids) and status = 'streaming' for update skip locked)
                                    """)
                            .bind("ids", ids.toArray(Long[]::new)).bind("texts", texts.toArray(String[]::new)).execute();
                }
                // An answer is in `running` only once its row is committed, so a missing row was deleted.
                return handle.createQuery("""
                                select r.id from unnest(:ids) as r(id)
                                where not exists (select 1 from assistant_messages m where m.id = r.id and not m.stop_requested)
                                """)
                        .bind("ids", all).mapTo(Long.class).list();
            });
            stop.forEach(this::stop);
        } catch (RuntimeException e) {
            log.warn("Could not save answers being written: {}", e.getMessage());
        }
    }

    /**
     * Answers whose node died mid-way end as any failed request does: with the text saved so far, the
     * request given back to the quotas, and a row in the usage log. The dead node's reservation died with
     * it, but the counters it incremented are in the database: they are found again from the answer's
     * {@code created_at}, the instant the request was admitted at. What the provider reported is lost too:
     * the output tokens are estimated from the saved text; the input tokens are unknown and recorded as 0.
     */
    private void sweepInterrupted() {
        try {
            jdbi.useTransaction(handle -> {
                // Locked and read before the update, for the time of the last save (the update moves updated_at).
                var ended = handle.createQuery("""
                                update assistant_messages m set status = 'error', node_id = null, updated_at = now(), error = :error
                                from (select s.id, s.org_id, s.conversation_id, s.model, s.provider, s.updated_at as last_saved
                                      from assistant_messages s
                                      where s.status = 'streaming' and s.node_id <> :node
                                        and s.node_id not in (select id from live_nodes)
                                      for update) interrupted
                                     join assistant_conversations c on c.org_id = interrupted.org_id and c.id = interrupted.conversation_id
                                     left join ai_models a on a.provider = interrupted.provider and a.model_id = interrupted.model
                                where m.id = interrupted.id and m.status = 'streaming'
                                returning m.id, m.org_id, m.conversation_id, c.user_id, m.content, m.model, m.provider, m.created_at,
                                          interrupted.last_saved, a.input_price, a.output_price
                                """)
                        .bind("node", node).bind("error", INTERRUPTED)
                        .map((rs, ctx) -> new Interrupted(rs.getLong("id"), rs.getLong("org_id"), rs.getLong("conversation_id"),
                                rs.getLong("user_id"), rs.getString("content"), rs.getString("model"), rs.getString("provider"),
                                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_saved").toInstant(),
                                rs.getBigDecimal("input_price"), rs.getBigDecimal("output_price")))
                        .list();
                for (var answer : ended) {
                    var outputTokens = Costs.estimateTokens(answer.content());
                    var cost = answer.inputPrice() == null ? BigDecimal.ZERO
                            : Costs.of(answer.inputPrice(), answer.outputPrice(), 0, outputTokens);
                    UsageLog.record(handle, new UsageLog.Entry(answer.orgId(), answer.userId(), answer.conversationId(), "chat",
                            answer.model(), answer.provider(), "error", 0, outputTokens, true, cost, false, BigDecimal.ZERO, null,
                            (int) Math.max(0, answer.lastSaved().toEpochMilli() - answer.admittedAt().toEpochMilli()), INTERRUPTED),
                            answer.lastSaved());
                    Quotas.refund(handle, Quotas.reservation(answer.orgId(), answer.userId(), answer.admittedAt()));
                    AssistantBroadcasts.messagesChanged(handle, answer.orgId(), answer.conversationId(), List.of(answer.id()));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not end interrupted answers: {}", e.getMessage());
        }
    }

    private static final String INTERRUPTED = "Interrupted: the server writing this answer stopped.";

    /** An answer whose node died: what its row says about the request. Prices are null when the model left the catalogue. */
    private record Interrupted(long id, long orgId, long conversationId, long userId, String content, String model, String provider,
                               Instant admittedAt, Instant lastSaved, BigDecimal inputPrice, BigDecimal outputPrice) {}

    /** A model whose provider this server has no settings for (they changed since the request was admitted). */
    private static final class NotConfigured extends RuntimeException {
        NotConfigured(Model model) {
            super(Catalogue.providerLabel(model.provider()) + " is not configured on this server: set "
                    + hearth.assistant.providers.Providers.variableFor(model.provider()) + ".", null, false, false);
        }
    }

    /**
     * Stops every answer this server is writing and waits (a few seconds at most) until each has saved
     * its text and its "interrupted" ending, so the pool closes after them, not under them.
     */
    @Override
    public void close() {
        closing = true;
        timer.shutdownNow();
        running.values().forEach(answer -> answer.cancellation.cancel());
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!running.isEmpty()) {
            log.warn("{} answers were still ending when the server stopped; the sweeper of another node ends them", running.size());
        }
    }
}
