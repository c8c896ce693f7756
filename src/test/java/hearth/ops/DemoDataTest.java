package hearth.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }
}
