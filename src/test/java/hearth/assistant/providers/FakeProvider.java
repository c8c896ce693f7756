package hearth.assistant.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process AI provider speaking a real wire format byte for byte over real HTTP/1.1: OpenAI's chat
 * completions stream (also dressed as Groq, with x_groq usage, as OpenRouter, with its comment lines,
 * or as a plain compatible server such as Ollama) or Anthropic's Messages stream.
 *
 * <pre>{@code
 * try (var fake = FakeProvider.groq()) {
 *     fake.enqueue(Script.status(429).retryAfter("1"), Script.answer("Hi", " there"));
 *     var providers = Providers.fromEnv(fake.env());        // GROQ_API_KEY and GROQ_BASE_URL
 *     ... fake.requests().get(0).header("authorization") ...
 * }
 * }</pre>
 *
 * Each request takes the next enqueued {@link Script}, or the default one ("Hello from the fake", word by
 * word) when none is left. Every write of an event is flushed as its own HTTP chunk (TCP_NODELAY), so
 * the client really sees one read per event, or per fragment with {@link Script#fragment(int)}.
 * Usage it reports: input = the number of words in the request's messages (and system field), output =
 * the number of tokens it sent, unless the script sets {@link Script#usage(int, int)}.
 */
public final class FakeProvider implements AutoCloseable {
    public enum Flavour { OPENAI, GROQ, OPENROUTER, COMPATIBLE, ANTHROPIC }

    /** One request as received; header names are lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body, long receivedNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("The request body is not JSON: " + body, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** In a token's text, replaced by System.nanoTime() as the token is written: for latency measurements in-process. */
    public static final String NANOS = "{nanos}";

    private final Flavour flavour;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        var thread = new Thread(task, "fake-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger clientAborts = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Script defaultScript = Script.hello();
    private volatile boolean rejectStreamOptions;
    private volatile boolean closed;

    private FakeProvider(Flavour flavour) {
        this.flavour = flavour;
        try {
            server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("Could not open the fake provider's port", e);
        }
        threads.execute(this::acceptLoop);
    }

    public static FakeProvider of(Flavour flavour) {
        return new FakeProvider(flavour);
    }

    public static FakeProvider openAi() {
        return of(Flavour.OPENAI);
    }

    public static FakeProvider groq() {
        return of(Flavour.GROQ);
    }

    public static FakeProvider openRouter() {
        return of(Flavour.OPENROUTER);
    }

    /** A plain OpenAI-compatible server without a key, as Ollama, vLLM or llama.cpp. */
    public static FakeProvider compatible() {
        return of(Flavour.COMPATIBLE);
    }

    public static FakeProvider anthropic() {
        return of(Flavour.ANTHROPIC);
    }

    public Flavour flavour() {
        return flavour;
    }

    /** The base URL to configure, e.g. http://127.0.0.1:PORT/openai/v1 for Groq (paths as the real ones). */
    public String baseUrl() {
        String root = "http://127.0.0.1:" + server.getLocalPort();
        switch (flavour) {
            case GROQ: return root + "/openai/v1";
            case OPENROUTER: return root + "/api/v1";
            case ANTHROPIC: return root;
            default: return root + "/v1";
        }
    }

    /** The provider name in Hearth: "openai", "groq", "openrouter", "compatible" or "anthropic". */
    public String providerName() {
        return flavour == Flavour.COMPATIBLE ? "compatible" : flavour.name().toLowerCase(Locale.ROOT);
    }

    /** The key {@link #env()} configures (null for the compatible server, which needs none). */
    public String apiKey() {
        switch (flavour) {
            case OPENAI: return "sk-fake-openai-0123456789";
            case GROQ: return "gsk_fake_groq_0123456789";
            case OPENROUTER: return "sk-or-v1-fake-0123456789";
            case ANTHROPIC: return "sk-ant-fake-0123456789";
            default: return null;
        }
    }

    /** The environment variables that point Hearth's provider at this fake. */
    public Map<String, String> env() {
        var env = new LinkedHashMap<String, String>();
        switch (flavour) {
            case OPENAI: env.put("OPENAI_API_KEY", apiKey()); env.put("OPENAI_BASE_URL", baseUrl()); break;
            case GROQ: env.put("GROQ_API_KEY", apiKey()); env.put("GROQ_BASE_URL", baseUrl()); break;
            case OPENROUTER: env.put("OPENROUTER_API_KEY", apiKey()); env.put("OPENROUTER_BASE_URL", baseUrl()); break;
            case COMPATIBLE: env.put("OPENAI_COMPATIBLE_BASE_URL", baseUrl()); break;
            case ANTHROPIC: env.put("ANTHROPIC_API_KEY", apiKey()); env.put("ANTHROPIC_BASE_URL", baseUrl()); break;
        }
        return env;
    }

    /** The next requests get these scripts, in order. */
    public FakeProvider enqueue(Script... next) {
        scripts.addAll(List.of(next));
        return this;
    }

    /** What requests get once the queue is empty (at first: "Hello from the fake", word by word). */
    public FakeProvider answerByDefault(Script script) {
        defaultScript = script;
        return this;
    }

    /** Answers 400 to any request that has stream_options, as some strict compatible servers do. */
    public FakeProvider rejectStreamOptions() {
        rejectStreamOptions = true;
        return this;
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** Waits until count requests have arrived (or fails after timeout). */
    public List<Request> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " requests, got " + requests.size());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
        return requests();
    }

    /** How many connections clients opened. */
    public int connections() {
        return accepted.get();
    }

    /** How many streams ended because the client went away (a write failed): a stopped generation shows here. */
    public int clientAborts() {
        return clientAborts.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(FakeProvider::closeQuietly);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                accepted.incrementAndGet();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            while (!closed) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Script script = scripts.poll();
                if (!respond(request, script == null ? defaultScript : script, socket, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away between requests
        } finally {
            sockets.remove(socket);
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        long received = System.nanoTime();
        var headers = new LinkedHashMap<String, String>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts[1], Map.copyOf(headers), body, received);
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Returns false when the connection must not be used again. */
    private boolean respond(Request request, Script script, Socket socket, OutputStream out) throws IOException {
        if (!pause(script.headersDelay)) {
            return false;
        }
        if (script.dropBeforeHeaders) {
            return false;
        }
        String endpoint = flavour == Flavour.ANTHROPIC ? "/v1/messages" : baseUrl().replaceFirst("^http://[^/]+", "") + "/chat/completions";
        if (!request.method().equals("POST") || !request.path().equals(endpoint)) {
            writeError(out, 404, Map.of(), errorBody(404, "not_found_error", "Unknown path " + request.path()));
            return true;
        }
        if (rejectStreamOptions && request.json().has("stream_options")) {
            writeError(out, 400, Map.of(), errorBody(400, "invalid_request_error",
                    "Unrecognized request argument supplied: stream_options"));
            return true;
        }
        if (script.status != 200) {
            writeError(out, script.status, script.headers, errorBody(script.status, script.errorType, script.errorMessage));
            return true;
        }
        var stream = new Stream(request, script, socket, out);
        try {
            return stream.run();
        } catch (IOException e) {
            clientAborts.incrementAndGet();
            return false;
        }
    }

    private void writeError(OutputStream out, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(statusText(status)).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private String errorBody(int status, String type, String message) {
        String text = message != null ? message : defaultMessage(status);
        ObjectNode body = JSON.createObjectNode();
        if (flavour == Flavour.ANTHROPIC) {
            body.put("type", "error");
            body.putObject("error").put("type", type != null ? type : anthropicType(status)).put("message", text);
        } else if (flavour == Flavour.OPENROUTER) {
            body.putObject("error").put("code", status).put("message", text);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", text).put("type", type != null ? type : openAiType(status)).putNull("param");
            error.put("code", type != null ? type : openAiType(status));
        }
        return body.toString();
    }

    private static String defaultMessage(int status) {
        switch (status) {
            case 401: return "Invalid API key";
            case 429: return "Rate limit reached, please try again later";
            case 529: return "Overloaded";
            default: return status >= 500 ? "The server had an error while processing your request" : "Bad request";
        }
    }

    private static String anthropicType(int status) {
        switch (status) {
            case 400: return "invalid_request_error";
            case 401: return "authentication_error";
            case 403: return "permission_error";
            case 404: return "not_found_error";
            case 429: return "rate_limit_error";
            case 529: return "overloaded_error";
            default: return "api_error";
        }
    }

    private static String openAiType(int status) {
        switch (status) {
            case 401: return "invalid_api_key";
            case 429: return "rate_limit_exceeded";
            default: return status >= 500 ? "server_error" : "invalid_request_error";
        }
    }

    private static String statusText(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    /** One streamed answer: writes the script's steps in this fake's wire format. */
    private final class Stream {
        private final Request request;
        private final Script script;
        private final Socket socket;
        private final OutputStream out;
        private final JsonNode body;
        private final String id = "fake-" + ids.incrementAndGet();
        private final long created = System.currentTimeMillis() / 1000;
        private final boolean includeUsage;
        private int tokensSent;

        Stream(Request request, Script script, Socket socket, OutputStream out) {
            this.request = request;
            this.script = script;
            this.socket = socket;
            this.out = out;
            this.body = request.json();
            this.includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        }

        boolean run() throws IOException {
            var head = new StringBuilder("HTTP/1.1 200 OK\r\n")
                    .append("Content-Type: text/event-stream; charset=utf-8\r\n")
                    .append("Cache-Control: no-cache\r\n")
                    .append("Transfer-Encoding: chunked\r\n");
            script.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (String event : opening()) {
                send(event);
            }
            for (Step step : script.steps) {
                switch (step.kind) {
                    case TOKEN:
                        if (!pause(script.tokenDelay)) {
                            return false;
                        }
                        tokensSent++;
                        send(token(step.text.replace(NANOS, Long.toString(System.nanoTime()))));
                        break;
                    case COMMENT:
                        send(":" + step.text + "\n\n");
                        break;
                    case KEEP_ALIVE:
                        send(keepAlive());
                        break;
                    case PAUSE:
                        out.flush();
                        if (!pause(step.duration)) {
                            return false;
                        }
                        break;
                    case RAW:
                        sendRaw(step.text);
                        break;
                    case MALFORMED:
                        send(malformed());
                        break;
                    case STREAM_ERROR:
                        send(streamError(step.type, step.text));
                        endBody();
                        return true;
                    case FINISH:
                        for (String event : finish(step.text)) {
                            send(event);
                        }
                        endBody();
                        return true;
                    case END:
                        endBody();
                        return true;
                    case DROP:
                        // The JDK client throws as soon as the connection fails, even with earlier chunks still
                        // queued for reading: wait until those are read so tests see a definite partial answer.
                        out.flush();
                        pause(Duration.ofMillis(100));
                        socket.close();
                        return false;
                    default:
                        throw new IllegalStateException(step.kind.name());
                }
            }
            endBody();
            return true;
        }

        private List<String> opening() {
            var events = new ArrayList<String>();
            if (flavour == Flavour.ANTHROPIC) {
                ObjectNode start = JSON.createObjectNode().put("type", "message_start");
                ObjectNode message = start.putObject("message");
                message.put("id", "msg_" + id).put("type", "message").put("role", "assistant");
                message.putArray("content");
                message.put("model", body.path("model").asText()).putNull("stop_reason").putNull("stop_sequence");
                message.putObject("usage").put("input_tokens", script.inputTokens != null ? script.inputTokens : inputTokens())
                        .put("output_tokens", 1);
                events.add(event("message_start", start));
                ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
                blockStart.putObject("content_block").put("type", "text").put("text", "");
                events.add(event("content_block_start", blockStart));
                events.add(keepAlive());
                return events;
            }
            if (flavour == Flavour.OPENROUTER) {
                events.add(keepAlive());
                events.add(keepAlive());
            }
            ObjectNode first = chunk();
            ObjectNode delta = choice(first, null).putObject("delta");
            delta.put("role", "assistant").put("content", "");
            if (flavour == Flavour.GROQ) {
                first.putObject("x_groq").put("id", "req_" + id);
            }
            events.add(data(first));
            return events;
        }

        private String token(String text) {
            if (flavour == Flavour.ANTHROPIC) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", text);
                return event("content_block_delta", delta);
            }
            ObjectNode chunk = chunk();
            choice(chunk, null).putObject("delta").put("content", text);
            return data(chunk);
        }

        private List<String> finish(String reason) {
            var events = new ArrayList<String>();
            int input = script.inputTokens != null ? script.inputTokens : inputTokens();
            int output = script.outputTokens != null ? script.outputTokens : tokensSent;
            if (flavour == Flavour.ANTHROPIC) {
                events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
                ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
                delta.putObject("delta").put("stop_reason", reason != null ? reason : "end_turn").putNull("stop_sequence");
                delta.putObject("usage").put("output_tokens", output);
                events.add(event("message_delta", delta));
                events.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
                return events;
            }
            ObjectNode last = chunk();
            choice(last, reason != null ? reason : "stop").putObject("delta");
            if (flavour == Flavour.GROQ) {
                ObjectNode groq = last.putObject("x_groq").put("id", "req_" + id);
                groq.putObject("usage").put("queue_time", 0.01).put("prompt_tokens", input).put("prompt_time", 0.001)
                        .put("completion_tokens", output).put("completion_time", 0.02)
                        .put("total_tokens", input + output).put("total_time", 0.021);
            }
            events.add(data(last));
            if (includeUsage && flavour != Flavour.GROQ) {
                ObjectNode usageChunk = chunk();
                usageChunk.putArray("choices");
                usageChunk.putObject("usage").put("prompt_tokens", input).put("completion_tokens", output)
                        .put("total_tokens", input + output);
                events.add(data(usageChunk));
            }
            events.add("data: [DONE]\n\n");
            return events;
        }

        private String streamError(String type, String message) {
            if (flavour == Flavour.ANTHROPIC) {
                ObjectNode error = JSON.createObjectNode().put("type", "error");
                error.putObject("error").put("type", type).put("message", message);
                return event("error", error);
            }
            ObjectNode chunk = flavour == Flavour.OPENROUTER ? chunk() : JSON.createObjectNode();
            chunk.putObject("error").put("code", type).put("message", message);
            if (flavour == Flavour.OPENROUTER) {
                choice(chunk, "error").putObject("delta").put("content", "");
            }
            return data(chunk);
        }

        private String malformed() {
            if (flavour == Flavour.ANTHROPIC) {
                return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"oops\"\n\n";
            }
            return "data: {\"id\":\"chatcmpl-" + id + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"oops\"}\n\n";
        }

        private String keepAlive() {
            switch (flavour) {
                case ANTHROPIC: return event("ping", JSON.createObjectNode().put("type", "ping"));
                case OPENROUTER: return ": OPENROUTER PROCESSING\n\n";
                default: return ": keep-alive\n\n";
            }
        }

        private ObjectNode chunk() {
            ObjectNode chunk = JSON.createObjectNode();
            chunk.put("id", (flavour == Flavour.OPENROUTER ? "gen-" : "chatcmpl-") + id);
            if (flavour == Flavour.OPENROUTER) {
                chunk.put("provider", "FakeCloud");
            }
            chunk.put("object", "chat.completion.chunk").put("created", created).put("model", body.path("model").asText());
            if (flavour == Flavour.OPENAI || flavour == Flavour.GROQ) {
                chunk.put("system_fingerprint", "fp_fake");
            }
            if (includeUsage && flavour == Flavour.OPENAI) {
                chunk.putNull("usage");
            }
            return chunk;
        }

        private ObjectNode choice(ObjectNode chunk, String finishReason) {
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return choice;
        }

        private int inputTokens() {
            int words = 0;
            for (JsonNode message : body.path("messages")) {
                words += words(message.path("content").asText());
            }
            return words + words(body.path("system").asText(""));
        }

        private String data(ObjectNode json) {
            return "data: " + json + "\n\n";
        }

        private String event(String name, ObjectNode json) {
            return "event: " + name + "\ndata: " + json + "\n\n";
        }

        /** An event with the script's line endings, cut into fragments if asked: one HTTP chunk per write. */
        private void send(String event) throws IOException {
            sendRaw(script.lineEnding.equals("\n") ? event : event.replace("\n", script.lineEnding));
        }

        private void sendRaw(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int size = script.fragment > 0 ? script.fragment : bytes.length;
            for (int start = 0; start < bytes.length; start += size) {
                int length = Math.min(size, bytes.length - start);
                var chunk = new ByteArrayOutputStream(length + 16);
                chunk.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                chunk.write(bytes, start, length);
                chunk.write('\r');
                chunk.write('\n');
                out.write(chunk.toByteArray());
                out.flush();
            }
        }

        private void endBody() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static int words(String text) {
        String trimmed = text.trim();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private boolean pause(Duration duration) {
        if (duration == null || duration.isZero()) {
            return true;
        }
        try {
            Thread.sleep(duration.toMillis());
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private enum StepKind { TOKEN, COMMENT, KEEP_ALIVE, PAUSE, RAW, MALFORMED, STREAM_ERROR, FINISH, END, DROP }

    private record Step(StepKind kind, String text, String type, Duration duration) {}

    /**
     * What the fake answers to one request: an error status, or a 200 stream made of steps in order. A
     * stream's body ends where its steps end; {@link #finish()} (which {@link #answer} adds) sends the
     * format's proper ending first: finish reason, usage and terminator ([DONE] or message_stop).
     * Builder methods change this script and return it.
     */
    public static final class Script {
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int status = 200;
        private String errorType;
        private String errorMessage;
        private Duration tokenDelay = Duration.ZERO;
        private Duration headersDelay = Duration.ZERO;
        private boolean dropBeforeHeaders;
        private String lineEnding = "\n";
        private int fragment;
        private Integer inputTokens;
        private Integer outputTokens;

        private Script() {}

        /** A complete, normal answer of these tokens. */
        public static Script answer(String... tokens) {
            return stream().tokens(tokens).finish();
        }

        /** "Hello from the fake", word by word: what the fake answers when nothing is enqueued. */
        public static Script hello() {
            return answer("Hello", " from", " the", " fake");
        }

        /** A 200 stream to build step by step. */
        public static Script stream() {
            return new Script();
        }

        /** An error status with a JSON error body in the flavour's shape; add retryAfter, header, message, errorType. */
        public static Script status(int status) {
            var script = new Script();
            script.status = status;
            return script;
        }

        /** Reads the request, then closes the connection without a byte of answer. */
        public static Script dropBeforeHeaders() {
            var script = new Script();
            script.dropBeforeHeaders = true;
            return script;
        }

        public Script token(String text) {
            return step(StepKind.TOKEN, text, null, null);
        }

        public Script tokens(String... texts) {
            for (String text : texts) {
                token(text);
            }
            return this;
        }

        /** An SSE comment line (":" + text) and a blank line. */
        public Script comment(String text) {
            return step(StepKind.COMMENT, text, null, null);
        }

        /** The flavour's keep-alive: OpenRouter's ": OPENROUTER PROCESSING", Anthropic's ping event, else ": keep-alive". */
        public Script keepAlive() {
            return step(StepKind.KEEP_ALIVE, null, null, null);
        }

        /** No bytes for this long (a stall). */
        public Script pause(Duration duration) {
            return step(StepKind.PAUSE, null, null, duration);
        }

        /** Exact text written as is (line endings untouched), for anything the steps do not cover. */
        public Script raw(String text) {
            return step(StepKind.RAW, text, null, null);
        }

        /** A chunk that is not valid JSON. */
        public Script malformed() {
            return step(StepKind.MALFORMED, null, null, null);
        }

        /** An error inside the 200 stream (OpenAI/OpenRouter error chunk, Anthropic error event); the body ends after it. */
        public Script streamError(String type, String message) {
            return step(StepKind.STREAM_ERROR, message, type, null);
        }

        /** The proper ending with finish reason "stop" / "end_turn". */
        public Script finish() {
            return finish(null);
        }

        public Script finish(String reason) {
            return step(StepKind.FINISH, reason, null, null);
        }

        /** Ends the body cleanly without the terminator. */
        public Script end() {
            return step(StepKind.END, null, null, null);
        }

        /**
         * Closes the connection abruptly, in the middle of the chunked body (100 ms after the last write, so
         * the client has read what came before: a real drop can also lose the last chunks in flight).
         */
        public Script drop() {
            return step(StepKind.DROP, null, null, null);
        }

        /** Waits this long before each token. */
        public Script tokenDelay(Duration delay) {
            tokenDelay = delay;
            return this;
        }

        /** Waits this long before the status line (a stall before anything). */
        public Script headersDelay(Duration delay) {
            headersDelay = delay;
            return this;
        }

        /** Line endings of the events: "\n" (default), "\r\n" or "\r". */
        public Script lineEndings(String ending) {
            lineEnding = ending;
            return this;
        }

        public Script crlf() {
            return lineEndings("\r\n");
        }

        /** Cuts every event into pieces of this many bytes, each written and flushed as its own HTTP chunk. */
        public Script fragment(int bytes) {
            fragment = bytes;
            return this;
        }

        public Script usage(int input, int output) {
            inputTokens = input;
            outputTokens = output;
            return this;
        }

        public Script header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Script retryAfter(String value) {
            return header("retry-after", value);
        }

        /** The error body's message for a status script. */
        public Script message(String message) {
            errorMessage = message;
            return this;
        }

        /** The error body's type for a status script (e.g. "overloaded_error"). */
        public Script errorType(String type) {
            errorType = type;
            return this;
        }

        private Script step(StepKind kind, String text, String type, Duration duration) {
            steps.add(new Step(kind, text, type, duration));
            return this;
        }
    }
}
