package hearth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One visitor's browser, without the browser: its own cookie jar, the CSRF token of the last page it
 * was shown, and no automatic redirects ({@link #follow} follows them when a test wants to).
 *
 * <p>The token is read from a form's hidden {@code _csrf} field, else from the layout's
 * {@code data-csrf-token} attribute (which the page script hands to htmx), else from an
 * {@code hx-headers} attribute on {@code <body>}.
 */
public final class HttpSession {
    public static final String SESSION_COOKIE = "hearth_session";
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern HX_HEADERS_TOKEN = Pattern.compile("\"X-CSRF-Token\"\\s*:\\s*\"([^\"]+)\"");
    private static final int MAX_REDIRECTS = 10;

    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrfToken;
    /** The session cookie the token belongs to: a new session (login, logout) means a new token. */
    private String csrfTokenCookie;
    private Response last;

    public HttpSession(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    // ---- GET

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    /** A GET as htmx makes it: {@code HX-Request: true}. */
    public Response htmxGet(String path) {
        return send("GET", path, null, Map.of("HX-Request", "true"));
    }

    // ---- POST

    /** A plain form post: the CSRF token travels as the hidden field {@code _csrf}. */
    public Response post(String path, Map<String, String> form) {
        return postWithCsrfField(path, form, csrfToken());
    }

    public Response post(String path) {
        return post(path, Map.of());
    }

    /**
     * A form whose fields repeat, as checkboxes do ({@code ids=1&ids=2}): name/value pairs in order,
     * e.g. from {@link Fixtures#fields} or {@link Forms#fields}. The token travels as the hidden field.
     */
    public Response post(String path, List<Map.Entry<String, String>> fields) {
        var withToken = new ArrayList<>(fields);
        withToken.add(Map.entry(CSRF_FIELD, csrfToken()));
        return sendFields("POST", path, withToken, Map.of());
    }

    /** A post as htmx makes it: the token in the {@code X-CSRF-Token} header. */
    public Response postWithCsrfHeader(String path, Map<String, String> form) {
        return postWithCsrfHeader(path, form, csrfToken());
    }

    public Response htmxPost(String path, Map<String, String> form) {
        return send("POST", path, form, Map.of("HX-Request", "true", CSRF_HEADER, csrfToken()));
    }

    public Response postWithoutCsrf(String path, Map<String, String> form) {
        return send("POST", path, form, Map.of());
    }

    public Response postWithCsrfField(String path, Map<String, String> form, String token) {
        var withToken = new LinkedHashMap<>(form);
        withToken.put(CSRF_FIELD, token);
        return send("POST", path, withToken, Map.of());
    }

    public Response postWithCsrfHeader(String path, Map<String, String> form, String token) {
        return send("POST", path, form, Map.of(CSRF_HEADER, token));
    }

    // ---- multipart

    /** A file of a multipart form: its field, the name and type the browser declares (both the uploader's to choose), its bytes. */
    public record Upload(String field, String filename, String contentType, byte[] content) {}

    /**
     * A form sent as {@code multipart/form-data}, as one with a file input is: the fields, then the files.
     * The token travels as the hidden field; {@code headers} e.g. htmx's.
     */
    public Response postMultipart(String path, List<Map.Entry<String, String>> fields, List<Upload> files,
                                  Map<String, String> headers) {
        var withToken = new ArrayList<>(fields);
        withToken.add(Map.entry(CSRF_FIELD, csrfToken()));
        var boundary = "hearth-test-" + java.util.UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        for (var field : withToken) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (var file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field() + "\"; filename=\""
                    + file.filename() + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return sendBody("POST", path, "multipart/form-data; boundary=" + boundary,
                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()), headers);
    }

    public Response postMultipart(String path, List<Map.Entry<String, String>> fields, List<Upload> files) {
        return postMultipart(path, fields, files, Map.of());
    }

    // ---- redirects

    /** Follows a redirect chain with GETs, as a browser does after a 303, and returns where it ends. */
    public Response follow(Response response) {
        var current = response;
        for (int i = 0; i < MAX_REDIRECTS && current.isRedirect(); i++) {
            current = get(current.uri().resolve(current.location()).toString());
        }
        if (current.isRedirect()) {
            throw new AssertionError("More than " + MAX_REDIRECTS + " redirects from " + response.describe());
        }
        return current;
    }

    // ---- cookies and CSRF

    public String sessionCookie() {
        return cookies.get(SESSION_COOKIE);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public Response lastResponse() {
        return last;
    }

    /**
     * The CSRF token of the last page this session was shown. When the session cookie changed since
     * (login, logout) that token is dead, so a page is fetched to learn the new one.
     */
    public String csrfToken() {
        if (csrfToken == null || !Objects.equals(csrfTokenCookie, sessionCookie())) {
            refreshCsrfToken();
        }
        return csrfToken;
    }

    /** Loads a page that carries a form: the login page when anonymous, the password page when logged in. */
    public void refreshCsrfToken() {
        csrfToken = null;
        var login = get("/login");
        if (csrfToken == null && login.isRedirect()) {
            get("/account/password");
        }
        if (csrfToken == null) {
            throw new AssertionError("Found no CSRF token on /login or /account/password; last response: "
                    + (last == null ? "none" : last.describe()));
        }
    }

    // ---- plumbing

    private Response send(String method, String path, Map<String, String> form, Map<String, String> headers) {
        return sendFields(method, path, form == null ? null : List.copyOf(form.entrySet()), headers);
    }

    private Response sendFields(String method, String path, List<Map.Entry<String, String>> form, Map<String, String> headers) {
        return form == null ? sendBody(method, path, null, HttpRequest.BodyPublishers.noBody(), headers)
                : sendBody(method, path, "application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofString(encode(form)), headers);
    }

    private Response sendBody(String method, String path, String contentType, HttpRequest.BodyPublisher body,
                              Map<String, String> headers) {
        var uri = URI.create(path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl + path);
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        if (last != null && !headers.containsKey("Referer") && "text/html".equals(mediaType(last))) {
            // As a browser does: a form is submitted from the page it is on.
            builder.header("Referer", last.uri().toString());
        }
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.method(method, body);
        HttpResponse<String> answer;
        try {
            answer = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + " was interrupted", e);
        }
        var response = new Response(method, uri, answer.statusCode(), answer.headers(), answer.body());
        rememberCookies(response);
        rememberCsrfToken(response);
        last = response;
        return response;
    }

    private void rememberCookies(Response response) {
        for (var header : response.headerValues("Set-Cookie")) {
            var parts = header.split(";");
            var nameValue = parts[0].split("=", 2);
            var name = nameValue[0].trim();
            var value = nameValue.length > 1 ? nameValue[1].trim() : "";
            var expired = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                var attribute = parts[i].trim().toLowerCase();
                if (attribute.equals("max-age=0") || attribute.startsWith("max-age=-")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private void rememberCsrfToken(Response response) {
        if (!response.isHtml() || response.body() == null || response.body().isEmpty()) {
            return;
        }
        var document = response.document();
        String token = null;
        var field = document.selectFirst("input[name=" + CSRF_FIELD + "]");
        var data = document.selectFirst("[data-csrf-token]");
        if (field != null && !field.attr("value").isEmpty()) {
            token = field.attr("value");
        } else if (data != null && !data.attr("data-csrf-token").isEmpty()) {
            token = data.attr("data-csrf-token");
        } else if (document.body() != null && document.body().hasAttr("hx-headers")) {
            var matcher = HX_HEADERS_TOKEN.matcher(document.body().attr("hx-headers"));
            if (matcher.find()) {
                token = matcher.group(1);
            }
        }
        if (token != null) {
            csrfToken = token;
            csrfTokenCookie = sessionCookie();
        }
    }

    private static String encode(List<Map.Entry<String, String>> form) {
        return form.stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue() == null ? "" : field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String mediaType(Response response) {
        var type = response.header("Content-Type");
        return type == null ? "" : type.split(";")[0].trim();
    }
}
