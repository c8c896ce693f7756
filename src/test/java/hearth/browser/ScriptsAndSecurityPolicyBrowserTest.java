package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Request;
import hearth.testing.TestApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With JavaScript on, the pages load htmx and our script under a strict Content-Security-Policy
 * without a single console error, and links and forms are boosted: the page is swapped, not reloaded.
 */
class ScriptsAndSecurityPolicyBrowserTest {
    private static final String PASSWORD = "a-long-enough-password";

    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void everyPageOfTheOrgJourneyLoadsWithoutConsoleErrorsOrPolicyViolations() {
        var ann = browsers.person("Ann");
        var bob = browsers.person("Bob");

        // The policy is really there: without it "no violations" would prove nothing.
        var signupPage = ann.page().navigate("/signup");
        var policy = signupPage.headerValue("content-security-policy");
        assertNotNull(policy, "every page must carry a Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("style-src 'self'"), policy);

        // Ann is the first account of this instance, so she also sees the platform admin pages.
        ann.signUp("Ann Archer", "ann@acme.test", PASSWORD);
        ann.createOrganization("Acme");
        var visited = new ArrayList<String>();
        var headings = new LinkedHashMap<String, String>();
        headings.put("Members", "Members");
        headings.put("Settings", "Settings");
        headings.put("Admin", "Admin");
        headings.put("Password", "Change password");
        headings.put("Overview", "Acme");
        headings.forEach((link, heading) -> {
            ann.link(link).click();
            assertThat(ann.heading(heading)).isVisible();
            visited.add(ann.page().url());
        });
        ann.open("/orgs");
        assertThat(ann.heading("Your organizations")).isVisible();
        ann.open("/o/acme/members");
        ann.field("Email address").fill("bob@acme.test");
        ann.button("Create invitation").click();
        var link = ann.page().locator("#invitation-link");
        assertThat(link).hasValue(Pattern.compile("/invitations/"));
        ann.button("Copy link").click();

        bob.page().navigate(link.inputValue());
        bob.link("Create account and join").click();
        bob.field("Your name").fill("Bob Baker");
        bob.field("Password").fill(PASSWORD);
        bob.button("Create account").click();
        bob.button("Accept and join Acme").click();
        assertThat(bob.heading("Acme")).isVisible();
        bob.button("Log out").click();
        assertThat(bob.heading("Log in")).isVisible();
        bob.link("Create an account").click();
        assertThat(bob.heading("Create your account")).isVisible();

        assertEquals(List.of(), ann.problems(), "Ann's browser reported problems on " + visited);
        assertEquals(List.of(), bob.problems(), "Bob's browser reported problems");
    }

    @Test
    void theWatchOnTheConsoleSeesAnInlineScriptThePolicyBlocks() {
        var mallory = browsers.person("Mallory");
        mallory.open("/login");
        mallory.page().evaluate("""
                () => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                        document.body.append(s); }""");

        mallory.page().waitForCondition(() -> !mallory.problems().isEmpty());
        assertEquals(null, mallory.page().evaluate("() => window.__ran"), "the policy must block inline script");
        assertTrue(mallory.problems().stream().anyMatch(problem -> problem.contains("CSP violation: script-src")),
                mallory.problems().toString());
    }

    @Test
    void boostedLinksSwapThePageWithoutAFullReload() {
        var ann = browsers.person("Ann");
        ann.signUp("Ann Archer", "ann@acme.test", PASSWORD);
        ann.createOrganization("Acme");
        var page = ann.page();
        page.waitForFunction("() => window.htmx !== undefined");
        page.evaluate("() => { window.__marker = 1; }");

        Request request = page.waitForRequest(sent -> sent.url().endsWith("/o/acme/members"),
                () -> ann.link("Members").click());

        assertEquals("true", request.headerValue("hx-boosted"), "the Members link must go through htmx");
        assertThat(page).hasURL(Pattern.compile("/o/acme/members$"));
        assertThat(ann.heading("Members")).isVisible();
        assertThat(page).hasTitle("Members · Acme · Hearth");
        assertThat(ann.link("Members")).hasAttribute("aria-current", "page");
        assertEquals(1, page.evaluate("() => window.__marker"), "the page was reloaded instead of swapped");
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void goingBackAfterABoostedNavigationRestoresTheWholePage() {
        var ann = browsers.person("Ann");
        ann.signUp("Ann Archer", "ann@acme.test", PASSWORD);
        ann.createOrganization("Acme");
        var page = ann.page();
        page.waitForFunction("() => window.htmx !== undefined");
        ann.link("Members").click();
        assertThat(ann.heading("Members")).isVisible();

        page.goBack();

        assertThat(page).hasURL(Pattern.compile("/o/acme$"));
        assertThat(ann.heading("Acme")).isVisible();
        // The layout around the content must come back too, not just the content.
        assertThat(ann.button("Log out")).isVisible();
        assertThat(ann.link("Members")).isVisible();
        assertThat(page.locator(".app")).hasCount(1);
        assertThat(page.locator("#toasts")).hasCount(1);
        assertEquals(List.of(), ann.problems());
    }
}
