package hearth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A logged-in browser, as far as the benchmark needs one: HTTP/1.1 with keep-alive over loopback,
 * the session cookie and the CSRF token, redirects not followed (a 303 is the answer to a POST).
 */
final class BenchClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String COOKIE = "hearth_session";
    /**
     * Timed page requests ask for gzip, as every browser does (the body is read, not inflated); with
     * {@code -Dbench.gzip=false} they measure the uncompressed page, as benchmarks before stop 13 did.
     */
    private static final boolean GZIP = Boolean.parseBoolean(System.getProperty("bench.gzip", "true"));

    private final HttpClient http;
    private final String base;
    private String cookie;
    private String csrf;

    BenchClient(int port) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = "http://127.0.0.1:" + port;
    }

    /** Another client with the same session (its own connections). */
    BenchClient sameSession() {
        var copy = new BenchClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
        copy.cookie = cookie;
        copy.csrf = csrf;
        return copy;
    }

    /** Logs in through the real login form: GET /login for the token, POST /login for the session. */
    void logIn(String email, String password) {
        var form = get("/login");
        expect(form, 200, "/login");
        takeCookie(form);
        csrf = csrfOf(form.body());
        var login = post("/login", Map.of("_csrf", List.of(csrf), "email", List.of(email),
                "password", List.of(password), "next", List.of("/orgs")));
        expect(login, 303, "POST /login");
        takeCookie(login);
        var page = get("/orgs");
        expect(page, 200, "/orgs after login");
        csrf = csrfOf(page.body());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, List<String>> form) {
        var body = form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(value -> encode(e.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The whole request, from sending it to its last byte; fails on any status but {@code expected}. */
    long timedGet(String path, int expected) {
        var request = (GZIP ? request(path).header("Accept-Encoding", "gzip") : request(path)).GET().build();
        var started = System.nanoTime();
        var response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        var elapsed = System.nanoTime() - started;
        if (response.statusCode() != expected) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return elapsed;
    }

    long timedPost(String path, Map<String, List<String>> form, int expected) {
        var started = System.nanoTime();
        var response = post(path, form);
        var elapsed = System.nanoTime() - started;
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                    + response.headers().firstValue("location").orElse(abbreviate(response.body())));
        }
        return elapsed;
    }

    /** A streamed GET: the response's headers have arrived, the body is for the caller to read. */
    HttpResponse<InputStream> stream(String path) {
        return send(request(path).GET().timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The session cookie's value, for clients of our own (the SSE subscribers). */
    String cookie() {
        return cookie;
    }

    String csrf() {
        return csrf;
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (cookie != null) {
            builder.header("Cookie", COOKIE + "=" + cookie);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private void takeCookie(HttpResponse<?> response) {
        for (var header : response.headers().allValues("set-cookie")) {
            if (header.startsWith(COOKIE + "=")) {
                cookie = header.substring(COOKIE.length() + 1, header.indexOf(';'));
            }
        }
    }

    static String csrfOf(String html) {
        var matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token in the page");
        }
        return matcher.group(1);
    }

    static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + " instead of " + status
                    + ": " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
