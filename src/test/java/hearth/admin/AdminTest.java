package hearth.admin;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.Response;
import hearth.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person ada;
    Acme acme;

    @BeforeEach
    void buildFixtures() {
        ada = Fixtures.admin(app);
        acme = Fixtures.acme(app);
    }

    @Test
    void someoneWhoIsNotAPlatformAdminIsForbidden() {
        assertEquals(403, acme.ann().session().get("/admin").status(), "Owning an org is not running the platform");
        setRole(ada, acme.bob(), "SUPPORT_AGENT");
        assertEquals(403, acme.bob().session().get("/admin").status(), "Nor is being a support agent");
    }

    @Test
    void thePlatformAdminSeesEveryUserAndOrg() {
        var page = ada.session().get("/admin");

        assertEquals(200, page.status(), page.describe());
        var text = page.text();
        assertTrue(text.contains("ann@acme.test") && text.contains("bob@acme.test") && text.contains("Acme"),
                page.describe());
    }

    @Test
    void aPlatformAdminChangesAnOrgsPlan() {
        assertEquals("FREE", plan());

        var response = ada.session().post("/admin/orgs/" + acme.org().id() + "/plan", form("plan", "PRO"));

        assertEquals(303, response.status(), response.describe());
        assertEquals("/admin", response.location());
        assertEquals("PRO", plan());
        assertTrue(ada.session().follow(response).text().contains("Acme is now on the Pro plan."));
    }

    @Test
    void anUnknownPlanIsRefused() {
        var response = ada.session().post("/admin/orgs/" + acme.org().id() + "/plan", form("plan", "GOLD"));

        assertEquals(400, response.status(), response.describe());
        assertEquals("FREE", plan());
    }

    @Test
    void aPlatformAdminGrantsSupportAgent() {
        var response = setRole(ada, acme.bob(), "SUPPORT_AGENT");

        assertEquals(303, response.status(), response.describe());
        assertEquals("SUPPORT_AGENT", Fixtures.platformRole(app, acme.bob()));
        assertTrue(ada.session().follow(response).text().contains("Bob Member is now support agent."));
    }

    @Test
    void aNewPlatformAdminCanOpenTheConsole() {
        setRole(ada, acme.ann(), "PLATFORM_ADMIN");

        assertEquals(200, acme.ann().session().get("/admin").status());
    }

    @Test
    void theLastPlatformAdminCannotDemoteThemselves() {
        var response = setRole(ada, ada, "USER");

        assertEquals(303, response.status(), response.describe());
        assertEquals("PLATFORM_ADMIN", Fixtures.platformRole(app, ada));
        assertTrue(ada.session().follow(response).text().contains("Hearth needs at least one platform admin."));
    }

    @Test
    void aPlatformAdminCanStepDownWhenAnotherRemains() {
        setRole(ada, acme.ann(), "PLATFORM_ADMIN");

        setRole(ada, ada, "USER");

        assertEquals("USER", Fixtures.platformRole(app, ada));
        assertEquals(403, ada.session().get("/admin").status());
        assertEquals(200, acme.ann().session().get("/admin").status());
    }

    private Response setRole(Person actor, Person target, String role) {
        return actor.session().post("/admin/users/" + target.id() + "/role", form("role", role));
    }

    private String plan() {
        return app.queryOne(String.class, "select plan from organizations where id = ?", acme.org().id());
    }
}
