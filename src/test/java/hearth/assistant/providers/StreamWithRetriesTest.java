package hearth.assistant.providers;

import static hearth.assistant.providers.Fakes.REQUEST;
import static hearth.assistant.providers.ProviderStreamingTest.elapsedMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.assistant.providers.FakeProvider.Script;
import hearth.assistant.providers.ProviderException.Kind;
import hearth.assistant.providers.Providers.Attempt;
import hearth.assistant.providers.Providers.Fallback;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamWithRetriesTest {
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    private Providers providers(FakeProvider fake, String... overrides) {
        return Fakes.providers(fake, overrides).withObserver(attempts::add);
    }

    private ChatResult streamWithRetries(Providers providers, FakeProvider fake, Optional<Fallback> fallback)
            throws ProviderException {
        return providers.streamWithRetries(providers.get(fake.providerName()).orElseThrow(), REQUEST, tokens::add,
                new Cancellation(), fallback);
    }

    @Test
    void a429WithRetryAfterOneSecondIsWaitedOutAndTheSecondRequestSucceeds() throws Exception {
        try (var fake = FakeProvider.groq()) {
            fake.enqueue(Script.status(429).retryAfter("1"), Script.answer("Second", " time"));

            ChatResult result = streamWithRetries(providers(fake), fake, Optional.empty());

            assertEquals("Second time", result.text());
            List<FakeProvider.Request> requests = fake.requests();
            assertEquals(2, requests.size());
            long waited = TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedNanos() - requests.get(0).receivedNanos());
            assertTrue(waited >= 950 && waited < 3000, "waited " + waited + " ms");
            assertEquals(2, attempts.size());
            assertEquals(Kind.RATE_LIMITED, attempts.get(0).failure().orElseThrow().kind());
            assertEquals(Optional.of(Duration.ofSeconds(1)), attempts.get(0).retryIn());
            assertTrue(attempts.get(1).failure().isEmpty());
            assertEquals(2, attempts.get(1).number());
        }
    }

    @Test
    void aServerErrorAfterTheFirstTokenIsNotRetried() {
        try (var fake = FakeProvider.openRouter()) {
            fake.enqueue(Script.stream().tokens("Already", " shown").streamError("server_error", "Upstream died"),
                    Script.answer("must not be asked"));

            var failure = assertThrows(ProviderException.class,
                    () -> streamWithRetries(providers(fake), fake, Optional.empty()));

            assertEquals(Kind.STREAM_ERROR, failure.kind());
            assertTrue(failure.retryable(), "retryable in itself");
            assertTrue(failure.afterFirstToken());
            assertEquals("Already shown", failure.partialText());
            assertEquals(List.of("Already", " shown"), tokens, "nothing shown twice");
            assertEquals(1, fake.requests().size());
        }
    }

    @Test
    void aSilenceAfterTheFirstTokenIsNotRetried() {
        try (var fake = FakeProvider.openAi()) {
            fake.enqueue(Script.stream().token("Hel").pause(Duration.ofSeconds(2)).finish());

            var failure = assertThrows(ProviderException.class,
                    () -> streamWithRetries(providers(fake, "AI_SILENCE_TIMEOUT_SECONDS", "0.2"), fake, Optional.empty()));

            assertEquals(Kind.SILENCE_TIMEOUT, failure.kind());
            assertEquals(1, fake.requests().size());
        }
    }

    @Test
    void failuresBeforeTheFirstTokenAreRetriedWithBackoff() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            fake.enqueue(Script.status(529).errorType("overloaded_error"), Script.dropBeforeHeaders(),
                    Script.answer("Third", " try"));

            ChatResult result = streamWithRetries(providers(fake), fake, Optional.empty());

            assertEquals("Third try", result.text());
            assertEquals(List.of("Third", " try"), tokens);
            assertEquals(3, fake.requests().size());
            assertEquals(Kind.SERVER_ERROR, attempts.get(0).failure().orElseThrow().kind());
            assertEquals(Kind.CONNECTION, attempts.get(1).failure().orElseThrow().kind());
            long first = attempts.get(0).retryIn().orElseThrow().toMillis();
            long second = attempts.get(1).retryIn().orElseThrow().toMillis();
            assertTrue(first >= 200 && first <= 300, "first backoff " + first);
            assertTrue(second >= 400 && second <= 600, "second backoff " + second);
        }
    }

    @Test
    void anOverloadedErrorInsideTheStreamBeforeAnyTokenIsRetried() throws Exception {
        try (var fake = FakeProvider.anthropic()) {
            fake.enqueue(Script.stream().streamError("overloaded_error", "Overloaded"), Script.answer("ok"));

            assertEquals("ok", streamWithRetries(providers(fake), fake, Optional.empty()).text());
            assertEquals(2, fake.requests().size());
        }
    }

    @Test
    void afterTheConfiguredAttemptsTheLastFailureIsThrownWithTheEarlierOnesSuppressed() {
        try (var fake = FakeProvider.openAi()) {
            fake.answerByDefault(Script.status(500));

            var failure = assertThrows(ProviderException.class,
                    () -> streamWithRetries(providers(fake, "AI_RETRY_ATTEMPTS", "2"), fake, Optional.empty()));

            assertEquals(Kind.SERVER_ERROR, failure.kind());
            assertEquals(2, fake.requests().size());
            assertEquals(1, failure.getSuppressed().length);
            assertTrue(attempts.get(1).retryIn().isEmpty());
        }
    }

    @Test
    void aRejectedRequestIsNotRetried() {
        try (var fake = FakeProvider.openAi()) {
            fake.answerByDefault(Script.status(401));

            var failure = assertThrows(ProviderException.class,
                    () -> streamWithRetries(providers(fake), fake, Optional.empty()));

            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals(1, fake.requests().size());
        }
    }

    @Test
    void aRetryAfterLongerThanThirtySecondsIsNotWaitedFor() {
        try (var fake = FakeProvider.groq()) {
            fake.answerByDefault(Script.status(429).retryAfter("120"));

            long start = System.nanoTime();
            var failure = assertThrows(ProviderException.class,
                    () -> streamWithRetries(providers(fake), fake, Optional.empty()));

            assertEquals(Kind.RATE_LIMITED, failure.kind());
            assertEquals(Duration.ofSeconds(120), failure.retryAfter().orElseThrow(), "so the user can be told when");
            assertEquals(1, fake.requests().size());
            assertTrue(elapsedMillis(start) < 1000);
        }
    }

    @Test
    void theFallbackModelOfAnotherProviderAnswersWhenThePrimaryKeepsFailing() throws Exception {
        try (var primary = FakeProvider.groq(); var secondary = FakeProvider.anthropic()) {
            primary.answerByDefault(Script.status(503));
            secondary.enqueue(Script.answer("From", " the", " fallback"));
            var env = Fakes.env(primary);
            env.putAll(secondary.env());
            var providers = Providers.fromEnv(env).withObserver(attempts::add);
            var fallback = new Fallback(providers.get("anthropic").orElseThrow(), "claude-fallback");

            ChatResult result = providers.streamWithRetries(providers.get("groq").orElseThrow(), REQUEST, tokens::add,
                    new Cancellation(), Optional.of(fallback));

            assertEquals("From the fallback", result.text());
            assertEquals(3, primary.requests().size());
            assertEquals("claude-fallback", secondary.requests().get(0).json().get("model").asText());
            assertEquals(4, attempts.size());
            assertTrue(attempts.get(3).fallback());
            assertEquals("anthropic", attempts.get(3).provider());
        }
    }

    @Test
    void theFallbackModelOfTheSameProviderGetsItsOwnRetries() throws Exception {
        try (var fake = FakeProvider.openRouter()) {
            fake.enqueue(Script.status(400).message("No such model"), Script.status(500), Script.answer("ok"));
            var providers = providers(fake);
            var provider = providers.get("openrouter").orElseThrow();

            ChatResult result = providers.streamWithRetries(provider, REQUEST, tokens::add, new Cancellation(),
                    Optional.of(new Fallback(provider, "other/model")));

            assertEquals("ok", result.text());
            List<FakeProvider.Request> requests = fake.requests();
            assertEquals(List.of("test-model", "other/model", "other/model"),
                    requests.stream().map(r -> r.json().get("model").asText()).toList());
        }
    }

    @Test
    void whenTheFallbackFailsTooItsFailureIsThrownWithThePrimarysSuppressed() {
        try (var fake = FakeProvider.openAi()) {
            fake.answerByDefault(Script.status(401));
            var providers = providers(fake);
            var provider = providers.get("openai").orElseThrow();

            var failure = assertThrows(ProviderException.class, () -> providers.streamWithRetries(provider, REQUEST,
                    tokens::add, new Cancellation(), Optional.of(new Fallback(provider, "gpt-other"))));

            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals(2, fake.requests().size());
            assertEquals(1, failure.getSuppressed().length);
        }
    }

    @Test
    void noFallbackAfterTheFirstToken() {
        try (var fake = FakeProvider.openAi()) {
            fake.enqueue(Script.stream().token("Partly").drop());
            var providers = providers(fake);
            var provider = providers.get("openai").orElseThrow();

            var failure = assertThrows(ProviderException.class, () -> providers.streamWithRetries(provider, REQUEST,
                    tokens::add, new Cancellation(), Optional.of(new Fallback(provider, "gpt-other"))));

            assertEquals(Kind.CONNECTION, failure.kind());
            assertEquals("Partly", failure.partialText());
            assertEquals(1, fake.requests().size());
        }
    }

    @Test
    void cancellingDuringTheBackoffStopsAtOnceWithoutAnotherTry() throws Exception {
        try (var fake = FakeProvider.groq()) {
            fake.answerByDefault(Script.status(429).retryAfter("20"));
            var providers = providers(fake);
            var cancellation = new Cancellation();
            new Thread(() -> {
                fake.awaitRequests(1, Duration.ofSeconds(2));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    return;
                }
                cancellation.cancel();
            }).start();

            long start = System.nanoTime();
            var failure = assertThrows(ProviderException.class, () -> providers.streamWithRetries(
                    providers.get("groq").orElseThrow(), REQUEST, tokens::add, cancellation, Optional.empty()));

            assertEquals(Kind.CANCELLED, failure.kind());
            assertTrue(elapsedMillis(start) < 1000);
            assertEquals(1, fake.requests().size());
        }
    }

    @Test
    void anInterruptedThreadStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
        try (var fake = FakeProvider.groq()) {
            fake.answerByDefault(Script.status(429).retryAfter("20"));
            var providers = providers(fake);
            var outcome = new ArrayList<Object>();
            var worker = new Thread(() -> {
                try {
                    providers.streamWithRetries(providers.get("groq").orElseThrow(), REQUEST, tokens::add,
                            new Cancellation(), Optional.empty());
                } catch (ProviderException e) {
                    outcome.add(e.kind());
                    outcome.add(Thread.currentThread().isInterrupted());
                }
            });
            worker.start();
            fake.awaitRequests(1, Duration.ofSeconds(2));
            Thread.sleep(100);
            worker.interrupt();
            worker.join(2000);

            assertFalse(worker.isAlive());
            assertEquals(List.of(Kind.CANCELLED, true), outcome);
        }
    }

    @Test
    void keysNeverAppearInFailureMessagesOrTheLog() throws Exception {
        var log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        var failures = new ArrayList<ProviderException>();
        List<String> keys = new ArrayList<>();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (FakeProvider.Flavour flavour : FakeProvider.Flavour.values()) {
                try (var fake = FakeProvider.of(flavour)) {
                    String key = Fakes.key(fake);
                    keys.add(key);
                    fake.enqueue(Script.status(429).retryAfter("0").message("Slow down, " + key),
                            Script.status(401).message("Incorrect API key provided: " + key),
                            Script.stream().streamError("overloaded_error", "Overloaded for key " + key),
                            Script.stream().token("x").drop());
                    var providers = Fakes.providers(fake, "AI_RETRY_ATTEMPTS", "2");
                    var provider = providers.get(fake.providerName()).orElseThrow();
                    failures.add(assertThrows(ProviderException.class, () -> providers.streamWithRetries(
                            provider, REQUEST, tokens::add, new Cancellation(), Optional.empty())));
                    failures.add(assertThrows(ProviderException.class, () -> providers.streamWithRetries(
                            provider, REQUEST, tokens::add, new Cancellation(), Optional.empty())));
                    assertTrue(provider.toString().contains(fake.baseUrl()));
                    assertFalse(provider.toString().contains(key));
                    assertFalse(providers.toString().contains(key));
                }
            }
        } finally {
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("Assistant: "), "the retries were logged:\n" + logged);
        for (String key : keys) {
            assertFalse(logged.contains(key), "a key in the log:\n" + logged);
            for (ProviderException failure : failures) {
                assertFalse(describe(failure).contains(key), describe(failure));
            }
        }
    }

    private static String describe(Throwable failure) {
        var text = new StringBuilder(String.valueOf(failure));
        for (Throwable suppressed : failure.getSuppressed()) {
            text.append('\n').append(describe(suppressed));
        }
        if (failure.getCause() != null) {
            text.append('\n').append(describe(failure.getCause()));
        }
        return text.toString();
    }
}
