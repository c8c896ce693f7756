package hearth.auth;

import static hearth.testing.Fixtures.PASSWORD;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.TestApp;
import hearth.web.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person ann;

    @BeforeEach
    void signUpAnn() {
        ann = Fixtures.signUp(app, "Ann Owner", "ann@acme.test");
    }

    @Test
    void theSessionIdChangesOnLogin() {
        var browser = app.newSession();
        browser.get("/login");
        var anonymousCookie = browser.sessionCookie();
        assertNotNull(anonymousCookie);

        var response = browser.post("/login", form("email", ann.email(), "password", PASSWORD, "next", ""));

        assertEquals(303, response.status(), response.describe());
        assertNotEquals(anonymousCookie, browser.sessionCookie());
        assertEquals(200, browser.get("/orgs").status());
        // A session id planted in the victim's browser before login must be worth nothing after it.
        assertEquals(303, app.sessionWithCookie(anonymousCookie).get("/orgs").status());
        assertEquals(0, app.queryOne(Long.class, "select count(*) from sessions where id = ?",
                Tokens.sha256(anonymousCookie)));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        var browser = app.newSession();
        browser.get("/login");

        var response = browser.post("/login", form("email", ann.email(), "password", PASSWORD, "next", ""));

        var cookie = response.headerValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(HttpSession.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        var attributes = List.of(cookie.split(";\\s*"));
        assertTrue(attributes.contains("HttpOnly"), cookie);
        assertTrue(attributes.contains("SameSite=Lax"), cookie);
        assertTrue(attributes.contains("Path=/"), cookie);
    }

    @Test
    void aWrongPasswordIsRefusedAndTheEmailKept() {
        var browser = app.newSession();
        browser.get("/login");

        var response = browser.post("/login", form("email", ann.email(), "password", "not-my-password", "next", ""));

        assertEquals(422, response.status(), response.describe());
        assertTrue(response.text().contains("That email and password do not match an account."), response.describe());
        assertEquals(ann.email(), response.inputValue("email"));
        assertFalse("not-my-password".equals(response.inputValue("password")), "A password is never sent back");
        assertEquals(303, browser.get("/orgs").status(), "Still logged out");
    }

    @Test
    void anUnknownEmailGetsTheSameAnswerAsAWrongPassword() {
        var browser = app.newSession();
        browser.get("/login");

        var response = browser.post("/login", form("email", "nobody@acme.test", "password", PASSWORD, "next", ""));

        assertEquals(422, response.status(), response.describe());
        assertTrue(response.text().contains("That email and password do not match an account."), response.describe());
    }

    @Test
    void loggingOutEndsTheServerSession() {
        var browser = ann.session();
        var cookie = browser.sessionCookie();

        var response = browser.post("/logout");

        assertEquals(303, response.status(), response.describe());
        assertEquals("/login", response.location());
        assertNull(browser.sessionCookie(), "The cookie is cleared");
        var replayed = app.sessionWithCookie(cookie).get("/orgs");
        assertEquals(303, replayed.status(), "The old cookie must no longer work: " + replayed.describe());
        assertEquals(0, app.queryOne(Long.class, "select count(*) from sessions where id = ?", Tokens.sha256(cookie)));
    }

    @Test
    void loginGoesOnToASafeNext() {
        var browser = app.newSession();
        browser.get("/login?next=/orgs/new");

        var response = browser.post("/login", form("email", ann.email(), "password", PASSWORD, "next", "/orgs/new"));

        assertEquals("/orgs/new", response.location());
    }

    @Test
    void loginNeverRedirectsOffSite() {
        for (var next : List.of("//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "/%0d%0aSet-Cookie:x=y")) {
            var browser = app.newSession();
            browser.get("/login");
            var response = browser.post("/login", form("email", ann.email(), "password", PASSWORD, "next", next));
            assertEquals(303, response.status(), response.describe());
            var location = response.location();
            assertTrue(location.startsWith("/") && !location.startsWith("//") && !location.contains("\\"),
                    "next=" + next + " redirected to " + location);
        }
    }

    @Test
    void anHtmxRequestIsSentToLogInAndThenBackToThePageItCameFrom() {
        var fragment = app.newSession().get("/o/acme/members",
                Map.of("HX-Request", "true", "HX-Current-URL", app.baseUrl() + "/o/acme?tab=open"));

        assertEquals(401, fragment.status(), fragment.describe());
        assertEquals("/login?next=%2Fo%2Facme%3Ftab%3Dopen", fragment.header("HX-Redirect"));

        var foreign = app.newSession().get("/orgs",
                Map.of("HX-Request", "true", "HX-Current-URL", "https://evil.example/steal"));
        assertEquals("/login?next=%2Fsteal", foreign.header("HX-Redirect"), "Only the path is kept: next stays here");
    }

    @Test
    void anAnonymousVisitorIsSentToLogInAndBackAfterwards() {
        var browser = app.newSession();
        var refused = browser.get("/orgs/new");
        assertEquals("/login?next=%2Forgs%2Fnew", refused.location());

        var loginPage = browser.get(refused.location());
        assertEquals(200, loginPage.status());
        assertEquals("/orgs/new", loginPage.inputValue("next"), "The login form carries next along");
        var response = browser.post("/login", form("email", ann.email(), "password", PASSWORD,
                "next", loginPage.inputValue("next")));

        assertEquals("/orgs/new", response.location());
    }
}
