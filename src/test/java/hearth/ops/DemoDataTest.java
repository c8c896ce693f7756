package hearth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoDataTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @Test
    void theDemoPeopleCanLogInAndFindTheirOrganization() {
        DemoData.seed(app.jdbi());

        var owner = Fixtures.logIn(app, "owner@demo.hearth.test", DemoData.PASSWORD);
        assertEquals(200, owner.get("/o/" + DemoData.ORG_SLUG).status());
        var member = Fixtures.logIn(app, "member@demo.hearth.test", DemoData.PASSWORD);
        assertEquals(200, member.get("/o/" + DemoData.ORG_SLUG + "/members").status());
        assertEquals("SUPPORT_AGENT", app.queryOne(String.class,
                "select platform_role from users where email = 'agent@demo.hearth.test'"));
    }

    @Test
    void onAFreshInstanceTheDemoOwnerRunsItAndSeedingTwiceChangesNothing() {
        DemoData.seed(app.jdbi());
        DemoData.seed(app.jdbi());

        assertEquals("PLATFORM_ADMIN", app.queryOne(String.class,
                "select platform_role from users where email = 'owner@demo.hearth.test'"));
        assertEquals(3L, app.count("users"));
        assertEquals(1L, app.count("organizations"));
        assertEquals(3L, app.count("memberships"));
        assertEquals(8L, app.count("tasks"), "The work is seeded once, with the org");
        assertEquals(1L, app.count("support_conversations"));
    }

    @Test
    void theDemoOrgHasWorkToLookAtAndASupportConversation() {
        DemoData.seed(app.jdbi());

        var max = Fixtures.logIn(app, "member@demo.hearth.test", DemoData.PASSWORD);
        var tasks = max.get("/o/" + DemoData.ORG_SLUG + "/tasks");
        assertEquals(200, tasks.status());
        assertTrue(tasks.text().contains("Train the sales team"), tasks.describe());
        var customers = max.get("/o/" + DemoData.ORG_SLUG + "/customers");
        assertTrue(customers.text().contains("Fjord Foods AB"), customers.describe());
        var projects = max.get("/o/" + DemoData.ORG_SLUG + "/projects");
        assertTrue(projects.text().contains("Fjord Foods rollout"), projects.describe());

        var support = max.get("/support");
        assertTrue(support.text().contains("How do I export our tasks?"), support.describe());
        var id = app.queryOne(Long.class, "select id from support_conversations");
        var thread = max.get("/support/" + id);
        assertTrue(thread.text().contains("Export → CSV"), thread.describe());
        assertFalse(thread.text().contains("help article"), "The team's note stays with the team");

        var sam = Fixtures.logIn(app, "agent@demo.hearth.test", DemoData.PASSWORD);
        assertTrue(sam.get("/admin/support/" + id).text().contains("help article"));
        assertTrue(sam.get("/admin/support?q=export").text().contains("How do I export our tasks?"));
    }
}
