package hearth.auth;

import static hearth.testing.Fixtures.PASSWORD;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Person;
import hearth.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PasswordChangeTest {
    private static final String NEW_PASSWORD = "a-brand-new-passphrase";

    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person ann;

    @BeforeEach
    void signUpAnn() {
        ann = Fixtures.signUp(app, "Ann Owner", "ann@acme.test");
    }

    @Test
    void aWrongCurrentPasswordIsRefused() {
        ann.session().get("/account/password");

        var response = ann.session().post("/account/password",
                form("current", "not-my-password", "password", NEW_PASSWORD));

        assertEquals(422, response.status(), response.describe());
        assertEquals("That is not your current password.", response.fieldError("current"), response.describe());
        assertLoginWorksWith(PASSWORD);
    }

    @Test
    void guessingTheCurrentPasswordIsLimitedAsLoggingInIs() {
        ann.session().get("/account/password");
        for (int i = 0; i < 5; i++) {
            assertEquals(422, ann.session().post("/account/password",
                    form("current", "guess-" + i, "password", NEW_PASSWORD)).status(), "guess " + (i + 1));
        }

        var sixth = ann.session().post("/account/password", form("current", PASSWORD, "password", NEW_PASSWORD));

        assertEquals(429, sixth.status(), sixth.describe());
        assertTrue(sixth.fieldError("current").startsWith("Too many failed attempts."), sixth.describe());
        // The sixth, though right, was refused unchecked: the password is still the old one.
        app.update("update login_failures set failed_at = failed_at - interval '16 minutes'");
        assertLoginWorksWith(PASSWORD);
    }

    @Test
    void aTooShortNewPasswordIsRefused() {
        var response = ann.session().post("/account/password", form("current", PASSWORD, "password", "short"));

        assertEquals(422, response.status(), response.describe());
        assertEquals("Use at least 10 characters.", response.fieldError("password"), response.describe());
        assertLoginWorksWith(PASSWORD);
    }

    @Test
    void changingThePasswordSignsOutTheOtherSessions() {
        var laptop = ann.session();
        var phone = Fixtures.logIn(app, ann);
        assertEquals(200, phone.get("/orgs").status());

        var response = laptop.post("/account/password", form("current", PASSWORD, "password", NEW_PASSWORD));

        assertEquals(303, response.status(), response.describe());
        assertEquals("/account/password", response.location());
        assertTrue(laptop.follow(response).text().contains("Other sessions were signed out"));
        assertEquals(200, laptop.get("/orgs").status(), "The session that changed it stays logged in");
        assertEquals(303, phone.get("/orgs").status(), "Every other session is signed out");
        assertLoginFailsWith(PASSWORD);
        assertLoginWorksWith(NEW_PASSWORD);
    }

    private void assertLoginWorksWith(String password) {
        var browser = app.newSession();
        var response = browser.post("/login", form("email", ann.email(), "password", password, "next", ""));
        assertEquals(303, response.status(), response.describe());
    }

    private void assertLoginFailsWith(String password) {
        var browser = app.newSession();
        var response = browser.post("/login", form("email", ann.email(), "password", password, "next", ""));
        assertEquals(422, response.status(), response.describe());
    }
}
