package hearth.web;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.PathParams;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Another org's URLs and ids answer 404 — never its data, never a change to it. */
class TenancyTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;
    static PathParams globexParams;
    static PathParams acmeUrlsWithGlobexIds;

    @BeforeAll
    static void buildFixtures() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        globexParams = Fixtures.pathParams(globex.org(), globex.gus(), globex.invite(),
                Fixtures.workspace(app, globex.org(), globex.gus()));
        // Acme has records of its own, so a lookup that forgot the org would find something to show.
        Fixtures.workspace(app, acme.org(), acme.ann());
        acmeUrlsWithGlobexIds = globexParams.overriddenBy(new PathParams().with("{org}", acme.org().slug()));
    }

    @TestFactory
    Stream<DynamicTest> aMemberOfAnotherOrgGetsNotFoundOnEveryOrgRoute() {
        return orgRoutes().map(route -> dynamicTest(route.method() + " " + route.path(), () -> {
            var path = globexParams.fill(route.path());
            var ann = acme.ann().session();
            var before = DbSnapshot.take(app);

            if (route.changesState()) {
                assertNotFound(ann.post(path, hostileForm()));
                assertNotFound(ann.htmxPost(path, hostileForm()));
            } else {
                assertNotFound(ann.get(path));
                assertNotFound(ann.htmxGet(path));
            }
            before.assertUnchangedIn(DbSnapshot.take(app), "Ann's " + route.method() + " " + path);
        }));
    }

    @TestFactory
    Stream<DynamicTest> anotherOrgsIdsInsideYourOwnOrgGetNotFound() {
        return orgRoutes().filter(route -> route.path().replace("{org}", "").contains("{"))
                .map(route -> dynamicTest(route.method() + " " + route.path(), () -> {
                    var path = acmeUrlsWithGlobexIds.fill(route.path());
                    var ann = acme.ann().session();
                    var before = DbSnapshot.take(app);

                    assertNotFound(route.changesState() ? ann.post(path, hostileForm()) : ann.get(path));

                    before.assertUnchangedIn(DbSnapshot.take(app), "Ann's " + route.method() + " " + path);
                }));
    }

    @Test
    void aPlainMemberOfAnotherOrgGetsNotFoundToo() {
        var bob = acme.bob().session();
        assertNotFound(bob.get(globex.org().path()));
        assertNotFound(bob.get(globex.org().path() + "/members"));
        assertNotFound(bob.post(globex.org().path() + "/members/" + globex.gus().id() + "/removal", Map.of()));
        assertEquals("OWNER", Fixtures.orgRole(app, globex.org(), globex.gus()));
    }

    @Test
    void theOrgsListShowsOnlyYourOwnOrgs() {
        var page = acme.ann().session().get("/orgs");
        assertEquals(200, page.status(), page.describe());
        assertFalse(page.text().contains("Globex"), page.describe());
    }

    private static void assertNotFound(Response response) {
        assertEquals(404, response.status(), response.describe());
        // Not even the other org's name may show: that it exists is already more than a stranger should learn.
        assertFalse(response.body().contains("Globex"), response.describe());
        assertFalse(response.body().contains(globex.gus().email()), response.describe());
    }

    private static Stream<RouteTable.Route> orgRoutes() {
        var routes = app.routes().stream()
                .filter(route -> route.access() == Access.ORG_MEMBER || route.access() == Access.ORG_ADMIN)
                .toList();
        assertFalse(routes.isEmpty(), "No org routes to walk");
        return routes.stream();
    }

    private static Map<String, String> hostileForm() {
        return form("name", "Taken Over", "email", "mallory@evil.test", "role", "ADMIN");
    }
}
