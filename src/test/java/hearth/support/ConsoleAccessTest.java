package hearth.support;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Person;
import hearth.testing.PathParams;
import hearth.testing.Response;
import hearth.testing.TestApp;
import hearth.web.Access;
import hearth.web.RouteTable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The role matrix over every console route: a member of the conversation's org and a member of another
 * org are refused (403) and change nothing; a support agent and a platform admin get in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAccessTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Person ada;
    static Person sam;
    static Acme acme;
    static Globex globex;
    static PathParams params;
    static Fixtures.Workspace workspace;

    @BeforeAll
    static void buildFixtures() {
        ada = Fixtures.admin(app);
        sam = Fixtures.agent(app);
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        workspace = Fixtures.workspace(app, acme.org(), acme.ann());
        params = Fixtures.pathParams(acme.org(), acme.bob(), globex.invite(), workspace);
    }

    @Test
    void everyConsoleRouteIsForTheSupportTeam() {
        assertFalse(consoleRoutes().isEmpty());
        consoleRoutes().forEach(route -> assertEquals(Access.SUPPORT_STAFF, route.access(), route.path()));
    }

    @TestFactory
    Stream<DynamicTest> theConversationsOwnMemberIsRefused() {
        return refused(acme.ann());
    }

    @TestFactory
    Stream<DynamicTest> aMemberOfTheOrgIsRefused() {
        return refused(acme.bob());
    }

    @TestFactory
    Stream<DynamicTest> aUserOfAnotherOrgIsRefused() {
        return refused(globex.gus());
    }

    @TestFactory
    Stream<DynamicTest> anAgentOpensEveryPage() {
        return pages(sam);
    }

    @TestFactory
    Stream<DynamicTest> aPlatformAdminOpensEveryPage() {
        return pages(ada);
    }

    /** Last: its actions delete and merge what the pages above open. */
    @TestFactory
    @Order(Integer.MAX_VALUE)
    Stream<DynamicTest> anAgentIsLetThroughEveryAction() {
        return consoleRoutes().stream().filter(RouteTable.Route::changesState).map(route -> dynamicTest(route.path(), () -> {
            var response = sam.session().post(params.fill(route.path()), form("body", "x", "tag", "x"));
            assertNotEquals(403, response.status(), response.describe());
            assertNotEquals(401, response.status(), response.describe());
        }));
    }

    private Stream<DynamicTest> pages(Person person) {
        return consoleRoutes().stream().filter(route -> !route.changesState()).map(route -> dynamicTest(route.path(), () -> {
            var response = person.session().get(params.fill(route.path()));
            assertEquals(200, response.status(), response.describe());
        }));
    }

    private Stream<DynamicTest> refused(Person person) {
        return consoleRoutes().stream().map(route -> dynamicTest(route.method() + " " + route.path(), () -> {
            var path = params.fill(route.path());
            var before = DbSnapshot.take(app);
            Response response = route.changesState()
                    ? person.session().post(path, form("body", "Taken over", "assignee", String.valueOf(person.id()),
                            "status", "closed", "tag", "owned", "title", "x", "other", "1", "action", "close",
                            "ids", String.valueOf(workspace.supportConversationId())))
                    : person.session().get(path);
            assertEquals(403, response.status(), response.describe());
            before.assertUnchangedIn(DbSnapshot.take(app), route.method() + " " + path + " by " + person.name());
        }));
    }

    private static List<RouteTable.Route> consoleRoutes() {
        return app.routes().stream().filter(route -> route.path().startsWith("/admin/support")).toList();
    }
}
