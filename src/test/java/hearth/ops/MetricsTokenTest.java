package hearth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsTokenTest {
    private static final String TOKEN = "scrape-me-please";

    @RegisterExtension
    static TestApp app = new TestApp().withConfig("METRICS_TOKEN", TOKEN);

    @Test
    void withATokenSetAScrapeMustSendItAsABearerToken() {
        assertEquals(401, app.newSession().get("/metrics").status());
        assertEquals(401, app.newSession().get("/metrics", Map.of("Authorization", "Bearer wrong")).status());

        var scrape = app.newSession().get("/metrics", Map.of("Authorization", "Bearer " + TOKEN));

        assertEquals(200, scrape.status(), scrape.describe());
        assertTrue(scrape.body().contains("jvm_memory"));
    }

    @Test
    void healthStaysOpenForLoadBalancers() {
        assertEquals(200, app.newSession().get("/health").status());
    }
}
