package hearth.web;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebConventionsTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;

    @BeforeAll
    static void buildAcme() {
        acme = Fixtures.acme(app);
    }

    @Test
    void aPageIsGzippedForABrowserThatAsksAndPlainForOneThatDoesNot() throws Exception {
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/login"));
        var plain = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        var zipped = client.send(request.header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null));
        assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
        assertTrue(zipped.body().length < plain.body().length / 2, zipped.body().length + " of " + plain.body().length);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            var html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(html.contains("name=\"_csrf\""), html);
            // The same page as the plain one, apart from its session's CSRF token.
            var token = "\"[A-Za-z0-9_-]{30,}\"";
            assertEquals(new String(plain.body(), StandardCharsets.UTF_8).replaceAll(token, ""), html.replaceAll(token, ""));
        }
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() throws IOException {
        var responses = new ArrayList<Response>();
        responses.add(app.newSession().get("/login"));
        responses.add(acme.ann().session().get("/o/acme"));
        responses.add(acme.ann().session().htmxGet("/o/acme/members"));
        responses.add(app.newSession().get("/no/such/page"));
        responses.add(app.newSession().get("/orgs"));
        responses.add(acme.ann().session().postWithoutCsrf("/orgs", form("name", "Nope")));
        responses.add(app.newSession().get("/health"));
        responses.add(app.newSession().get("/metrics"));
        responses.add(app.newSession().get(Assets.HTMX));
        var staticFile = firstStaticFile();
        if (staticFile != null) {
            responses.add(app.newSession().get("/static/" + staticFile));
        }

        for (var response : responses) {
            var csp = response.header("Content-Security-Policy");
            assertNotNull(csp, response.describe());
            for (var directive : List.of("script-src 'self'", "object-src 'none'", "base-uri 'none'",
                    "frame-ancestors 'none'")) {
                assertTrue(csp.contains(directive), directive + " missing on " + response.describe());
            }
            assertEquals("nosniff", response.header("X-Content-Type-Options"), response.describe());
            assertNotNull(response.header("Referrer-Policy"), response.describe());
        }
    }

    @Test
    void staticFilesAreServed() throws IOException {
        assertEquals(200, app.newSession().get(Assets.HTMX).status(), "htmx comes from its webjar");
        var staticFile = firstStaticFile();
        if (staticFile != null) {
            var response = app.newSession().get("/static/" + staticFile);
            assertEquals(200, response.status(), response.describe());
            assertTrue(response.header("Cache-Control").contains("immutable"), response.describe());
        }
    }

    @Test
    void pagesVaryOnHxRequest() {
        var fragment = acme.ann().session().htmxGet("/o/acme/members");
        var page = acme.ann().session().get("/o/acme/members");

        assertEquals(200, fragment.status(), fragment.describe());
        assertTrue(fragment.headerValues("Vary").stream().anyMatch(value -> value.contains("HX-Request")),
                fragment.headers().map().toString());
        assertTrue(page.headerValues("Vary").stream().anyMatch(value -> value.contains("HX-Request")),
                "A cache must not hand the fragment to a full-page request: " + page.headers().map());
    }

    @Test
    void anUnknownUrlGetsTheNotFoundPageInTheLayout() {
        var response = app.newSession().get("/no/such/page");

        assertEquals(404, response.status(), response.describe());
        assertTrue(response.isHtml(), response.describe());
        var document = response.document();
        assertFalse(document.title().isBlank(), "The layout gives every page a title");
        assertNotNull(document.getElementById("main"), "Rendered in the layout: " + response.describe());
        assertFalse(document.select("link[rel=stylesheet]").isEmpty(), "Rendered in the layout: " + response.describe());
        assertFalse(document.select("[data-csrf-token], input[name=_csrf], body[hx-headers]").isEmpty(),
                "The layout hands every page its CSRF token");
        assertTrue(response.text().contains("Page not found"), response.describe());
    }

    @Test
    void aFailedHtmxRequestGetsAToastInsteadOfAPage() {
        var response = acme.ann().session().htmxGet("/o/acme/no-such-thing");

        assertEquals(404, response.status(), response.describe());
        assertEquals("#toasts", response.header("HX-Retarget"), response.describe());
        assertFalse(response.body().contains("<html"), "Not a whole page: " + response.describe());
    }

    @Test
    void userWrittenTextIsEscaped() {
        var attack = "<script>alert(1)</script>";
        var org = Fixtures.createOrg(app, acme.ann(), attack);
        var mallory = Fixtures.join(app, org, acme.ann(), "<img src=x onerror=alert(2)>", "mallory@evil.test", "MEMBER");

        for (var path : List.of(org.path(), org.path() + "/members", "/orgs", org.path() + "/settings")) {
            var response = acme.ann().session().get(path);
            assertEquals(200, response.status(), response.describe());
            assertFalse(response.body().contains(attack), "Unescaped on " + path);
            assertFalse(response.body().contains("<img src=x"), "Unescaped on " + path);
            var document = response.document();
            assertTrue(document.select("script").stream().noneMatch(script -> script.data().contains("alert(")),
                    "A script ran on " + path);
            assertTrue(document.select("[onerror]").isEmpty(), "An event handler got in on " + path);
        }
        var members = mallory.session().get(org.path() + "/members");
        assertTrue(members.text().contains(attack), "The text itself is shown, escaped: " + members.describe());
    }

    @Test
    void textSentBackIntoAFormIsEscaped() {
        var attack = "\"><script>alert(3)</script>";
        var browser = app.newSession();
        browser.get("/signup");

        var response = browser.post("/signup", form("name", attack, "email", "not-an-email",
                "password", "short", "next", ""));

        assertEquals(422, response.status(), response.describe());
        assertEquals(attack, response.inputValue("name"), "Kept, as typed");
        assertTrue(response.document().select("script").stream().noneMatch(script -> script.data().contains("alert(")));
    }

    @Test
    void pagesLoadNoScriptButOurOwn() {
        var document = acme.ann().session().get("/o/acme").document();

        for (var script : document.select("script")) {
            assertTrue(script.hasAttr("src"), "No inline script (CSP forbids it): " + script);
            var src = script.attr("src");
            assertTrue(src.startsWith("/static/") || src.startsWith("/webjars/"), "Foreign script " + src);
        }
        assertTrue(document.select("[onclick], [onload], [onsubmit], [onchange]").isEmpty(),
                "No inline event handlers (CSP forbids them)");
    }

    /** Any file under static/, once there are some. */
    private static String firstStaticFile() throws IOException {
        var root = Path.of("static");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .findFirst().orElse(null);
        }
    }
}
