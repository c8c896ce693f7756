package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.options.ColorScheme;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pages fit a phone and follow the system's light or dark scheme. The screenshots land in
 * target/screenshots/ for a person to look at; the assertions catch what can be measured.
 */
class LayoutBrowserTest {
    /** The document's widths, and the innermost elements that stick out on the right, to name the culprit. */
    private static final String DOCUMENT_OVERFLOW = """
            () => {
              const width = document.documentElement.clientWidth;
              const sticksOut = el => el.getBoundingClientRect().right > width + 1;
              const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.classList.length ? "." + [...el.classList].join(".") : "")
                + " (right edge " + Math.round(el.getBoundingClientRect().right) + "px)";
              // Whatever a scrolling box (a wide table's wrapper) clips does not widen the page, unless it
              // is positioned absolutely and so escapes the box.
              const clipped = el => {
                if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
                for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                  if (getComputedStyle(up).overflowX !== "visible") return true;
                }
                return false;
              };
              const culprits = [...document.body.querySelectorAll("*")]
                .filter(el => sticksOut(el) && !clipped(el) && ![...el.children].some(sticksOut))
                .slice(0, 5).map(describe);
              return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, culprits: culprits };
            }""";

    @RegisterExtension
    static TestApp app = new TestApp();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    private static Fixtures.Acme acme;

    @BeforeAll
    static void acmeWithAnOpenInvitation() {
        acme = Fixtures.acme(app);
        Fixtures.invite(app, acme.ann(), acme.org(), "carol.with.a.rather.long.address@acme.test", "ADMIN");
    }

    @Test
    void onAPhoneNoPageScrollsSideways() {
        var phone = new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true).setHasTouch(true)
                .setDeviceScaleFactor(2);
        var visitor = browsers.person("Visitor", phone);
        visitor.open("/signup");
        assertFitsTheScreen(visitor, "/signup");
        visitor.screenshot("phone-signup.png");
        visitor.open("/login");
        assertFitsTheScreen(visitor, "/login");

        var ann = browsers.person("Ann", phone);
        ann.logIn(acme.ann().email(), Fixtures.PASSWORD);
        var org = acme.org().path();
        for (var path : List.of(org, org + "/members", org + "/settings", "/orgs", "/orgs/new", "/account/password")) {
            ann.open(path);
            if (path.equals(org)) {
                ann.screenshot("phone-org.png");
            } else if (path.equals(org + "/members")) {
                ann.screenshot("phone-members.png");
            }
            assertFitsTheScreen(ann, path);
        }
    }

    @Test
    void theOrgAndMembersPagesFollowTheLightAndDarkScheme() {
        var backgrounds = new HashMap<ColorScheme, Object>();
        for (var scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            var suffix = scheme.name().toLowerCase();
            var ann = browsers.person("Ann-" + suffix, new Browser.NewContextOptions()
                    .setViewportSize(1280, 860).setColorScheme(scheme));
            ann.logIn(acme.ann().email(), Fixtures.PASSWORD);
            ann.open(acme.org().path());
            assertThat(ann.heading("Acme")).isVisible();
            ann.screenshot("org-" + suffix + ".png");
            ann.link("Members").click();
            assertThat(ann.heading("Members")).isVisible();
            assertThat(ann.page().locator("tbody tr").first()).isVisible();
            ann.screenshot("members-" + suffix + ".png");
            backgrounds.put(scheme, ann.page().evaluate("() => getComputedStyle(document.body).backgroundColor"));
            assertFitsTheScreen(ann, "members (" + suffix + ")");
            assertEquals(List.of(), ann.problems());
        }
        assertNotEquals(backgrounds.get(ColorScheme.LIGHT), backgrounds.get(ColorScheme.DARK),
                "the dark scheme must change the page's colors");
    }

    private static void assertFitsTheScreen(Person person, String where) {
        @SuppressWarnings("unchecked")
        var size = (Map<String, Object>) person.page().evaluate(DOCUMENT_OVERFLOW);
        var scrollWidth = ((Number) size.get("scrollWidth")).intValue();
        var clientWidth = ((Number) size.get("clientWidth")).intValue();
        assertTrue(scrollWidth <= clientWidth + 1, where + " is wider than the screen (" + scrollWidth + "px for "
                + clientWidth + "px); sticking out: " + size.get("culprits"));
    }
}
