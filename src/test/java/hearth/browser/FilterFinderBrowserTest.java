package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Org;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Finding an old project in the task list's Project filter by typing part of its name, with and without script. */
class FilterFinderBrowserTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    static Fixtures.Acme acme;
    static Org org;
    static long cartography;

    @BeforeAll
    static void anOrgWithMoreProjectsThanTheFilterOffers() {
        acme = Fixtures.acme(app);
        org = Fixtures.createOrg(app, acme.ann(), "Finder");
        cartography = Seed.project(app, org, "Zephyr Cartography").updated(Instant.parse("2020-01-01T10:00:00Z")).insert();
        Seed.task(app, org, "Draw the coastline").project(cartography).insert();
        Seed.task(app, org, "Unrelated chore").insert();
        app.update("""
                insert into projects (org_id, name, status, updated_at)
                select ?, 'Recent project ' || n, 'ACTIVE', now() + n * interval '1 second' from generate_series(1, 110) n
                """, org.id());
    }

    @Test
    void typingNarrowsTheChoicesInPlaceAndTheFoundProjectFiltersTheList() {
        var ann = browsers.person("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD).open(org.path() + "/tasks");
        var page = ann.page();
        page.waitForFunction("() => window.htmx !== undefined");
        var requests = new ArrayList<String>();
        page.onRequest(request -> {
            if (request.url().contains(org.path())) {
                requests.add(request.url());
            }
        });
        page.locator("summary", new Page.LocatorOptions().setHasText("Project")).click();
        assertThat(choice(page, "Zephyr Cartography")).hasCount(0);

        ann.field("Find a project").pressSequentially("cartog");

        assertThat(choice(page, "Zephyr Cartography")).isVisible();
        assertThat(choice(page, "Recent project 110")).hasCount(0);
        assertThat(ann.field("Find a project")).isFocused();
        ann.screenshot("task-list-project-finder.png");
        assertThat(page).hasURL(Pattern.compile(".*project_q=cartog.*"));
        var typed = List.copyOf(requests);
        assertTrue(!typed.isEmpty() && typed.stream().allMatch(url -> url.contains("project_q=")), typed.toString());

        ann.field("Find a project").blur();
        page.waitForTimeout(600);
        assertEquals(typed, List.copyOf(requests), "leaving the box refreshes nothing: it filters no task");

        choice(page, "Zephyr Cartography").check();

        assertThat(page).hasURL(Pattern.compile(".*project=" + cartography + ".*"));
        assertThat(rows(page)).hasCount(1);
        assertThat(rows(page).first()).containsText("Draw the coastline");
        assertThat(ann.field("Find a project")).hasValue("cartog");
        assertEquals(List.of(), ann.problems());
    }

    @Test
    void withoutScriptEnterFindsTheProject() {
        var ann = browsers.personWithoutJavaScript("Ann").logIn(acme.ann().email(), Fixtures.PASSWORD)
                .open(org.path() + "/tasks");
        var page = ann.page();
        page.locator("summary", new Page.LocatorOptions().setHasText("Project")).click();

        ann.field("Find a project").fill("ZEPHYR");
        ann.field("Find a project").press("Enter");

        assertThat(page).hasURL(Pattern.compile(".*project_q=ZEPHYR.*"));
        assertThat(choice(page, "Zephyr Cartography")).isVisible();
        choice(page, "Zephyr Cartography").check();
        ann.button("Apply").click();
        assertThat(rows(page)).hasCount(1);
        assertThat(rows(page).first()).containsText("Draw the coastline");
    }

    private static Locator choice(Page page, String name) {
        return page.locator("form.filters").getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator rows(Page page) {
        return page.locator("#results tbody tr");
    }
}
