package hearth.ops;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.stream.Stream;
import hearth.web.Tokens;

/**
 * Prometheus metrics: the JVM, the connection pool, and HTTP requests by route and status. Request times
 * also come as counts at or under fixed bounds ({@link #REQUEST_BUCKETS}), so a scrape can tell what share
 * of a route's requests met a latency objective, and roughly its median and 99th percentile.
 */
public final class Metrics {
    /** Bounds of the request time buckets: fine around the few milliseconds a page should take, coarse above. */
    static final Duration[] REQUEST_BUCKETS = Stream.of(
                    0.5, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5, 10.0, 15.0, 25.0, 50.0, 100.0, 250.0, 1_000.0, 5_000.0)
            .map(millis -> Duration.ofNanos((long) (millis * 1_000_000)))
            .toArray(Duration[]::new);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String token;

    /** With a token set, scrapes must send it as a bearer token; without one the endpoint is open. */
    public Metrics(String token) {
        this.token = token;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Request logger: one timer per route template (not per URL, which would explode the series). */
    public void record(Context ctx, float millis) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        var route = endpoint == null ? (ctx.path().startsWith("/static/") || ctx.path().startsWith("/webjars/")
                ? "static" : "unmatched") : endpoint.path;
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", String.valueOf(ctx.statusCode()))
                .serviceLevelObjectives(REQUEST_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    public void scrape(Context ctx) {
        if (token != null && !Tokens.sameSecret("Bearer " + token, ctx.header("Authorization"))) {
            throw new UnauthorizedResponse("Send the metrics token as a bearer token.");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }
}
