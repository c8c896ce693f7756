package hearth.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import hearth.testing.TestApp;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a team's first ten minutes look like: Ann signs up, creates Acme, invites Bob; Bob signs up
 * from the link and joins; Ann makes him an admin; Bob logs out and back in. Once with htmx doing
 * its work, once with no JavaScript at all, where plain forms and redirects must carry the same story.
 */
class AccountsAndOrganizationsBrowserTest {
    private static final String PASSWORD = "a-long-enough-password";

    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @RegisterExtension
    static Browsers browsers = new Browsers(app);

    @Test
    void annFoundsAcmeInvitesBobAndMakesHimAnAdmin() {
        teamFormsUp(browsers.person("Ann"), browsers.person("Bob"));
    }

    @Test
    void theSameWorksWithJavaScriptDisabled() {
        var ann = browsers.personWithoutJavaScript("Ann");
        var bob = browsers.personWithoutJavaScript("Bob");
        teamFormsUp(ann, bob);
        assertEquals(false, ann.page().evaluate("() => 'htmx' in window"), "htmx must not run without JavaScript");
    }

    private void teamFormsUp(Person ann, Person bob) {
        // Ann signs up: a new account has no organization yet, so she is asked to create one.
        ann.open("/signup");
        ann.field("Your name").fill("Ann Archer");
        ann.field("Email").fill("ann@acme.test");
        ann.field("Password").fill(PASSWORD);
        ann.button("Create account").click();
        assertThat(ann.page()).hasURL(Pattern.compile("/orgs/new$"));
        assertThat(ann.heading("New organization")).isVisible();

        ann.field("Name").fill("Acme");
        ann.button("Create organization").click();
        assertThat(ann.page()).hasURL(Pattern.compile("/o/acme$"));
        assertThat(ann.heading("Acme")).isVisible();
        assertThat(ann.page().locator(".page-header .eyebrow")).containsText("Owner");

        // She invites Bob from the members page and copies the link she is shown.
        ann.link("Members").click();
        assertThat(ann.page()).hasURL(Pattern.compile("/o/acme/members$"));
        assertThat(ann.heading("Members")).isVisible();
        ann.field("Email address").fill("bob@acme.test");
        ann.field("Role").selectOption("MEMBER");
        ann.button("Create invitation").click();
        var linkField = ann.page().locator("#invitation-link");
        assertThat(linkField).hasValue(Pattern.compile("^http://[^/]+/invitations/[A-Za-z0-9_-]+$"));
        var invitationLink = linkField.inputValue();
        assertThat(ann.page().locator("#invite-link h2")).hasText("Invitation for bob@acme.test");

        // Bob, on his own machine, opens the link, creates his account with the invited address and joins.
        bob.page().navigate(invitationLink);
        assertThat(bob.heading("Join Acme")).isVisible();
        bob.link("Create account and join").click();
        assertThat(bob.page()).hasURL(Pattern.compile("/signup\\?"));
        assertThat(bob.field("Email")).hasValue("bob@acme.test");
        bob.field("Your name").fill("Bob Baker");
        bob.field("Password").fill(PASSWORD);
        bob.button("Create account").click();
        assertThat(bob.page()).hasURL(Pattern.compile("/invitations/[A-Za-z0-9_-]+$"));
        bob.button("Accept and join Acme").click();
        assertThat(bob.page()).hasURL(Pattern.compile("/o/acme$"));
        assertThat(bob.heading("Acme")).isVisible();
        assertThat(bob.page().locator(".page-header .eyebrow")).containsText("Member");
        assertThat(bob.toasts()).containsText("Welcome to Acme.");

        // Ann opens Members again: Bob is listed, and she makes him an admin.
        ann.link("Members").click();
        assertThat(ann.page()).hasURL(Pattern.compile("/o/acme/members$"));
        Locator bobsRow = ann.page().locator("tbody tr").filter(new Locator.FilterOptions().setHasText("bob@acme.test"));
        assertThat(bobsRow).containsText("Bob Baker");
        assertThat(ann.page().locator("#invite-link")).hasCount(0);
        var bobsRole = ann.field("Role of Bob Baker");
        assertThat(bobsRole).hasValue("MEMBER");
        bobsRole.selectOption("ADMIN");
        bobsRow.getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Change").setExact(true)).click();
        assertThat(ann.toasts()).containsText("Bob Baker is now admin.");
        assertThat(ann.page()).hasURL(Pattern.compile("/o/acme/members$"));
        assertThat(ann.field("Role of Bob Baker")).hasValue("ADMIN");

        // Bob logs out, logs back in, and finds Acme, now as an admin.
        bob.button("Log out").click();
        assertThat(bob.page()).hasURL(Pattern.compile("/login$"));
        assertThat(bob.heading("Log in")).isVisible();
        bob.field("Email").fill("bob@acme.test");
        bob.field("Password").fill(PASSWORD);
        bob.button("Log in").click();
        assertThat(bob.page()).hasURL(Pattern.compile("/o/acme$"));
        assertThat(bob.heading("Acme")).isVisible();
        assertThat(bob.page().locator(".page-header .eyebrow")).containsText("Admin");
        assertThat(bob.link("Settings")).isVisible();
    }
}
