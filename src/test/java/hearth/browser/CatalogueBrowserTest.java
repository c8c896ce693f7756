package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A platform admin keeps the model catalogue and the plan limits, with plain forms and with htmx. */
class CatalogueBrowserTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @BeforeEach
    void ada() {
        Fixtures.admin(app);
    }

    @Test
    void withoutJavaScriptAnAdminAddsDisablesAndDeletesAModel() {
        var ada = browsers.personWithoutJavaScript("Ada").logIn("ada@hearth.test", Fixtures.PASSWORD);
        ada.open("/admin");
        ada.link("AI models").click();
        assertThat(ada.heading("AI models")).isVisible();
        ada.link("New model").click();

        ada.field("Provider").selectOption("groq");
        ada.field("Model id").fill("llama-3.3-70b-versatile");
        ada.field("Display name").fill("Llama 3.3 70B Versatile");
        ada.field("Class").selectOption("BALANCED");
        ada.field("Context window").fill("131072");
        ada.field("Input price").fill("0.59");
        ada.field("Output price").fill("0.79 USD");
        ada.field("Unlocked by plan").selectOption("PRO");
        ada.button("Add model").click();

        assertThat(ada.page().locator("#field-output_price-error")).hasText("Output price must be a number of 0 or more, like 0.25.");
        assertThat(ada.field("Model id")).hasValue("llama-3.3-70b-versatile");
        assertThat(ada.field("Unlocked by plan")).hasValue("PRO");

        ada.field("Output price").fill("0.79");
        ada.button("Add model").click();

        assertThat(ada.page()).hasURL(Pattern.compile("/admin/models$"));
        assertThat(ada.toasts()).containsText("Llama 3.3 70B Versatile was added to the catalogue.");
        var id = app.queryOne(Long.class, "select id from ai_models where model_id = 'llama-3.3-70b-versatile'");
        var row = ada.page().locator("#model-" + id);
        assertThat(row).containsText("$0.59 / $0.79");
        ada.open("/admin/models"); // Without JavaScript the toast stays where the row's buttons are.

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable Llama 3.3 70B Versatile")).click();
        assertThat(row).containsText("Disabled");

        row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Llama 3.3 70B Versatile")).click();
        ada.link("Delete").click();
        assertThat(ada.heading("Delete Llama 3.3 70B Versatile?")).isVisible();
        ada.button("Delete").click();

        assertThat(ada.toasts()).containsText("Llama 3.3 70B Versatile was deleted from the catalogue.");
        assertThat(row).hasCount(0);
        assertEquals(0, app.queryOne(Long.class, "select count(*) from ai_models where id = ?", id));
        assertEquals(List.of(), ada.problems().stream().filter(problem -> !problem.contains("422")).toList());
        ada.open("/admin/models");
        ada.screenshot("admin-models.png");
    }

    @Test
    void withJavaScriptAnAdminSavesAPlansLimits() {
        var ada = browsers.person("Ada").logIn("ada@hearth.test", Fixtures.PASSWORD);
        ada.open("/admin");
        ada.link("Plan limits").click();
        assertThat(ada.heading("Plan limits")).isVisible();

        ada.field("Basic: Per person, per hour, requests").fill("ten");
        ada.button("Save Basic limits").click();
        assertThat(ada.page().locator("#quota-basic-user_hour_requests-error"))
                .hasText("Requests must be a whole number from 0 to 2,147,483,647.");

        ada.field("Basic: Per person, per hour, requests").fill("150");
        ada.field("Basic: Per organization, per month, tokens").fill("");
        ada.button("Save Basic limits").click();

        assertThat(ada.toasts()).containsText("The Basic plan's limits were saved.");
        assertThat(ada.field("Basic: Per person, per hour, requests")).hasValue("150");
        assertThat(ada.field("Basic: Per organization, per month, tokens")).hasValue("");
        assertEquals(150, app.queryOne(Integer.class, "select requests from plan_quotas where plan = 'BASIC' and scope = 'user' and period = 'hour'"));
        assertEquals(null, app.queryOne(Long.class, "select tokens from plan_quotas where plan = 'BASIC' and scope = 'org' and period = 'month'"));
        assertEquals(0, ada.problems().stream().filter(problem -> !problem.contains("422")).count(), ada.problems().toString());
        // Last: Playwright's screenshot hides the caret with inline styles, which the page's CSP reports.
        ada.screenshot("admin-plans.png");
    }
}
