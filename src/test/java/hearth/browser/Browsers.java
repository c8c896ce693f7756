package hearth.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import hearth.testing.TestApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium per test class, and a fresh browser context per {@link Person}: separate
 * cookies, so Ann and Bob are two people on two machines.
 * <pre>
 * &#64;RegisterExtension static TestApp app = TestApp.withFreshDataForEachTest();
 * &#64;RegisterExtension static Browsers browsers = new Browsers(app);
 * </pre>
 * People are closed after each test; when a test fails, their open pages are saved first under
 * {@code target/screenshots/failures/}.
 */
public final class Browsers implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** Debian's Chromium. Playwright must never download a browser of its own here. */
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final TestApp app;
    private final List<Person> people = new ArrayList<>();
    private Playwright playwright;
    private Browser browser;

    public Browsers(TestApp app) {
        this.app = app;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // The machine is shared and small: give slow moments room, but fail well before surefire would.
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-gpu")));
    }

    /** Someone with a default desktop browser, JavaScript on. */
    public Person person(String name) {
        return person(name, new Browser.NewContextOptions());
    }

    /** Someone whose browser runs no JavaScript: every page must work as plain links and forms. */
    public Person personWithoutJavaScript(String name) {
        return person(name, new Browser.NewContextOptions().setJavaScriptEnabled(false));
    }

    /** Someone with a browser set up by {@code options} (viewport, color scheme, JavaScript...). */
    public Person person(String name, Browser.NewContextOptions options) {
        if (browser == null) {
            throw new IllegalStateException("Register Browsers on a static field: @RegisterExtension static Browsers browsers = ...");
        }
        var context = browser.newContext(options.setBaseURL(app.baseUrl()));
        context.setDefaultTimeout(15_000);
        var person = new Person(name, context);
        synchronized (people) {
            people.add(person);
        }
        return person;
    }

    public String baseUrl() {
        return app.baseUrl();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Person> open;
        synchronized (people) {
            open = List.copyOf(people);
            people.clear();
        }
        var failed = context.getExecutionException().isPresent();
        for (var person : open) {
            try {
                if (failed) {
                    System.err.println("[browser] " + person.describe());
                    person.screenshotOnFailure(SCREENSHOTS.resolve("failures")
                            .resolve(context.getRequiredTestClass().getSimpleName() + "-"
                                    + context.getRequiredTestMethod().getName() + "-" + person.name() + ".png"));
                }
            } finally {
                person.close();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            browser = null;
            if (playwright != null) {
                playwright.close();
                playwright = null;
            }
        }
    }
}
