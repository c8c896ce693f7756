package hearth.auth;

import static hearth.testing.Fixtures.PASSWORD;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignupTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @Test
    void signingUpLogsYouInWithANewSession() {
        var browser = app.newSession();
        assertEquals(200, browser.get("/signup").status());
        var anonymousCookie = browser.sessionCookie();
        assertNotNull(anonymousCookie, "The signup form needs a session for its CSRF token");

        var response = browser.post("/signup", form("name", "Ann Owner", "email", "ann@acme.test",
                "password", PASSWORD, "next", ""));

        assertEquals(303, response.status(), response.describe());
        assertEquals("/", response.location());
        assertNotEquals(anonymousCookie, browser.sessionCookie(), "Signing up must start a new session");
        assertEquals(200, browser.get("/orgs").status(), "Signed up means logged in");
        var planted = app.sessionWithCookie(anonymousCookie).get("/orgs");
        assertEquals(303, planted.status(), "The pre-signup session must not become the user's: " + planted.describe());
    }

    @Test
    void theFirstAccountBecomesPlatformAdminAndTheSecondDoesNot() {
        var first = Fixtures.signUp(app, "First Person", "first@hearth.test");
        var second = Fixtures.signUp(app, "Second Person", "second@hearth.test");

        assertEquals("PLATFORM_ADMIN", Fixtures.platformRole(app, first));
        assertEquals("USER", Fixtures.platformRole(app, second));
        assertEquals(200, first.session().get("/admin").status());
        assertEquals(403, second.session().get("/admin").status());
    }

    @Test
    void aDuplicateEmailIsRefusedAndWhatWasTypedIsKept() {
        Fixtures.signUp(app, "Ann Owner", "ann@acme.test");
        var browser = app.newSession();
        browser.get("/signup");

        var response = browser.post("/signup", form("name", "Another Ann", "email", "ANN@acme.test",
                "password", PASSWORD, "next", ""));

        assertEquals(422, response.status(), response.describe());
        assertTrue(response.fieldError("email").contains("An account with this email already exists"),
                response.describe());
        assertEquals("Another Ann", response.inputValue("name"));
        assertEquals("ANN@acme.test", response.inputValue("email"));
        assertEquals(1, app.count("users"));
    }

    @Test
    void aShortPasswordIsRefused() {
        var browser = app.newSession();
        browser.get("/signup");

        var response = browser.post("/signup", form("name", "Ann Owner", "email", "ann@acme.test",
                "password", "too-short", "next", ""));

        assertEquals(422, response.status(), response.describe());
        assertEquals("Use at least 10 characters.", response.fieldError("password"), response.describe());
        assertEquals("ann@acme.test", response.inputValue("email"));
        assertEquals(0, app.count("users"));
    }

    @Test
    void anInvalidEmailAndAMissingNameAreRefusedTogether() {
        var browser = app.newSession();
        browser.get("/signup");

        var response = browser.post("/signup", form("name", " ", "email", "ann-at-acme",
                "password", PASSWORD, "next", ""));

        assertEquals(422, response.status(), response.describe());
        assertEquals("Name is required.", response.fieldError("name"), response.describe());
        assertEquals("Enter an email address like name@example.com.", response.fieldError("email"), response.describe());
        assertNull(response.fieldError("password"), "A good password shows no error");
        assertEquals("ann-at-acme", response.inputValue("email"));
    }

    @Test
    void aRefusedSignupWritesNothing() {
        Fixtures.signUp(app, "Ann Owner", "ann@acme.test");
        var usersBefore = app.count("users");
        var loggedInSessionsBefore = app.queryOne(Long.class, "select count(*) from sessions where user_id is not null");
        var browser = app.newSession();
        browser.get("/signup");

        assertEquals(422, browser.post("/signup", form("name", "Ann Again", "email", "ann@acme.test",
                "password", PASSWORD, "next", "")).status());
        assertEquals(422, browser.post("/signup", form("name", "Bob", "email", "bob@acme.test",
                "password", "short", "next", "")).status());

        assertEquals(usersBefore, app.count("users"));
        assertEquals(loggedInSessionsBefore,
                app.queryOne(Long.class, "select count(*) from sessions where user_id is not null"));
        assertEquals(303, browser.get("/orgs").status(), "A refused signup must not log anyone in");
    }

    @Test
    void signingUpGoesOnToASafeNextButNeverOffSite() {
        var browser = app.newSession();
        browser.get("/signup?next=/orgs/new");
        var response = browser.post("/signup", form("name", "Ann Owner", "email", "ann@acme.test",
                "password", PASSWORD, "next", "/orgs/new"));
        assertEquals("/orgs/new", response.location());

        var other = app.newSession();
        other.get("/signup");
        var offSite = other.post("/signup", form("name", "Bob Member", "email", "bob@acme.test",
                "password", PASSWORD, "next", "//evil.example/steal"));
        assertEquals("/", offSite.location());
    }
}
