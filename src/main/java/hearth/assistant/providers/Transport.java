package hearth.assistant.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hearth.assistant.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Sends one streaming request and reads its server-sent events, for every provider: status handling, the
 * timeouts, cancellation and the partial answer on failure. The events are parsed, and their tokens given
 * to the listener, on the HTTP client's selector thread as the bytes arrive; the calling thread waits for
 * the outcome.
 */
final class Transport {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_ERROR_BODY = 16 * 1024;
    private static final int MAX_REASON_LENGTH = 300;
    /** After the terminator the rest of the body (normally just the end of the chunked encoding) is read
     *  so the connection goes back to the pool, but no longer than this (the answer does not wait for it). */
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * The clients of each connect timeout (in practice one set for the whole app), each with its selector
     * thread, which reads its streams' bodies and hands their tokens on. Streams are spread over several:
     * on one, every answer waited whenever that thread waited for a core (100 streams on 2 cores, assistant
     * bench: token p99 47 ms with one selector, 5.9 with two, 2.2 with four, 2.7 with eight).
     */
    private static final Map<Duration, HttpClient[]> CLIENTS = new ConcurrentHashMap<>();
    static final int SELECTORS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger NEXT_CLIENT = new AtomicInteger();
    /** Every stream's timeouts run on this one thread: a stream costs a scheduled task, not a sleeping thread. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final HttpClient[] clients;
    private final Timeouts timeouts;

    Transport(Timeouts timeouts) {
        this.timeouts = timeouts;
        this.clients = CLIENTS.computeIfAbsent(timeouts.connect(), connect -> IntStream.range(0, SELECTORS)
                .mapToObj(i -> HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connect)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        // The client's own tasks run on its selector thread rather than hopping to a worker pool.
                        .executor(Runnable::run)
                        .build())
                .toArray(HttpClient[]::new));
    }

    /**
     * Streams one answer. who names the provider in messages ("Groq answered 429: …"); redact removes
     * the provider's key from any text the provider sends back before it reaches a message.
     */
    ChatResult stream(String who, HttpRequest request, StreamFormat format, UnaryOperator<String> redact,
                      TokenListener listener, Cancellation cancellation) throws ProviderException {
        var run = new Run(who, format, redact, listener);
        if (cancellation.cancelled()) {
            throw run.stopped(Kind.CANCELLED, null);
        }
        var body = new Body(run);
        // Attached before the request goes out: its tokens reach the listener on the client's thread, and
        // a listener that cancels must find the stop in place.
        Runnable stop = run.watch::cancel;
        cancellation.attach(stop);
        try {
            var client = clients[Math.floorMod(NEXT_CLIENT.getAndIncrement(), clients.length)];
            var pending = client.sendAsync(request, info -> body.start(info.statusCode()));
            run.watch.start(pending);
            return run.exchange(pending);
        } finally {
            run.watch.finish();
            cancellation.detach(stop);
        }
    }

    private final class Run implements SseParser.Handler, StreamFormat.Deltas {
        final String who;
        final StreamFormat format;
        final UnaryOperator<String> redact;
        final TokenListener listener;
        final Watch watch = new Watch(timeouts);
        final SseParser parser;
        /** Appended to on the client's thread as events arrive; read under the lock once the outcome is known. */
        final StringBuilder text = new StringBuilder();
        boolean gotDelta;

        Run(String who, StreamFormat format, UnaryOperator<String> redact, TokenListener listener) {
            this.who = who;
            this.format = format;
            this.redact = redact;
            this.listener = listener;
            this.parser = new SseParser(this, format.eventTypes());
        }

        /** Waits for the headers, then for the body's outcome: the answer, or why there is none. */
        ChatResult exchange(CompletableFuture<HttpResponse<Body>> pending) throws ProviderException {
            HttpResponse<Body> response = awaitHeaders(pending);
            Body body = response.body();
            watch.receiving(body);
            if (response.statusCode() / 100 != 2) {
                throw statusFailure(response, body);
            }
            try {
                body.outcome.get();
            } catch (InterruptedException e) {
                watch.stop(Kind.CANCELLED);
                Thread.currentThread().interrupt();
                throw stopped(Kind.CANCELLED, e);
            } catch (CancellationException | ExecutionException e) {
                synchronized (this) {
                    throw failed(e instanceof ExecutionException ? e.getCause() : e);
                }
            }
            synchronized (this) {
                return new ChatResult(text.toString(), format.usage(), format.finishReason());
            }
        }

        private HttpResponse<Body> awaitHeaders(CompletableFuture<HttpResponse<Body>> pending)
                throws ProviderException {
            try {
                return pending.get();
            } catch (CancellationException e) {
                throw stopped(watch.reason(), e);
            } catch (ExecutionException e) {
                if (watch.reason() != null) {
                    throw stopped(watch.reason(), e.getCause());
                }
                throw connectFailure(e.getCause());
            } catch (InterruptedException e) {
                watch.stop(Kind.CANCELLED);
                Thread.currentThread().interrupt();
                throw stopped(Kind.CANCELLED, e);
            }
        }

        /** Why the body ended without its terminator: stopped, cut off, lost, or something unreadable. */
        private ProviderException failed(Throwable cause) {
            if (watch.reason() != null) {
                return stopped(watch.reason(), cause);
            }
            if (cause instanceof WireError e) {
                String message = e.kind == Kind.STREAM_ERROR
                        ? who + " reported an error: " + reason(e.getMessage())
                        : who + " sent something Hearth could not read (" + e.getMessage() + ")";
                return new ProviderException(e.kind, message, e.retryable, null, gotDelta, text.toString(),
                        format.usage(), 0, null);
            }
            if (cause instanceof Incomplete) {
                return failure(Kind.INCOMPLETE, "The answer from " + who + " ended before it was complete", null);
            }
            if (cause instanceof IOException) {
                return failure(Kind.CONNECTION, "The connection to " + who + " was lost"
                        + (gotDelta ? " in the middle of the answer" : " before it answered"), cause);
            }
            if (cause instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("Reading the answer from " + who + " failed", cause);
        }

        @Override
        public boolean onEvent(String type, byte[] data, int length) throws WireError {
            return format.onEvent(type, data, length, this);
        }

        @Override
        public void text(String delta) {
            // The rest of a buffer is still parsed after a cancel (say, from inside the listener): show none of it.
            if (delta.isEmpty() || watch.reason() != null) {
                return;
            }
            text.append(delta);
            if (!gotDelta) {
                gotDelta = true;
                watch.firstDelta();
            }
            listener.onToken(delta);
        }

        private ProviderException statusFailure(HttpResponse<Body> response, Body body) {
            int status = response.statusCode();
            String reason = reason(errorReason(body.errorText()));
            Kind kind = status == 429 ? Kind.RATE_LIMITED : status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
            Duration retryAfter = retryAfter(
                    response.headers().firstValue("retry-after-ms").orElse(null),
                    response.headers().firstValue("retry-after").orElse(null),
                    Instant.now());
            String message = who + " answered " + status + ": " + (reason.isEmpty() ? defaultReason(status) : reason);
            return new ProviderException(kind, message, ProviderException.retryableByDefault(kind), retryAfter,
                    false, "", format.usage(), status, null);
        }

        private ProviderException connectFailure(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof HttpConnectTimeoutException) {
                    return failure(Kind.CONNECT_TIMEOUT,
                            "Could not connect to " + who + " within " + seconds(timeouts.connect()), cause);
                }
                if (t instanceof UnresolvedAddressException) {
                    return failure(Kind.CONNECTION, "Could not connect to " + who + " (unknown host)", cause);
                }
                if (t instanceof ConnectException) {
                    String detail = t.getMessage() == null ? "" : " (" + t.getMessage().toLowerCase() + ")";
                    return failure(Kind.CONNECTION, "Could not connect to " + who + detail, cause);
                }
            }
            if (cause instanceof IOException) {
                return failure(Kind.CONNECTION, "The connection to " + who + " was lost before it answered", cause);
            }
            return failure(Kind.CONNECTION, "Could not send the request to " + who, cause);
        }

        ProviderException stopped(Kind reason, Throwable cause) {
            Kind kind = reason == null ? Kind.CANCELLED : reason;
            String message;
            switch (kind) {
                case FIRST_TOKEN_TIMEOUT:
                    message = "The model did not start answering within " + seconds(timeouts.firstToken());
                    break;
                case SILENCE_TIMEOUT:
                    message = "No data from the model for " + seconds(timeouts.silence());
                    break;
                default:
                    message = "Stopped";
            }
            return failure(kind, message, cause);
        }

        private ProviderException failure(Kind kind, String message, Throwable cause) {
            return new ProviderException(kind, message, ProviderException.retryableByDefault(kind), null, gotDelta,
                    text.toString(), format.usage(), 0, cause);
        }

        /** Provider text made fit for a message: the key removed first (truncating first could leave half of it), one line, short. */
        private String reason(String raw) {
            if (raw == null) {
                return "";
            }
            String clean = redact.apply(raw).replaceAll("\\s+", " ").trim();
            return clean.length() <= MAX_REASON_LENGTH ? clean : clean.substring(0, MAX_REASON_LENGTH - 1) + "…";
        }
    }

    /**
     * The response body, pushed to it by the client's own thread as it arrives: a 2xx body's events are
     * parsed and their tokens handed to the listener right there, so a token costs no wake-up of the
     * thread waiting for the answer (that was one thread hand-off per token, 5,000 a second with 100
     * answers streaming). Another status's body is kept, up to {@link #MAX_ERROR_BODY} bytes, for its reason.
     */
    private static final class Body implements HttpResponse.BodySubscriber<Body> {
        private final Run run;
        /** Completes at the terminator (or the body's end, for an error body), or exceptionally with why not. */
        final CompletableFuture<Void> outcome = new CompletableFuture<>();
        private final ByteArrayOutputStream error = new ByteArrayOutputStream();
        private final byte[] bytes = new byte[8192];
        private boolean success;
        private volatile Flow.Subscription subscription;
        /** The body was read to its end (or failed): nothing is left to cancel. */
        private volatile boolean ended;

        Body(Run run) {
            this.run = run;
        }

        Body start(int status) {
            success = status / 100 == 2;
            return this;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (outcome.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            // After the terminator the rest (normally the end of the chunked encoding) is still read, so
            // that the connection goes back to the pool; a server that keeps sending is cut off.
            if (outcome.isDone()) {
                return;
            }
            run.watch.touch();
            try {
                synchronized (run) {
                    for (var buffer : buffers) {
                        if (success ? take(buffer) : keep(buffer)) {
                            return;
                        }
                    }
                }
            } catch (WireError | RuntimeException e) {
                fail(e);
            }
        }

        /** Parses one buffer's events; true once the answer ended or was stopped. */
        private boolean take(ByteBuffer buffer) throws WireError {
            while (buffer.hasRemaining()) {
                int n = Math.min(buffer.remaining(), bytes.length);
                buffer.get(bytes, 0, n);
                if (run.watch.reason() != null) {
                    return true;
                }
                if (run.parser.feed(bytes, 0, n)) {
                    outcome.complete(null);
                    run.watch.draining(this);
                    return true;
                }
            }
            return false;
        }

        private boolean keep(ByteBuffer buffer) {
            int n = Math.min(buffer.remaining(), MAX_ERROR_BODY - error.size());
            var chunk = new byte[n];
            buffer.get(chunk);
            error.write(chunk, 0, n);
            if (error.size() >= MAX_ERROR_BODY) {
                outcome.complete(null);
                cancel();
                return true;
            }
            return false;
        }

        @Override
        public void onError(Throwable throwable) {
            ended = true;
            outcome.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            ended = true;
            if (!success) {
                outcome.complete(null);
                return;
            }
            try {
                synchronized (run) {
                    if (run.parser.finish()) {
                        outcome.complete(null);
                    } else {
                        outcome.completeExceptionally(new Incomplete());
                    }
                }
            } catch (WireError | RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }

        @Override
        public CompletionStage<Body> getBody() {
            // The response is handed over with its headers; the body is awaited through the outcome.
            return CompletableFuture.completedFuture(this);
        }

        /** What an error status's body said, as far as it got. */
        String errorText() {
            try {
                outcome.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | CancellationException e) {
                // what arrived before the failure is all there is
            }
            synchronized (run) {
                return error.toString(StandardCharsets.UTF_8);
            }
        }

        void fail(Throwable cause) {
            if (outcome.completeExceptionally(cause)) {
                cancel();
            }
        }

        /** Stops reading: the connection is closed (an unfinished body cannot go back to the pool). */
        void cancel() {
            var s = subscription;
            if (s != null && !ended) {
                s.cancel();
            }
        }
    }

    /** A body that ended without the format's terminator. */
    private static final class Incomplete extends IOException {
        Incomplete() {
            super("the body ended before the terminator", null);
        }
    }

    /** The timeouts of one stream, checked by the shared watchdog thread. */
    private static final class Watch implements Runnable {
        private final long startNanos = System.nanoTime();
        private final long firstTokenNanos;
        private final long silenceNanos;
        private final AtomicReference<Kind> reason = new AtomicReference<>();
        private volatile long lastBytesNanos;
        private volatile boolean receiving;
        private volatile boolean gotDelta;
        private volatile boolean finished;
        private volatile CompletableFuture<?> pending;
        private volatile Body body;
        private volatile ScheduledFuture<?> tick;

        Watch(Timeouts timeouts) {
            this.firstTokenNanos = timeouts.firstToken().toNanos();
            this.silenceNanos = timeouts.silence().toNanos();
        }

        void start(CompletableFuture<?> pending) {
            this.pending = pending;
            if (reason.get() != null) {
                pending.cancel(true);
            }
            tick = WATCHDOG.schedule(this, Math.min(firstTokenNanos, silenceNanos), TimeUnit.NANOSECONDS);
        }

        void receiving(Body body) {
            lastBytesNanos = System.nanoTime();
            this.body = body;
            receiving = true;
            if (reason.get() != null) {
                body.fail(new CancellationException(reason.get().name()));
            }
        }

        void touch() {
            lastBytesNanos = System.nanoTime();
        }

        void firstDelta() {
            gotDelta = true;
        }

        void draining(Body body) {
            WATCHDOG.schedule(body::cancel, DRAIN_LIMIT_NANOS, TimeUnit.NANOSECONDS);
        }

        Kind reason() {
            return reason.get();
        }

        void cancel() {
            stop(Kind.CANCELLED);
        }

        void stop(Kind kind) {
            if (!reason.compareAndSet(null, kind)) {
                return;
            }
            Body b = body;
            if (b != null) {
                b.fail(new CancellationException(kind.name()));
            }
            CompletableFuture<?> p = pending;
            if (p != null) {
                p.cancel(true);
            }
        }

        /** The answer is known; a body still draining keeps its limit (see {@link #draining}). */
        void finish() {
            finished = true;
            cancel(tick);
        }

        /** One check; schedules the next at the nearest deadline (no later than one silence period before the headers). */
        @Override
        public void run() {
            if (finished || reason.get() != null) {
                return;
            }
            long now = System.nanoTime();
            long wait = silenceNanos;
            if (!gotDelta) {
                long left = startNanos + firstTokenNanos - now;
                if (left <= 0) {
                    stop(Kind.FIRST_TOKEN_TIMEOUT);
                    return;
                }
                wait = Math.min(wait, left);
            }
            if (receiving) {
                long left = lastBytesNanos + silenceNanos - now;
                if (left <= 0) {
                    stop(Kind.SILENCE_TIMEOUT);
                    return;
                }
                wait = Math.min(wait, left);
            }
            tick = WATCHDOG.schedule(this, wait, TimeUnit.NANOSECONDS);
        }

        private static void cancel(ScheduledFuture<?> future) {
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    /** The provider's own explanation from an error body: OpenAI/Groq/OpenRouter and Anthropic put it in error.message. */
    static String errorReason(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node.get("error");
            if (error != null && error.isObject()) {
                String message = error.path("message").asText("");
                return message.isEmpty() ? error.path("type").asText("") : message;
            }
            if (error != null && error.isTextual()) {
                return error.textValue();
            }
            if (node.path("message").isTextual()) {
                return node.path("message").textValue();
            }
            return node.path("detail").isTextual() ? node.path("detail").textValue() : "";
        } catch (JsonProcessingException e) {
            String text = body.strip();
            return text.startsWith("<") ? "" : text.lines().findFirst().orElse("");
        }
    }

    /** retry-after-ms (OpenAI's, in milliseconds) wins over Retry-After (seconds or an HTTP-date); null when neither is usable. */
    static Duration retryAfter(String retryAfterMs, String retryAfter, Instant now) {
        if (retryAfterMs != null) {
            try {
                double millis = Double.parseDouble(retryAfterMs.trim());
                if (millis >= 0 && millis < 1e12) {
                    return Duration.ofNanos((long) (millis * 1_000_000));
                }
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.trim();
        try {
            double secondsValue = Double.parseDouble(value);
            return secondsValue >= 0 && secondsValue < 1e9 ? Duration.ofMillis((long) (secondsValue * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String defaultReason(int status) {
        switch (status) {
            case 401: return "the API key was not accepted";
            case 403: return "forbidden";
            case 404: return "not found";
            case 429: return "rate limited";
            default: return status >= 500 ? "server error" : "request rejected";
        }
    }

    /** "30 s", "0.25 s". */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        var executor = new ScheduledThreadPoolExecutor(1, task -> {
            var thread = new Thread(task, "assistant-stream-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
