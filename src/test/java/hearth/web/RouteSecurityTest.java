package hearth.web;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Invite;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.PathParams;
import hearth.testing.Response;
import hearth.testing.TestApp;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks every route the app registered, so a route added later is covered without touching this
 * test (only {@link Fixtures#pathParams} needs a value for a new path parameter).
 */
class RouteSecurityTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Person ada;
    static Acme acme;
    static Person carol;
    static Invite carolsInvite;
    static PathParams params;

    @BeforeAll
    static void buildFixtures() {
        ada = Fixtures.admin(app);
        acme = Fixtures.acme(app);
        carol = Fixtures.signUp(app, "Carol Invitee", "carol@acme.test");
        carolsInvite = Fixtures.invite(app, acme.ann(), acme.org(), carol.email(), "MEMBER");
        params = Fixtures.pathParams(acme.org(), acme.bob(), carolsInvite, Fixtures.workspace(app, acme.org(), acme.ann()));
    }

    @TestFactory
    Stream<DynamicTest> everyStateChangingRouteRefusesAPostWithoutTheCsrfToken() {
        return routes(RouteTable.Route::changesState).map(route -> dynamicTest(name(route), () -> {
            var path = params.fill(route.path());
            var actor = whoMayUse(route).session();
            var before = DbSnapshot.take(app);

            assertRefusedForCsrf(actor.postWithoutCsrf(path, hostileForm(path)));
            assertRefusedForCsrf(actor.postWithCsrfField(path, hostileForm(path), "not-the-token"));
            assertRefusedForCsrf(actor.postWithCsrfHeader(path, hostileForm(path), "not-the-token"));
            assertRefusedForCsrf(actor.postWithCsrfField(path, hostileForm(path), ""));

            before.assertUnchangedIn(DbSnapshot.take(app), "A POST without a valid CSRF token to " + path);
        }));
    }

    @Test
    void theTokenIsAcceptedAsAFormFieldOrAsAHeader() {
        var ann = acme.ann().session();
        var settings = acme.org().path() + "/settings";
        var name = form("name", acme.org().name());

        assertEquals(303, ann.post(settings, name).status(), "Plain forms send the hidden _csrf field");
        assertEquals(303, ann.postWithCsrfHeader(settings, name).status(), "htmx requests send the X-CSRF-Token header");
        assertEquals(303, ann.htmxPost(settings, name).status());
    }

    @Test
    void theTokenBelongsToOneSession() {
        var annsToken = acme.ann().session().csrfToken();
        var bob = acme.bob().session();
        var before = DbSnapshot.take(app);

        assertRefusedForCsrf(bob.postWithCsrfField("/o/acme/members/" + acme.bob().id() + "/removal", Map.of(), annsToken));

        before.assertUnchangedIn(DbSnapshot.take(app), "Bob leaving with Ann's token");
    }

    @TestFactory
    Stream<DynamicTest> everyProtectedPageSendsAnAnonymousVisitorToLogIn() {
        return routes(route -> route.access() != Access.PUBLIC && route.method() == HandlerType.GET)
                .map(route -> dynamicTest(name(route), () -> {
                    var path = params.fill(route.path());
                    var login = "/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8);

                    var page = app.newSession().get(path);
                    assertEquals(303, page.status(), page.describe());
                    assertEquals(login, page.location());

                    var fragment = app.newSession().htmxGet(path);
                    assertEquals(401, fragment.status(), fragment.describe());
                    assertEquals(login, fragment.header("HX-Redirect"));
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyProtectedActionRefusesAnAnonymousVisitor() {
        return routes(route -> route.access() != Access.PUBLIC && route.changesState())
                .map(route -> dynamicTest(name(route), () -> {
                    var path = params.fill(route.path());
                    var before = DbSnapshot.take(app);

                    // No session at all: there is no CSRF token it could know.
                    var stranger = app.newSession().postWithoutCsrf(path, hostileForm(path));
                    assertEquals(403, stranger.status(), stranger.describe());

                    // An anonymous session with its own valid token is sent to log in.
                    var visitor = app.newSession();
                    var withToken = visitor.post(path, hostileForm(path));
                    assertEquals(303, withToken.status(), withToken.describe());
                    assertTrue(withToken.location().startsWith("/login"), withToken.describe());
                    // A POST-only URL is no place to return to with a GET after login.
                    assertFalse(withToken.location().contains("next=" + URLEncoder.encode(path, StandardCharsets.UTF_8)),
                            withToken.describe());
                    var htmx = visitor.htmxPost(path, hostileForm(path));
                    assertEquals(401, htmx.status(), htmx.describe());
                    assertNotNull(htmx.header("HX-Redirect"), htmx.describe());

                    before.assertUnchangedIn(DbSnapshot.take(app), "An anonymous POST to " + path);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyOrgAdminRouteRefusesAPlainMember() {
        return routes(route -> route.access() == Access.ORG_ADMIN).map(route -> dynamicTest(name(route), () ->
                assertForbidden(acme.bob().session(), route)));
    }

    @TestFactory
    Stream<DynamicTest> everyPlatformAdminRouteRefusesAnOrdinaryUser() {
        return routes(route -> route.access() == Access.PLATFORM_ADMIN).map(route -> dynamicTest(name(route), () ->
                assertForbidden(acme.ann().session(), route)));
    }

    @TestFactory
    Stream<DynamicTest> everySupportStaffRouteRefusesAnOrdinaryUser() {
        return routes(route -> route.access() == Access.SUPPORT_STAFF).map(route -> dynamicTest(name(route), () ->
                assertForbidden(acme.ann().session(), route)));
    }

    private static void assertForbidden(HttpSession session, RouteTable.Route route) {
        var path = params.fill(route.path());
        var before = DbSnapshot.take(app);
        var response = route.changesState() ? session.post(path, hostileForm(path)) : session.get(path);
        assertEquals(403, response.status(), response.describe());
        assertFalse(response.isRedirect(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), route.method() + " " + path + " by someone without the right");
    }

    private static void assertRefusedForCsrf(Response response) {
        assertEquals(403, response.status(), response.describe());
        assertTrue(response.body().contains("did not come from Hearth"),
                "The refusal should say why: " + response.describe());
    }

    /** Someone who would be allowed to make the request, so only the missing token can stop it. */
    private static Person whoMayUse(RouteTable.Route route) {
        if (route.access() == Access.PLATFORM_ADMIN || route.access() == Access.SUPPORT_STAFF) {
            return ada;
        }
        if (route.path().contains("{token}")) {
            return carol;
        }
        return acme.ann();
    }

    /** Values that would change something if the request got through. */
    private static Map<String, String> hostileForm(String path) {
        var role = path.startsWith("/admin") ? "PLATFORM_ADMIN" : path.contains("/invitations") ? "ADMIN" : "OWNER";
        return form("name", "Taken Over", "email", "mallory@evil.test", "password", "mallory-password",
                "current", Fixtures.PASSWORD, "role", role, "plan", "ENTERPRISE", "next", "/");
    }

    private static Stream<RouteTable.Route> routes(Predicate<RouteTable.Route> which) {
        List<RouteTable.Route> matching = app.routes().stream().filter(which).toList();
        assertFalse(matching.isEmpty(), "No routes to walk");
        return matching.stream();
    }

    private static String name(RouteTable.Route route) {
        return route.method() + " " + route.path() + " (" + route.access() + ")";
    }
}
