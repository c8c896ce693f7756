package hearth.assistant.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hearth.assistant.providers.ProviderException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Sends one streaming request and reads its server-sent events on the calling thread, for every
 * provider: status handling, the timeouts, cancellation and the partial answer on failure.
 */
final class Transport {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_ERROR_BODY = 16 * 1024;
    private static final int MAX_REASON_LENGTH = 300;
    /** After the terminator the rest of the body (normally just the end of the chunked encoding) is read
     *  so the connection goes back to the pool, but no longer than this. */
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** One client per connect timeout (in practice one for the whole app). */
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    /** Every stream's timeouts run on this one thread: a stream costs a scheduled task, not a sleeping thread. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final HttpClient client;
    private final Timeouts timeouts;

    Transport(Timeouts timeouts) {
        this.timeouts = timeouts;
        this.client = CLIENTS.computeIfAbsent(timeouts.connect(), connect -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                // The client's own tasks run on its selector thread rather than hopping to a worker pool:
                // a body's bytes only go into the reader's queue here, and with 100 answers streaming a hop
                // per token was a wake-up of another thread 5,000 times a second.
                .executor(Runnable::run)
                .build());
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
        var pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        run.watch.start(pending);
        Runnable stop = run.watch::cancel;
        cancellation.attach(stop);
        try {
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
        final StringBuilder text = new StringBuilder();
        boolean gotDelta;

        Run(String who, StreamFormat format, UnaryOperator<String> redact, TokenListener listener) {
            this.who = who;
            this.format = format;
            this.redact = redact;
            this.listener = listener;
        }

        ChatResult exchange(CompletableFuture<HttpResponse<InputStream>> pending) throws ProviderException {
            HttpResponse<InputStream> response = awaitHeaders(pending);
            InputStream body = response.body();
            watch.receiving(body);
            try {
                if (response.statusCode() / 100 != 2) {
                    throw statusFailure(response, body);
                }
                return read(body);
            } finally {
                closeQuietly(body);
            }
        }

        private HttpResponse<InputStream> awaitHeaders(CompletableFuture<HttpResponse<InputStream>> pending)
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

        private ChatResult read(InputStream body) throws ProviderException {
            var parser = new SseParser(this, format.eventTypes());
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = body.read(buffer)) >= 0 && watch.reason() == null) {
                    watch.touch();
                    if (parser.feed(buffer, 0, n)) {
                        drain(body, buffer);
                        return new ChatResult(text.toString(), format.usage(), format.finishReason());
                    }
                }
                if (watch.reason() != null) {
                    throw stopped(watch.reason(), null);
                }
                if (parser.finish()) {
                    return new ChatResult(text.toString(), format.usage(), format.finishReason());
                }
            } catch (IOException e) {
                if (watch.reason() != null) {
                    throw stopped(watch.reason(), e);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw stopped(Kind.CANCELLED, e);
                }
                throw failure(Kind.CONNECTION, "The connection to " + who + " was lost"
                        + (gotDelta ? " in the middle of the answer" : " before it answered"), e);
            } catch (WireError e) {
                String message = e.kind == Kind.STREAM_ERROR
                        ? who + " reported an error: " + reason(e.getMessage())
                        : who + " sent something Hearth could not read (" + e.getMessage() + ")";
                throw new ProviderException(e.kind, message, e.retryable, null, gotDelta, text.toString(),
                        format.usage(), 0, null);
            }
            throw failure(Kind.INCOMPLETE, "The answer from " + who + " ended before it was complete", null);
        }

        private void drain(InputStream body, byte[] buffer) {
            watch.draining(body);
            try {
                while (body.read(buffer) >= 0) {
                    // the end of the chunked body; anything a server sends after its terminator is ignored
                }
            } catch (IOException ignored) {
                // the answer is complete; only the connection's reuse is lost
            }
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

        private ProviderException statusFailure(HttpResponse<InputStream> response, InputStream body) {
            int status = response.statusCode();
            String reason = reason(errorReason(readBounded(body)));
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
        private volatile InputStream body;
        private volatile ScheduledFuture<?> tick;
        private volatile ScheduledFuture<?> drainLimit;

        Watch(Timeouts timeouts) {
            this.firstTokenNanos = timeouts.firstToken().toNanos();
            this.silenceNanos = timeouts.silence().toNanos();
        }

        void start(CompletableFuture<?> pending) {
            this.pending = pending;
            tick = WATCHDOG.schedule(this, Math.min(firstTokenNanos, silenceNanos), TimeUnit.NANOSECONDS);
        }

        void receiving(InputStream body) {
            lastBytesNanos = System.nanoTime();
            this.body = body;
            receiving = true;
            if (reason.get() != null) {
                closeQuietly(body);
            }
        }

        void touch() {
            lastBytesNanos = System.nanoTime();
        }

        void firstDelta() {
            gotDelta = true;
        }

        void draining(InputStream body) {
            drainLimit = WATCHDOG.schedule(() -> closeQuietly(body), DRAIN_LIMIT_NANOS, TimeUnit.NANOSECONDS);
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
            InputStream b = body;
            if (b != null) {
                closeQuietly(b);
            }
            CompletableFuture<?> p = pending;
            if (p != null) {
                p.cancel(true);
            }
        }

        void finish() {
            finished = true;
            cancel(tick);
            cancel(drainLimit);
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

    private static String readBounded(InputStream body) {
        try {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** "30 s", "0.25 s". */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
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
