package hearth.assistant.providers;

import static hearth.assistant.providers.Fakes.REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hearth.assistant.providers.ProviderException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection failures and the reading of error answers, shared by every provider. */
class TransportTest {
    @Test
    void aRefusedConnectionIsARetryableConnectionFailure() throws IOException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var provider = Providers.fromEnv(Map.of("GROQ_API_KEY", "gsk_test_0123456789",
                "GROQ_BASE_URL", "http://127.0.0.1:" + port + "/openai/v1")).get("groq").orElseThrow();

        var failure = assertThrows(ProviderException.class, () -> provider.stream(REQUEST, d -> {}, new Cancellation()));

        assertEquals(Kind.CONNECTION, failure.kind());
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().startsWith("Could not connect to Groq"), failure.getMessage());
    }

    @Test
    void aServerThatNeverAcceptsIsAConnectTimeout() throws IOException {
        // A listening socket whose accept queue is full drops further connection attempts unanswered.
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> filling = new ArrayList<>();
            try {
                boolean full = false;
                for (int i = 0; i < 20 && !full; i++) {
                    var socket = new Socket();
                    try {
                        socket.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 200);
                        filling.add(socket);
                    } catch (SocketTimeoutException e) {
                        socket.close();
                        full = true;
                    }
                }
                assumeTrue(full, "this kernel does not leave connections to a full accept queue unanswered");
                var provider = Providers.fromEnv(Map.of("OPENAI_API_KEY", "sk-test-0123456789",
                        "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getLocalPort() + "/v1",
                        "AI_CONNECT_TIMEOUT_SECONDS", "0.3")).get("openai").orElseThrow();

                var failure = assertThrows(ProviderException.class,
                        () -> provider.stream(REQUEST, d -> {}, new Cancellation()));

                assertEquals(Kind.CONNECT_TIMEOUT, failure.kind());
                assertTrue(failure.retryable());
                assertEquals("Could not connect to OpenAI within 0.3 s", failure.getMessage());
            } finally {
                for (Socket socket : filling) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void retryAfterIsReadInSecondsAsAnHttpDateOrInMilliseconds() {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        assertEquals(Duration.ofSeconds(20), Transport.retryAfter(null, "20", now));
        assertEquals(Duration.ofMillis(1500), Transport.retryAfter(null, "1.5", now));
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atZone(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(120), Transport.retryAfter(null, inTwoMinutes, now));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(5).atZone(ZoneOffset.UTC));
        assertEquals(Duration.ZERO, Transport.retryAfter(null, past, now));
        assertEquals(Duration.ofMillis(250), Transport.retryAfter("250", "20", now), "retry-after-ms is finer");
        assertNull(Transport.retryAfter(null, "soon", now));
        assertNull(Transport.retryAfter(null, "-3", now));
        assertNull(Transport.retryAfter(null, null, now));
    }

    @Test
    void theErrorReasonIsTakenFromEachProvidersErrorBody() {
        assertEquals("Invalid API key", Transport.errorReason(
                "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        assertEquals("Overloaded", Transport.errorReason(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertEquals("model not found", Transport.errorReason("{\"error\":\"model not found\"}"));
        assertEquals("The model does not exist", Transport.errorReason("{\"object\":\"error\",\"message\":\"The model does not exist\"}"));
        assertEquals("Not Found", Transport.errorReason("{\"detail\":\"Not Found\"}"));
        assertEquals("upstream connect error", Transport.errorReason("upstream connect error\nmore"));
        assertEquals("", Transport.errorReason("<html><body>502 Bad Gateway</body></html>"));
        assertEquals("", Transport.errorReason(""));
    }

    @Test
    void durationsInMessagesAreInSeconds() {
        assertEquals("30 s", Transport.seconds(Duration.ofSeconds(30)));
        assertEquals("0.25 s", Transport.seconds(Duration.ofMillis(250)));
    }
}
