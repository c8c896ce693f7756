package hearth.assistant.providers;

import hearth.assistant.providers.ProviderException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The providers configured by environment variables (the README's configuration table lists them). */
public final class Providers {
    private static final Logger log = LoggerFactory.getLogger(Providers.class);

    /** The names, in the order providers are listed. */
    public static final List<String> NAMES = List.of("openrouter", "groq", "openai", "compatible", "anthropic");

    static final Duration BACKOFF_START = Duration.ofMillis(250);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(4);
    /** A Retry-After longer than this is not waited out: the request fails (or falls back) at once and says so. */
    static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(30);

    private final Map<String, ChatProvider> providers;
    private final Timeouts timeouts;
    private final int attempts;
    private final AttemptObserver observer;

    Providers(List<ChatProvider> providers, Timeouts timeouts, int attempts, AttemptObserver observer) {
        var byName = new LinkedHashMap<String, ChatProvider>();
        providers.forEach(provider -> byName.put(provider.name(), provider));
        this.providers = Map.copyOf(byName);
        this.timeouts = timeouts;
        this.attempts = attempts;
        this.observer = Objects.requireNonNull(observer);
    }

    /** A fallback for streamWithRetries: the model to try when the primary keeps failing, and its provider. */
    public record Fallback(ChatProvider provider, String model) {}

    /**
     * One try of streamWithRetries, reported to the observer: which provider and model, the try's number
     * (1-based, counted per model), whether it was the fallback, how long it took, how it failed (empty when
     * it succeeded) and how long until the next try (empty when there is none).
     */
    public record Attempt(String provider, String model, int number, boolean fallback, Duration elapsed,
                          Optional<ProviderException> failure, Optional<Duration> retryIn) {}

    /** Sees every try of streamWithRetries, for logs and metrics. Called on the streaming thread; must be fast. */
    @FunctionalInterface
    public interface AttemptObserver {
        void onAttempt(Attempt attempt);
    }

    public static Providers fromEnv(Map<String, String> env) {
        var timeouts = new Timeouts(
                seconds(env, "AI_CONNECT_TIMEOUT_SECONDS", 10),
                seconds(env, "AI_FIRST_TOKEN_TIMEOUT_SECONDS", 60),
                seconds(env, "AI_SILENCE_TIMEOUT_SECONDS", 30));
        int attempts = positiveInt(env, "AI_RETRY_ATTEMPTS", 3);
        var transport = new Transport(timeouts);
        var list = new ArrayList<ChatProvider>();
        key(env, "OPENROUTER_API_KEY").ifPresent(key -> {
            var headers = new LinkedHashMap<String, String>();
            headers.put("X-Title", "Hearth");
            // OpenRouter wants the app's URL here; there is none to give until the instance has a public one.
            value(env, "HEARTH_BASE_URL").ifPresent(url -> headers.put("HTTP-Referer", url));
            list.add(new OpenAiCompatibleProvider("openrouter", "OpenRouter", "OpenRouter",
                    url(env, "OPENROUTER_BASE_URL", "https://openrouter.ai/api/v1"), key, headers, false, transport));
        });
        key(env, "GROQ_API_KEY").ifPresent(key -> list.add(new OpenAiCompatibleProvider("groq", "Groq", "Groq",
                url(env, "GROQ_BASE_URL", "https://api.groq.com/openai/v1"), key, Map.of(), false, transport)));
        key(env, "OPENAI_API_KEY").ifPresent(key -> list.add(new OpenAiCompatibleProvider("openai", "OpenAI", "OpenAI",
                url(env, "OPENAI_BASE_URL", "https://api.openai.com/v1"), key, Map.of(), false, transport)));
        value(env, "OPENAI_COMPATIBLE_BASE_URL").ifPresent(base -> {
            String baseUrl = url(env, "OPENAI_COMPATIBLE_BASE_URL", base);
            list.add(new OpenAiCompatibleProvider("compatible", "OpenAI-compatible (" + withoutUserInfo(baseUrl) + ")",
                    "The OpenAI-compatible server", baseUrl, key(env, "OPENAI_COMPATIBLE_API_KEY").orElse(null),
                    Map.of(), true, transport));
        });
        key(env, "ANTHROPIC_API_KEY").ifPresent(key -> list.add(new AnthropicProvider(
                url(env, "ANTHROPIC_BASE_URL", "https://api.anthropic.com"), key, transport)));
        return new Providers(list, timeouts, attempts, Providers::log);
    }

    /** The same providers, reporting each try of streamWithRetries to observer instead of the log. */
    public Providers withObserver(AttemptObserver observer) {
        return new Providers(all(), timeouts, attempts, observer);
    }

    public Optional<ChatProvider> get(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** At least one configured. */
    public boolean any() {
        return !providers.isEmpty();
    }

    /** The configured ones, in the order of {@link #NAMES}. */
    public List<ChatProvider> all() {
        var list = new ArrayList<ChatProvider>();
        for (String name : NAMES) {
            get(name).ifPresent(list::add);
        }
        providers.values().stream().filter(p -> !NAMES.contains(p.name())).forEach(list::add);
        return List.copyOf(list);
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** Tries per model in streamWithRetries (AI_RETRY_ATTEMPTS, default 3). */
    public int attempts() {
        return attempts;
    }

    /** The environment variable that would configure provider name, for the "set X to enable" message, e.g. "GROQ_API_KEY". */
    public static String variableFor(String name) {
        switch (name) {
            case "openrouter": return "OPENROUTER_API_KEY";
            case "groq": return "GROQ_API_KEY";
            case "openai": return "OPENAI_API_KEY";
            case "compatible": return "OPENAI_COMPATIBLE_BASE_URL";
            case "anthropic": return "ANTHROPIC_API_KEY";
            default: throw new IllegalArgumentException("No provider is called " + name + "; they are " + NAMES);
        }
    }

    /**
     * Streams with retries. A retryable failure before the first delta reached the listener is tried again
     * after a backoff (exponential with jitter from about 250 ms, at most 4 s; a Retry-After of up to 30 s
     * is waited out instead, a longer one ends the retries), up to {@link #attempts()} tries. After the
     * first delta nothing is retried: the failure is rethrown with the partial answer. If the model still
     * fails before its first delta (for any reason but cancellation) and a fallback is given, the fallback
     * model gets the same treatment. The last failure is thrown, with the earlier ones suppressed in it.
     * Waiting stops at once on cancellation or interruption (CANCELLED).
     */
    public ChatResult streamWithRetries(ChatProvider provider, ChatRequest request, TokenListener listener,
                                        Cancellation cancellation, Optional<Fallback> fallback) throws ProviderException {
        ProviderException failure;
        try {
            return tryModel(provider, request, listener, cancellation, false);
        } catch (ProviderException e) {
            if (fallback.isEmpty() || e.afterFirstToken() || e.kind() == Kind.CANCELLED) {
                throw e;
            }
            failure = e;
        }
        try {
            return tryModel(fallback.get().provider(), request.withModel(fallback.get().model()), listener, cancellation, true);
        } catch (ProviderException e) {
            e.addSuppressed(failure);
            throw e;
        }
    }

    private ChatResult tryModel(ChatProvider provider, ChatRequest request, TokenListener listener,
                                Cancellation cancellation, boolean fallback) throws ProviderException {
        List<ProviderException> earlier = new ArrayList<>();
        for (int number = 1; ; number++) {
            long start = System.nanoTime();
            try {
                ChatResult result = provider.stream(request, listener, cancellation);
                observer.onAttempt(new Attempt(provider.name(), request.model(), number, fallback, since(start),
                        Optional.empty(), Optional.empty()));
                return result;
            } catch (ProviderException e) {
                Optional<Duration> wait = number < attempts && e.retryable() && !e.afterFirstToken()
                        ? delay(number, e.retryAfter()) : Optional.empty();
                observer.onAttempt(new Attempt(provider.name(), request.model(), number, fallback, since(start),
                        Optional.of(e), wait));
                if (wait.isEmpty()) {
                    earlier.forEach(e::addSuppressed);
                    throw e;
                }
                earlier.add(e);
                sleep(wait.get(), cancellation);
            }
        }
    }

    /** Empty when a Retry-After asks for longer than the cap. */
    static Optional<Duration> delay(int failedTries, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(RETRY_AFTER_CAP) <= 0 ? retryAfter : Optional.empty();
        }
        long exponential = Math.min(BACKOFF_CAP.toMillis(), BACKOFF_START.toMillis() << Math.min(failedTries - 1, 20));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Optional.of(Duration.ofMillis(Math.round(exponential * jitter)));
    }

    private static void sleep(Duration wait, Cancellation cancellation) throws ProviderException {
        try {
            if (cancellation.sleep(wait)) {
                throw ProviderException.of(Kind.CANCELLED, "Stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.of(Kind.CANCELLED, "Stopped");
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The default observer: failures and recoveries in the log; messages carry no key by construction. */
    private static void log(Attempt attempt) {
        if (attempt.failure().isEmpty()) {
            if (attempt.number() > 1 || attempt.fallback()) {
                log.info("Assistant: {} {} answered on try {}{}", attempt.provider(), attempt.model(), attempt.number(),
                        attempt.fallback() ? " of the fallback model" : "");
            }
            return;
        }
        ProviderException failure = attempt.failure().get();
        if (failure.kind() == Kind.CANCELLED) {
            return;
        }
        if (attempt.retryIn().isPresent()) {
            log.info("Assistant: {} {} try {} failed ({}: {}); trying again in {}", attempt.provider(), attempt.model(),
                    attempt.number(), failure.kind(), failure.getMessage(), Transport.seconds(attempt.retryIn().get()));
        } else {
            log.warn("Assistant: {} {} try {} failed ({}: {})", attempt.provider(), attempt.model(), attempt.number(),
                    failure.kind(), failure.getMessage());
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * A key goes into a header, and the JDK's complaint about a bad header value quotes the value: a key
     * with a stray control character would put itself into an exception message at request time. So it is
     * refused here, at startup, without being shown.
     */
    private static Optional<String> key(Map<String, String> env, String name) {
        Optional<String> key = value(env, name);
        if (key.isPresent() && !key.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(name + " has characters an API key cannot have (spaces, control or non-ASCII characters)");
        }
        return key;
    }

    private static String url(Map<String, String> env, String name, String defaultValue) {
        String url = OpenAiCompatibleProvider.trimSlashes(value(env, name).orElse(defaultValue));
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an http or https URL, e.g. " + defaultValue);
        }
        return url;
    }

    /** A base URL can carry credentials (http://user:pass@host/v1); the label is shown to people. */
    static String withoutUserInfo(String url) {
        URI uri = URI.create(url);
        if (uri.getRawUserInfo() == null) {
            return url;
        }
        return url.replace(uri.getRawUserInfo() + "@", "");
    }

    private static Duration seconds(Map<String, String> env, String name, long defaultSeconds) {
        Optional<String> raw = value(env, name);
        if (raw.isEmpty()) {
            return Duration.ofSeconds(defaultSeconds);
        }
        try {
            double secondsValue = Double.parseDouble(raw.get());
            if (secondsValue > 0 && secondsValue < 1e6) {
                return Duration.ofMillis(Math.max(1, Math.round(secondsValue * 1000)));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive number of seconds (fractions allowed), not " + raw.get());
    }

    private static int positiveInt(Map<String, String> env, String name, int defaultValue) {
        Optional<String> raw = value(env, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(raw.get());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of 1 or more, not " + raw.get());
    }

    @Override
    public String toString() {
        return "Providers" + all();
    }
}
