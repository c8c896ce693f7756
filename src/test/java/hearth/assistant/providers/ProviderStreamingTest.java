package hearth.assistant.providers;

import static hearth.assistant.providers.Fakes.REQUEST;
import static hearth.assistant.providers.Fakes.REQUEST_WORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.assistant.providers.FakeProvider.Flavour;
import hearth.assistant.providers.FakeProvider.Script;
import hearth.assistant.providers.ProviderException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every provider does with what real streams do, against a fake speaking each wire format. */
class ProviderStreamingTest {
    private final List<String> tokens = new CopyOnWriteArrayList<>();

    private ChatResult stream(ChatProvider provider) throws ProviderException {
        return provider.stream(REQUEST, tokens::add, new Cancellation());
    }

    private ProviderException failure(ChatProvider provider) {
        return assertThrows(ProviderException.class, () -> stream(provider));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aNormalStreamDeliversEveryTokenInOrderWithTheUsageAndFinishReason(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.answer("Hello", " wor", "ld", "!"));

            ChatResult result = stream(Fakes.provider(fake));

            assertEquals(List.of("Hello", " wor", "ld", "!"), tokens);
            assertEquals("Hello world!", result.text());
            assertEquals(new Usage(REQUEST_WORDS, 4), result.usage());
            assertEquals(Fakes.finishReason(fake), result.finishReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void theDefaultAnswerIsHelloFromTheFakeWordByWord(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            assertEquals("Hello from the fake", stream(Fakes.provider(fake)).text());
            assertEquals(List.of("Hello", " from", " the", " fake"), tokens);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void keepAlivesAndCommentLinesAreIgnored(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().keepAlive().token("a").comment(" anything at all").keepAlive()
                    .comment("").token("b").keepAlive().finish());

            assertEquals("ab", stream(Fakes.provider(fake)).text());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void eventsCutIntoSingleBytesGiveTheSameAnswerEvenInsideMultiByteCharacters(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.answer("héllo", " 日本", " 🎉", "\n\"quoted\"").fragment(1));

            ChatResult result = stream(Fakes.provider(fake));

            assertEquals("héllo 日本 🎉\n\"quoted\"", result.text());
            assertEquals(List.of("héllo", " 日本", " 🎉", "\n\"quoted\""), tokens);
            assertEquals(new Usage(REQUEST_WORDS, 4), result.usage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void crlfAndCrLineEndingsWorkAlsoWhenTheyAreCutApart(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.answer("one", " two").crlf(),
                    Script.answer("three", " four").crlf().fragment(3),
                    Script.answer("five").lineEndings("\r").fragment(2));
            ChatProvider provider = Fakes.provider(fake);

            assertEquals("one two", stream(provider).text());
            assertEquals("three four", stream(provider).text());
            assertEquals("five", stream(provider).text());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void anOverloadedErrorInsideA200StreamIsARetryableStreamErrorKeepingThePartialText(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().tokens("Par", "tial").streamError("overloaded_error", "Overloaded"));

            var failure = failure(Fakes.provider(fake));

            assertEquals(Kind.STREAM_ERROR, failure.kind());
            assertTrue(failure.retryable());
            assertTrue(failure.afterFirstToken());
            assertEquals("Partial", failure.partialText());
            assertTrue(failure.getMessage().endsWith("reported an error: Overloaded"), failure.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void anInvalidRequestErrorInsideA200StreamIsNotRetryable(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().streamError("invalid_request_error", "Context too long"));

            var failure = failure(Fakes.provider(fake));

            assertEquals(Kind.STREAM_ERROR, failure.kind());
            assertFalse(failure.retryable());
            assertFalse(failure.afterFirstToken());
            assertEquals("", failure.partialText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void a429IsRateLimitedWithTheRetryAfterTheProviderAskedFor(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.status(429).retryAfter("7"), Script.status(429).header("retry-after-ms", "1500"));
            ChatProvider provider = Fakes.provider(fake);

            var failure = failure(provider);
            assertEquals(Kind.RATE_LIMITED, failure.kind());
            assertTrue(failure.retryable());
            assertEquals(Duration.ofSeconds(7), failure.retryAfter().orElseThrow());
            assertEquals(429, failure.status().orElseThrow());
            assertTrue(failure.getMessage().contains(" answered 429: Rate limit reached"), failure.getMessage());

            assertEquals(Duration.ofMillis(1500), failure(provider).retryAfter().orElseThrow());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void a500IsARetryableServerError(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.status(500), Script.status(529).errorType("overloaded_error").message("Overloaded"));
            ChatProvider provider = Fakes.provider(fake);

            var failure = failure(provider);
            assertEquals(Kind.SERVER_ERROR, failure.kind());
            assertTrue(failure.retryable());
            assertTrue(failure.retryAfter().isEmpty());

            var overloaded = failure(provider);
            assertEquals(Kind.SERVER_ERROR, overloaded.kind());
            assertTrue(overloaded.getMessage().endsWith(" answered 529: Overloaded"), overloaded.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void anotherClientErrorIsRejectedWithTheProvidersMessageButNeverTheKey(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            String key = Fakes.key(fake);
            fake.enqueue(Script.status(401).message("Incorrect API key provided: " + key + ". Find yours at example.com"),
                    Script.status(400).message("This model's maximum context length is 8192 tokens"));
            ChatProvider provider = Fakes.provider(fake);

            var failure = failure(provider);
            assertEquals(Kind.REJECTED, failure.kind());
            assertFalse(failure.retryable());
            assertFalse(failure.getMessage().contains(key), failure.getMessage());
            assertTrue(failure.getMessage().contains("answered 401: Incorrect API key provided: [redacted]"), failure.getMessage());

            var tooLong = failure(provider);
            assertEquals(Kind.REJECTED, tooLong.kind());
            assertTrue(tooLong.getMessage().endsWith("answered 400: This model's maximum context length is 8192 tokens"),
                    tooLong.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aMalformedChunkIsMalformedKeepingThePartialText(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().token("Before").malformed().token("after").finish());

            var failure = failure(Fakes.provider(fake));

            assertEquals(Kind.MALFORMED, failure.kind());
            assertFalse(failure.retryable());
            assertEquals("Before", failure.partialText());
            assertTrue(failure.afterFirstToken());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aStreamThatEndsWithoutItsTerminatorIsIncompleteWithThePartialTextAndUsage(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().tokens("Half", " an").end());

            var failure = failure(Fakes.provider(fake));

            assertEquals(Kind.INCOMPLETE, failure.kind());
            assertEquals("Half an", failure.partialText());
            assertTrue(failure.afterFirstToken());
            if (flavour == Flavour.ANTHROPIC) {
                assertEquals(REQUEST_WORDS, failure.partialUsage().inputTokens());
            } else {
                assertEquals(Usage.UNKNOWN, failure.partialUsage());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aConnectionDroppedMidAnswerIsAConnectionFailureWithThePartialText(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().tokens("Cut", " off").drop());

            var failure = failure(Fakes.provider(fake));

            assertEquals(Kind.CONNECTION, failure.kind());
            assertEquals("Cut off", failure.partialText());
            assertTrue(failure.afterFirstToken());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aStallAfterTheFirstTokenIsASilenceTimeout(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().token("Waiting").pause(Duration.ofSeconds(3)).token("never").finish());
            ChatProvider provider = Fakes.provider(fake, "AI_SILENCE_TIMEOUT_SECONDS", "0.3");

            long start = System.nanoTime();
            var failure = failure(provider);

            assertEquals(Kind.SILENCE_TIMEOUT, failure.kind());
            assertEquals("No data from the model for 0.3 s", failure.getMessage());
            assertEquals("Waiting", failure.partialText());
            assertTrue(failure.afterFirstToken());
            assertTrue(elapsedMillis(start) < 2000, "the silence timeout ended the stream, not the fake");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aStallBeforeTheFirstTokenIsARetryableFirstTokenTimeout(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().pause(Duration.ofSeconds(3)).token("late").finish());
            ChatProvider provider = Fakes.provider(fake, "AI_FIRST_TOKEN_TIMEOUT_SECONDS", "0.3");

            var failure = failure(provider);

            assertEquals(Kind.FIRST_TOKEN_TIMEOUT, failure.kind());
            assertTrue(failure.retryable());
            assertFalse(failure.afterFirstToken());
            assertEquals("The model did not start answering within 0.3 s", failure.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void keepAlivesResetTheSilenceTimeoutButNotTheFirstTokenTimeout(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            Script keptAlive = Script.stream();
            for (int i = 0; i < 20; i++) {
                keptAlive.keepAlive().pause(Duration.ofMillis(100));
            }
            fake.enqueue(keptAlive.token("late").finish());
            ChatProvider provider = Fakes.provider(fake,
                    "AI_FIRST_TOKEN_TIMEOUT_SECONDS", "0.6", "AI_SILENCE_TIMEOUT_SECONDS", "0.3");

            assertEquals(Kind.FIRST_TOKEN_TIMEOUT, failure(provider).kind());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aStallBeforeTheHeadersIsAFirstTokenTimeout(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.answer("late").headersDelay(Duration.ofSeconds(3)));
            ChatProvider provider = Fakes.provider(fake, "AI_FIRST_TOKEN_TIMEOUT_SECONDS", "0.3");

            long start = System.nanoTime();
            assertEquals(Kind.FIRST_TOKEN_TIMEOUT, failure(provider).kind());
            assertTrue(elapsedMillis(start) < 2000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void cancellingStopsAStreamPromptlyInTheMiddleOfTheAnswer(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            var script = Script.stream().tokenDelay(Duration.ofMillis(50));
            for (int i = 0; i < 100; i++) {
                script.token("t" + i + " ");
            }
            fake.enqueue(script.finish());
            ChatProvider provider = Fakes.provider(fake);
            var cancellation = new Cancellation();
            var threeTokens = new CountDownLatch(3);
            var canceller = new Thread(() -> {
                try {
                    threeTokens.await();
                    cancellation.cancel();
                } catch (InterruptedException ignored) {
                    // the test is over
                }
            });
            canceller.start();

            long start = System.nanoTime();
            var failure = assertThrows(ProviderException.class, () -> provider.stream(REQUEST, delta -> {
                tokens.add(delta);
                threeTokens.countDown();
            }, cancellation));
            long cancelledAfter = elapsedMillis(start);

            assertEquals(Kind.CANCELLED, failure.kind());
            assertFalse(failure.retryable());
            assertTrue(failure.afterFirstToken());
            assertTrue(failure.partialText().startsWith("t0 t1 t2 "), failure.partialText());
            assertEquals(String.join("", tokens), failure.partialText());
            assertTrue(tokens.size() < 10, "stopped after " + tokens.size() + " tokens, in " + cancelledAfter + " ms");
            assertTrue(cancelledAfter < 1000, "took " + cancelledAfter + " ms");
            awaitTrue(() -> fake.clientAborts() == 1, "the fake saw the client go away");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void aListenerThatCancelsGetsNoFurtherTokens(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.stream().tokens("a", "b", "c").finish());
            var cancellation = new Cancellation();

            var failure = assertThrows(ProviderException.class, () -> Fakes.provider(fake).stream(REQUEST, delta -> {
                tokens.add(delta);
                cancellation.cancel();
            }, cancellation));

            assertEquals(Kind.CANCELLED, failure.kind());
            assertEquals(List.of("a"), tokens);
            assertEquals("a", failure.partialText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void cancellingBeforeTheProviderAnswersStopsAtOnce(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            fake.enqueue(Script.answer("late").headersDelay(Duration.ofSeconds(3)));
            ChatProvider provider = Fakes.provider(fake);
            var cancellation = new Cancellation();
            var canceller = new Thread(() -> {
                fake.awaitRequests(1, Duration.ofSeconds(2));
                cancellation.cancel();
            });
            canceller.start();

            long start = System.nanoTime();
            var failure = assertThrows(ProviderException.class, () -> provider.stream(REQUEST, tokens::add, cancellation));

            assertEquals(Kind.CANCELLED, failure.kind());
            assertFalse(failure.afterFirstToken());
            assertTrue(elapsedMillis(start) < 1000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void anAlreadyCancelledStreamSendsNothing(Flavour flavour) {
        try (var fake = FakeProvider.of(flavour)) {
            var cancellation = new Cancellation();
            cancellation.cancel();

            var failure = assertThrows(ProviderException.class,
                    () -> Fakes.provider(fake).stream(REQUEST, tokens::add, cancellation));

            assertEquals(Kind.CANCELLED, failure.kind());
            assertTrue(fake.requests().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flavour.class)
    void oneConnectionServesAnswerAfterAnswer(Flavour flavour) throws Exception {
        try (var fake = FakeProvider.of(flavour)) {
            ChatProvider provider = Fakes.provider(fake);
            int answers = 2 * Transport.SELECTORS;
            for (int i = 0; i < answers; i++) {
                assertEquals("Hello from the fake", stream(provider).text());
                // An answer is returned at its terminator; the end of its body follows on the client's thread.
                Thread.sleep(20);
            }
            assertEquals(answers, fake.requests().size());
            // Streams take turns over the clients (a selector thread each); each client keeps its connection.
            assertEquals(Transport.SELECTORS, fake.connections());
        }
    }

    static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
