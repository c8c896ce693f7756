package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Response;
import hearth.testing.TestApp;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refused form comes back with the reason next to the field and everything else still filled in:
 * as a plain 422 page without JavaScript, and swapped in by htmx with it.
 */
class SignupValidationBrowserTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void aTooShortPasswordIsExplainedNextToTheFieldAndTheRestIsKept() {
        var carol = browsers.personWithoutJavaScript("Carol");
        carol.open("/signup");
        carol.field("Your name").fill("Carol Clark");
        carol.field("Email").fill("carol@example.test");
        carol.field("Password").fill("short");

        Response response = carol.page().waitForResponse(
                answer -> answer.url().endsWith("/signup") && "POST".equals(answer.request().method()),
                () -> carol.button("Create account").click());

        assertEquals(422, response.status());
        assertPasswordRefusedAndInputKept(carol, "Carol Clark", "carol@example.test");
        assertThat(carol.page()).hasURL(Pattern.compile("/signup$"));
    }

    @Test
    void withJavaScriptTheRefusedFormIsSwappedInWithoutAReload() {
        var dan = browsers.person("Dan");
        dan.open("/signup");
        dan.page().waitForFunction("() => window.htmx !== undefined");
        dan.page().evaluate("() => { window.__marker = 1; }");
        dan.field("Your name").fill("Dan Dunn");
        dan.field("Email").fill("dan@example.test");
        dan.field("Password").fill("short");

        var response = dan.page().waitForResponse(
                answer -> answer.url().endsWith("/signup") && "POST".equals(answer.request().method()),
                () -> dan.button("Create account").click());

        assertEquals(422, response.status());
        assertEquals("true", response.request().headerValue("hx-request"));
        assertPasswordRefusedAndInputKept(dan, "Dan Dunn", "dan@example.test");
        assertEquals(1, dan.page().evaluate("() => window.__marker"), "the 422 answer must be swapped in, not loaded as a new page");
        // The browser logs the 422 itself; nothing else may go wrong.
        assertEquals(0, dan.problems().stream().filter(problem -> !problem.contains("422")).count(),
                dan.problems().toString());

        // Fixing the one field is enough.
        dan.field("Password").fill("a-long-enough-password");
        dan.button("Create account").click();
        assertThat(dan.page()).hasURL(Pattern.compile("/orgs/new$"));
        assertThat(dan.toasts()).containsText("Welcome to Hearth, Dan Dunn.");
    }

    private static void assertPasswordRefusedAndInputKept(Person person, String name, String email) {
        var passwordError = person.page().locator(".field:has(#field-password) .field-error");
        assertThat(passwordError).hasText(Pattern.compile("at least 10 characters"));
        assertThat(person.field("Password")).hasAttribute("aria-invalid", "true");
        assertThat(person.field("Password")).hasAttribute("aria-describedby", "field-password-error");
        assertThat(person.field("Password")).hasValue("");
        assertThat(person.field("Your name")).hasValue(name);
        assertThat(person.field("Email")).hasValue(email);
        assertThat(person.page().locator(".field-error")).hasCount(1);
    }
}
