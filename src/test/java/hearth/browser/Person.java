package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One person at one browser: their own context (cookies, storage) and one tab. Console errors,
 * uncaught script errors and Content-Security-Policy violations on any of their pages are collected
 * in {@link #problems()}.
 */
public final class Person {
    /**
     * Chromium logs CSP violations to the console itself; this listener makes sure each one is also
     * reported as a console error, with the directive that blocked it. Init scripts are exempt from
     * the page's CSP, so it runs even where inline script is forbidden.
     */
    private static final String REPORT_CSP_VIOLATIONS = """
            document.addEventListener("securitypolicyviolation", function (e) {
              console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                + " in " + e.sourceFile + ":" + e.lineNumber);
            });
            """;

    private final String name;
    private final BrowserContext context;
    private final Page page;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    Person(String name, BrowserContext context) {
        this.name = name;
        this.context = context;
        context.addInitScript(REPORT_CSP_VIOLATIONS);
        context.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                problems.add(where(message.page()) + " console error: " + message.text());
            }
        });
        context.onWebError(error -> problems.add(where(error.page()) + " uncaught: " + error.error()));
        // A refused form (422) is an answer the page shows; anything else at 400 and up is a problem, and
        // without JavaScript the console would not mention it.
        context.onResponse(response -> {
            if (response.status() >= 400 && response.status() != 422) {
                problems.add(where(response.frame().page()) + " HTTP " + response.status() + " for "
                        + response.request().method() + " " + response.url());
            }
        });
        this.page = context.newPage();
    }

    public String name() {
        return name;
    }

    public Page page() {
        return page;
    }

    public BrowserContext context() {
        return context;
    }

    /** Everything that went wrong in the browser's console so far, each with the page it happened on. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    // ---- finding things the way a person does: by label and by visible text

    public Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    public Locator button(String text) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(text).setExact(true));
    }

    public Locator link(String text) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(text).setExact(true));
    }

    public Locator heading(String text) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(text).setExact(true).setLevel(1));
    }

    /** The flash messages at the bottom of every page. */
    public Locator toasts() {
        return page.locator("#toasts");
    }

    // ---- common journeys

    /** Opens a path of the app, e.g. {@code open("/signup")}. */
    public Person open(String path) {
        page.navigate(path);
        return this;
    }

    /** Signs up through the form on /signup and waits until the app has moved on from it. */
    public Person signUp(String fullName, String email, String password) {
        open("/signup");
        field("Your name").fill(fullName);
        field("Email").fill(email);
        field("Password").fill(password);
        button("Create account").click();
        assertThat(page).not().hasURL(Pattern.compile("/signup(\\?.*)?$"));
        return this;
    }

    /** Logs in through the form on /login and waits until the app has moved on from it. */
    public Person logIn(String email, String password) {
        open("/login");
        field("Email").fill(email);
        field("Password").fill(password);
        button("Log in").click();
        assertThat(page).not().hasURL(Pattern.compile("/login(\\?.*)?$"));
        return this;
    }

    /** Creates an organization from /orgs/new and waits for its page. */
    public Person createOrganization(String orgName) {
        open("/orgs/new");
        field("Name").fill(orgName);
        button("Create organization").click();
        assertThat(page).hasURL(Pattern.compile("/o/[a-z0-9-]+$"));
        assertThat(heading(orgName)).isVisible();
        return this;
    }

    /** A full-page screenshot under target/screenshots/. */
    public Path screenshot(String fileName) {
        var path = Browsers.SCREENSHOTS.resolve(fileName);
        // Park the pointer in a corner, so the link just clicked is not pictured in its hover style.
        var viewport = page.viewportSize();
        if (viewport != null) {
            page.mouse().move(viewport.width - 1, viewport.height - 1);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(path).setFullPage(true));
        return path;
    }

    /** Where this person is and what went wrong in their browser: printed when a test fails. */
    String describe() {
        var where = page.isClosed() ? "(closed)" : page.url();
        String heading;
        try {
            heading = page.isClosed() ? "" : String.valueOf(page.evaluate(
                    "() => document.querySelector('h1')?.textContent.trim() ?? '(no h1)'"));
        } catch (RuntimeException e) {
            heading = "(page not readable)";
        }
        return name + " is at " + where + " seeing \"" + heading + "\"; browser problems: " + problems();
    }

    void screenshotOnFailure(Path path) {
        try {
            if (!page.isClosed()) {
                page.screenshot(new Page.ScreenshotOptions().setPath(path).setFullPage(true));
            }
        } catch (RuntimeException ignored) {
            // The browser may be the thing that failed; the test's own error matters more.
        }
    }

    void close() {
        context.close();
    }

    private static String where(Page page) {
        return page == null ? "(no page)" : page.url();
    }

    @Override
    public String toString() {
        return name;
    }
}
