package hearth.orgs;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbFault;
import hearth.testing.Fixtures;
import hearth.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrganizationsTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    @Test
    void creatingAnOrgMakesItsSlugFromTheNameAndTheCreatorItsOwner() {
        Fixtures.admin(app);
        var zoe = Fixtures.signUp(app, "Zoë Founder", "zoe@zoe.test");

        var response = zoe.session().post("/orgs", form("name", "Zoë & Co."));

        assertEquals(303, response.status(), response.describe());
        assertEquals("/o/zoe-co", response.location());
        var org = new Fixtures.Org(app.queryOne(Long.class, "select id from organizations where slug = 'zoe-co'"),
                "Zoë & Co.", "zoe-co");
        assertEquals("OWNER", Fixtures.orgRole(app, org, zoe));
        assertEquals("FREE", app.queryOne(String.class, "select plan from organizations where id = ?", org.id()));
        var page = zoe.session().follow(response);
        assertEquals(200, page.status(), page.describe());
        assertTrue(page.text().contains("Zoë & Co."), page.describe());
    }

    @Test
    void orgsWithTheSameNameGetDistinctSlugs() {
        var acme = Fixtures.acme(app);
        var gus = Fixtures.signUp(app, "Gus Owner", "gus@globex.test");

        var second = Fixtures.createOrg(app, gus, "Acme");
        var third = Fixtures.createOrg(app, acme.ann(), "ACME");

        assertEquals("acme", acme.org().slug());
        assertEquals("acme-2", second.slug());
        assertEquals("acme-3", third.slug());
        assertEquals(404, gus.session().get(acme.org().path()).status(), "Same name, different org");
    }

    @Test
    void renamingKeepsTheSlug() {
        var acme = Fixtures.acme(app);

        var response = acme.ann().session().post("/o/acme/settings", form("name", "Acme Corporation"));

        assertEquals(303, response.status(), response.describe());
        assertEquals("/o/acme/settings", response.location());
        assertEquals("Acme Corporation", app.queryOne(String.class, "select name from organizations where slug = 'acme'"));
        var page = acme.ann().session().get("/o/acme");
        assertEquals(200, page.status());
        assertTrue(page.text().contains("Acme Corporation"), page.describe());
    }

    @Test
    void anEmptyNewNameIsRefusedAndTheOldOneKept() {
        var acme = Fixtures.acme(app);

        var response = acme.ann().session().post("/o/acme/settings", form("name", "   "));

        assertEquals(422, response.status(), response.describe());
        assertEquals("Name is required.", response.fieldError("name"), response.describe());
        assertEquals("Acme", app.queryOne(String.class, "select name from organizations where slug = 'acme'"));
    }

    @Test
    void aRefusedOrgWritesNothing() {
        Fixtures.admin(app);
        var ann = Fixtures.signUp(app, "Ann Owner", "ann@acme.test");

        var empty = ann.session().post("/orgs", form("name", " "));
        var tooLong = ann.session().post("/orgs", form("name", "A".repeat(81)));

        assertEquals(422, empty.status(), empty.describe());
        assertEquals("Name is required.", empty.fieldError("name"), empty.describe());
        assertEquals(422, tooLong.status(), tooLong.describe());
        assertEquals("Name must be at most 80 characters.", tooLong.fieldError("name"), tooLong.describe());
        assertEquals("A".repeat(81), tooLong.inputValue("name"), "What was typed is kept");
        assertEquals(0, app.count("organizations"));
        assertEquals(0, app.count("memberships"));
    }

    @Test
    void anOrgWhoseOwnerCannotBeRecordedIsNotCreatedAtAll() {
        Fixtures.admin(app);
        var ann = Fixtures.signUp(app, "Ann Owner", "ann@acme.test");

        try (var fault = DbFault.failOn(app, "insert", "memberships")) {
            var response = ann.session().post("/orgs", form("name", "Acme"));
            assertEquals(500, response.status(), response.describe());
        }

        assertEquals(0, app.count("organizations"), "An org without an owner must not be left behind");
        assertEquals("/o/acme", ann.session().post("/orgs", form("name", "Acme")).location(),
                "The slug was not used up either");
    }

    @Test
    void theMembersPageListsEveryMember() {
        var acme = Fixtures.acme(app);

        var page = acme.bob().session().get("/o/acme/members");

        assertEquals(200, page.status(), page.describe());
        var text = page.text();
        assertTrue(text.contains("Ann Owner") && text.contains("ann@acme.test"), page.describe());
        assertTrue(text.contains("Bob Member") && text.contains("bob@acme.test"), page.describe());
    }

    @Test
    void theOrgsHomeLeadsToEveryPartOfTheWorkspace() {
        var acme = Fixtures.acme(app);
        var page = acme.bob().session().get("/o/acme");
        var links = page.document().select(".quick-links a").eachAttr("href");
        assertEquals(java.util.List.of("/o/acme/tasks", "/o/acme/projects", "/o/acme/customers", "/o/acme/assistant", "/support"), links);
        for (var link : links) {
            assertEquals(200, acme.bob().session().get(link).status(), link);
        }
    }

    @Test
    void theOrgsPageListsYourOrgs() {
        var acme = Fixtures.acme(app);
        Fixtures.createOrg(app, acme.ann(), "Initech");

        var page = acme.ann().session().get("/orgs");

        assertEquals(200, page.status(), page.describe());
        assertTrue(page.text().contains("Acme") && page.text().contains("Initech"), page.describe());
    }

    @Test
    void theFrontDoorOpensTheOrgYouWereLastIn() {
        var acme = Fixtures.acme(app);
        var initech = Fixtures.createOrg(app, acme.ann(), "Initech");
        var ann = acme.ann().session();

        ann.get("/o/acme/members");
        assertEquals("/o/acme", ann.get("/").location());
        ann.get(initech.path());
        assertEquals(initech.path(), ann.get("/").location());

        var newcomer = Fixtures.signUp(app, "Nina New", "nina@new.test");
        assertEquals("/orgs/new", newcomer.session().get("/").location(), "No org yet: make one");
        assertEquals("/login", app.newSession().get("/").location());
    }
}
