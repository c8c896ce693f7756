package hearth.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real text/event-stream client over HTTP, as a browser's EventSource reads it: {@code id:},
 * {@code event:} and {@code data:} lines, comments ignored. Hearth's first data line is the topic.
 */
public final class EventStream implements AutoCloseable {
    public record Received(long id, String event, String topic, String data) {}

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final int status;
    private final Thread reader;
    private final java.io.InputStream body;
    private final CountDownLatch reading = new CountDownLatch(1);
    private volatile boolean ended;

    private EventStream(HttpResponse<java.io.InputStream> response, boolean paused) {
        this.status = response.statusCode();
        this.body = response.body();
        if (!paused) {
            reading.countDown();
        }
        this.reader = new Thread(this::read, "test-event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code /live?…} as {@code session}'s browser would; {@code headers} e.g. Last-Event-ID. */
    public static EventStream open(TestApp app, HttpSession session, String query, Map<String, String> headers) {
        return open(app.baseUrl(), session, query, headers);
    }

    /** Opens the stream on any Hearth process, e.g. a second node, with {@code session}'s cookie. */
    public static EventStream open(String baseUrl, HttpSession session, String query, Map<String, String> headers) {
        return open(baseUrl, session, query, headers, false);
    }

    /**
     * Opened, but nothing read until {@link #resume}: a client that has stopped reading (its socket's
     * buffers fill, then the server's), as a busy or sleeping browser would.
     */
    public static EventStream openPaused(TestApp app, HttpSession session, String query, Map<String, String> headers) {
        return open(app.baseUrl(), session, query, headers, true);
    }

    /** Starts reading a stream opened with {@link #openPaused}. */
    public void resume() {
        reading.countDown();
    }

    private static EventStream open(String baseUrl, HttpSession session, String query, Map<String, String> headers,
                                    boolean paused) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/live?" + query))
                .header("Accept", "text/event-stream");
        if (session.sessionCookie() != null) {
            request.header("Cookie", HttpSession.SESSION_COOKIE + "=" + session.sessionCookie());
        }
        headers.forEach(request::header);
        try {
            return new EventStream(CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()), paused);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static EventStream open(TestApp app, HttpSession session, String query) {
        return open(app, session, query, Map.of());
    }

    public int status() {
        return status;
    }

    private void read() {
        try {
            reading.await();
        } catch (InterruptedException e) {
            return;
        }
        try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long id = 0;
            String event = "message";
            var data = new ArrayList<String>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        var topic = data.get(0);
                        events.add(new Received(id, event, topic, String.join("\n", data.subList(1, data.size()))));
                    }
                    id = 0;
                    event = "message";
                    data.clear();
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
        } catch (IOException e) {
            // the stream was closed
        } finally {
            ended = true;
        }
    }

    /** The next event, or null after {@code timeout}. */
    public Received next(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next event that matches, skipping others; fails after {@code timeout}. */
    public Received await(Predicate<Received> wanted, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("No matching event within " + timeout);
    }

    /** Every event that arrives until the stream has been quiet for {@code quiet}. */
    public List<Received> drain(Duration quiet) {
        var all = new ArrayList<Received>();
        Received event;
        while ((event = next(quiet)) != null) {
            all.add(event);
        }
        return all;
    }

    /** The events with ids (outbox events), until quiet. */
    public List<Received> drainEvents(Duration quiet) {
        return drain(quiet).stream().filter(e -> e.id() > 0).toList();
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing
        }
        reader.interrupt();
    }
}
