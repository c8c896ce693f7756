package hearth.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The assistant benchmark's AI provider, in the benchmark's JVM: an OpenAI-compatible server
 * ({@code POST /v1/chat/completions}, streamed) that answers every request with {@code tokens}
 * tokens, one every {@code interval} (50 tokens/s at 20 ms), the first one interval after the
 * request has arrived. Each token's text is {@code @<System.nanoTime() at the write> }, so whoever
 * reads it on this machine (CLOCK_MONOTONIC is shared by all processes) knows when it left here.
 *
 * <p>The wire format is the real one, as in the test tree's {@code FakeProvider}: a role chunk, the
 * {@code chat.completion.chunk}s, a finish chunk, the usage chunk when {@code stream_options} asks
 * for it, {@code data: [DONE]}; every event is its own HTTP chunk, written and flushed at once on a
 * TCP_NODELAY socket. A request with {@code max_tokens} (Hearth asking for a conversation's title)
 * gets a short unstamped answer at once. A request is named by the last {@code [bench TAG]} in its
 * body (its newest question); {@link #answer} hands out, per tag, what the fake saw of the stream.
 */
final class BenchProvider implements AutoCloseable {
    /** One answer as the fake wrote it; times are {@link System#nanoTime()}. */
    record Answer(String tag, long received, long firstWrite, long lastWrite, long done, int tokens, long maxLateNanos) {}

    private static final Pattern TAG = Pattern.compile("\\[bench ([A-Za-z0-9-]+)]");

    private final int tokens;
    private final long intervalNanos;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        var thread = new Thread(task, "bench-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentHashMap<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** The stamp of every token written, in the order written (guarded by itself). */
    private final SseClients.Arrivals stamps = new SseClients.Arrivals();
    private volatile boolean closed;

    BenchProvider(int tokens, long intervalNanos) throws IOException {
        this.tokens = tokens;
        this.intervalNanos = intervalNanos;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** What Hearth is configured with: {@code OPENAI_COMPATIBLE_BASE_URL}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** The stream answering the request tagged {@code tag}; completes when its last byte is written. */
    CompletableFuture<Answer> answer(String tag) {
        return answers.computeIfAbsent(tag, t -> new CompletableFuture<>());
    }

    /** How many tokens the fake wrote in [from, to) ({@link System#nanoTime()}). */
    long written(long from, long to) {
        long count = 0;
        synchronized (stamps) {
            for (int i = 0; i < stamps.count; i++) {
                if (stamps.ids[i] >= from && stamps.ids[i] < to) {
                    count++;
                }
            }
        }
        return count;
    }

    /** A request as the bench client sends it when it reads the fake directly. */
    static String directRequest(String tag) {
        var body = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question(tag)
                + "\"}],\"stream\":true,\"temperature\":0.7,\"stream_options\":{\"include_usage\":true}}";
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: text/event-stream\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** The question that names a request {@code tag}. */
    static String question(String tag) {
        return "A question for the benchmark [bench " + tag + "]";
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            try {
                var socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One connection: requests one after the other (Hearth's client keeps connections alive). */
    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            String body;
            while (!closed && (body = readRequest(in)) != null) {
                var received = System.nanoTime();
                var matcher = TAG.matcher(body);
                String tag = null;
                while (matcher.find()) {
                    tag = matcher.group(1);
                }
                respond(out, tag, body, received);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void respond(OutputStream out, String tag, String body, long received) throws IOException {
        var id = "chatcmpl-" + ids.incrementAndGet();
        var created = System.currentTimeMillis() / 1000;
        var head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"model\":\"bench-model\",";
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        var title = body.contains("\"max_tokens\"");
        int sent = 0;
        long first = 0;
        long last = 0;
        long maxLate = 0;
        if (title) {
            event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Bench conversation\"},\"finish_reason\":null}]}");
            sent = 1;
        } else {
            for (int i = 0; i < tokens; i++) {
                var due = received + (i + 1) * intervalNanos;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                // The stamp is taken as the token is written: a write that blocks (its reader stalled) shows as lateness.
                var now = System.nanoTime();
                event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"@" + now + " \"},\"finish_reason\":null}]}");
                maxLate = Math.max(maxLate, now - due);
                if (first == 0) {
                    first = now;
                }
                last = now;
                sent++;
                synchronized (stamps) {
                    stamps.add(now, 0);
                }
            }
        }
        event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        if (body.contains("\"include_usage\":true")) {
            event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + (body.length() / 4) + ",\"completion_tokens\":"
                    + sent + ",\"total_tokens\":" + (body.length() / 4 + sent) + "}}");
        }
        event(out, "[DONE]");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (tag != null && !title) {
            answer(tag).complete(new Answer(tag, received, first, last, System.nanoTime(), sent, maxLate));
        }
    }

    /** One SSE event ({@code data: …} and a blank line) as one HTTP chunk, in one write. */
    private static void event(OutputStream out, String data) throws IOException {
        var bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        var chunk = new ByteArrayOutputStream(bytes.length + 12);
        chunk.write(Integer.toHexString(bytes.length).getBytes(StandardCharsets.ISO_8859_1));
        chunk.write('\r');
        chunk.write('\n');
        chunk.write(bytes);
        chunk.write('\r');
        chunk.write('\n');
        out.write(chunk.toByteArray());
        out.flush();
    }

    /** The body of the next request, or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        var requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        int length = 0;
        for (var line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            var colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                var text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
