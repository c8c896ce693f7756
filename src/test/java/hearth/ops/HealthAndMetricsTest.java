package hearth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthAndMetricsTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    @Test
    void healthAnswersJsonWithStatusOk() throws Exception {
        var response = app.newSession().get("/health");

        assertEquals(200, response.status(), response.describe());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.describe());
        assertEquals("no-store", response.header("Cache-Control"));
        var json = new ObjectMapper().readTree(response.body());
        assertEquals("ok", json.get("status").asText());
        assertEquals("ok", json.get("database").asText());
        assertTrue(json.get("databaseMillis").isNumber());
    }

    @Test
    void healthStartsNoSession() {
        var response = app.newSession().get("/health");

        assertTrue(response.headerValues("Set-Cookie").isEmpty(), "A load balancer's probes must not fill the sessions table");
    }

    @Test
    void metricsExposeRequestsTheConnectionPoolAndTheJvm() {
        var browser = app.newSession();
        browser.get("/health");
        browser.get("/invitations/a-secret-token-that-must-not-become-a-label");

        var response = scrape(browser);

        assertEquals(200, response.status(), response.describe());
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.describe());
        var body = response.body();
        assertTrue(body.contains("http_server_requests"), "HTTP request timers");
        assertTrue(body.contains("hikaricp"), "Connection pool gauges");
        assertTrue(body.contains("jvm_memory"), "JVM memory gauges");
        assertTrue(body.contains("route=\"/invitations/{token}\""), "Requests are labelled by route template");
        assertFalse(body.contains("a-secret-token-that-must-not-become-a-label"),
                "A URL's values never become labels (secrets, and one series per URL)");
    }

    @Test
    void requestTimesAreCountedAtOrUnderEachBoundOfTheirRoute() {
        var browser = app.newSession();
        browser.get("/health");
        browser.get("/health");

        var body = scrape(browser).body();

        var series = "http_server_requests_seconds_%s{method=\"GET\",route=\"/health\",status=\"200\"%s}";
        var count = value(body, series.formatted("count", ""));
        assertTrue(count >= 2, "two requests at least, got " + count);
        var previous = 0.0;
        for (var bound : new String[] {"5.0E-4", "0.001", "0.002", "0.005", "0.015", "0.1", "1.0", "5.0", "+Inf"}) {
            var atMost = value(body, series.formatted("bucket", ",le=\"" + bound + "\""));
            assertTrue(atMost >= previous, "counts are cumulative: le=" + bound + " has " + atMost + " after " + previous);
            previous = atMost;
        }
        assertEquals(count, previous, "every request is at or under +Inf");
    }

    private static double value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("No line " + series + " in the scrape"));
    }

    @Test
    void metricsCountTheOpenEventStreams() {
        var acme = Fixtures.acme(app);
        try (var stream = EventStream.open(app, acme.ann().session(), "topic=org:" + acme.org().id() + ":tasks")) {
            assertEquals(200, stream.status());
            stream.await(event -> event.event().equals("hello"), Duration.ofSeconds(5));
            assertTrue(scrape(app.newSession()).body().contains("hearth_live_streams 1.0"), "one stream open");
        }
    }

    private static Response scrape(HttpSession browser) {
        return browser.get("/metrics");
    }
}
