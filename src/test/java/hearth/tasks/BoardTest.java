package hearth.tasks;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The boards over HTTP: the same filters as the list, columns in board order, the cap, and tenancy. */
class BoardTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Fixtures.Acme acme;
    static Fixtures.Globex globex;
    static long website;
    static long mobile;
    static long globexProject;

    @BeforeAll
    static void tasksInTwoProjectsAndAnotherOrg() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        website = project(acme.ann(), acme.org(), "Website relaunch");
        mobile = project(acme.ann(), acme.org(), "Mobile app");
        globexProject = project(globex.gus(), globex.org(), "Globex secret plan");
        task(acme.ann(), acme.org(), "Draft the announcement", "TODO", "HIGH", website);
        task(acme.ann(), acme.org(), "Audit image sizes", "TODO", "LOW", website);
        task(acme.ann(), acme.org(), "Design onboarding", "IN_PROGRESS", "HIGH", mobile);
        task(acme.ann(), acme.org(), "Write release notes", "REVIEW", "MEDIUM", null);
        task(globex.gus(), globex.org(), "Globex confidential task", "TODO", "HIGH", globexProject);
    }

    @Test
    void theOrgBoardShowsEveryStatusAsAColumnWithItsCardsInBoardOrder() {
        var page = acme.bob().session().get(acme.org().path() + "/board");

        assertEquals(200, page.status());
        assertEquals(List.of("TODO", "IN_PROGRESS", "REVIEW", "DONE", "CANCELLED"), columns(page));
        assertEquals(List.of("Draft the announcement", "Audit image sizes"), titles(page, "TODO"));
        assertEquals("2", count(page, "TODO"));
        assertEquals("0", count(page, "DONE"));
        var card = card(page, "Draft the announcement");
        assertEquals("TODO", card.attr("data-status"));
        assertEquals("card-" + card.attr("data-task-id"), card.id());
        assertEquals("Website relaunch", card.selectFirst(".board-card-project").text());
        assertFalse(page.text().contains("Globex"), "another org's tasks and projects must not show");
    }

    @Test
    void theStatusFilterChoosesTheColumnsAndTheOtherFiltersChooseTheCards() {
        var page = acme.ann().session().get(acme.org().path() + "/board?status=TODO&status=REVIEW&priority=HIGH&priority=MEDIUM");

        assertEquals(List.of("TODO", "REVIEW"), columns(page));
        assertEquals(List.of("Draft the announcement"), titles(page, "TODO"));
        assertEquals(List.of("Write release notes"), titles(page, "REVIEW"));

        var searched = acme.ann().session().get(acme.org().path() + "/board?q=audit");
        assertEquals(List.of("Audit image sizes"), titles(searched, "TODO"));
        assertEquals(List.of(), titles(searched, "IN_PROGRESS"));

        var byProject = acme.ann().session().get(acme.org().path() + "/board?project=" + mobile);
        assertEquals(List.of(), titles(byProject, "TODO"));
        assertEquals(List.of("Design onboarding"), titles(byProject, "IN_PROGRESS"));
    }

    @Test
    void theBoardAndTheListLinkToEachOtherWithTheSameFilters() {
        var page = acme.ann().session().get(acme.org().path() + "/board?priority=HIGH&q=draft");
        assertNotNull(page.document().selectFirst("a[href='" + acme.org().path() + "/tasks?priority=HIGH&q=draft']"),
                "the board links to the list with its filters");
        var moveBack = page.document().selectFirst("#" + card(page, "Draft the announcement").id()
                + " [data-board-order] input[name=back]");
        assertTrue(moveBack.val().startsWith(acme.org().path() + "/board?priority=HIGH&q=draft#card-"), moveBack.val());
    }

    @Test
    void aProjectBoardShowsOnlyThatProjectsTasksUnderItsName() {
        var page = acme.bob().session().get(acme.org().path() + "/projects/" + website + "/board");

        assertEquals(200, page.status());
        assertEquals("Website relaunch", page.document().selectFirst("h1").text());
        assertEquals(List.of("Draft the announcement", "Audit image sizes"), titles(page, "TODO"));
        assertEquals(List.of(), titles(page, "IN_PROGRESS"));
        assertEquals(List.of(), titles(page, "REVIEW"));
        // The URL's project filter cannot widen a project board to another project.
        var widened = acme.bob().session().get(acme.org().path() + "/projects/" + website + "/board?project=" + mobile);
        assertEquals(List.of(), titles(widened, "IN_PROGRESS"));
    }

    @Test
    void anotherOrgsProjectOrAMissingOneIsNotFound() {
        var session = acme.ann().session();
        assertEquals(404, session.get(acme.org().path() + "/projects/" + globexProject + "/board").status());
        assertEquals(404, session.get(acme.org().path() + "/projects/999999/board").status());
        var foreign = session.get(acme.org().path() + "/projects/" + globexProject + "/board");
        assertFalse(foreign.text().contains("Globex secret plan"), foreign.text());
    }

    @Test
    void aMemberOfAnotherOrgGetsNotFound() {
        assertEquals(404, globex.gus().session().get(acme.org().path() + "/board").status());
        assertEquals(404, globex.gus().session().get(acme.org().path() + "/projects/" + website + "/board").status());
    }

    @Test
    void aFullColumnShowsTwoHundredCardsAndLinksToTheListForTheRest() {
        var org = Fixtures.createOrg(app, acme.ann(), "Busy");
        // Enough rows to overflow a column; through SQL, since 250 form posts would only slow the test.
        app.update("""
                insert into tasks (org_id, title, status, priority, position, created_by)
                select ?, 'Task ' || n, 'TODO', 'LOW', n * 1024, ? from generate_series(1, 250) n
                """, org.id(), acme.ann().id());

        var page = acme.ann().session().get(org.path() + "/board");

        assertEquals(Board.CARDS_PER_COLUMN, titles(page, "TODO").size());
        assertEquals("Task 1", titles(page, "TODO").get(0));
        assertEquals("250", count(page, "TODO"));
        var more = page.document().selectFirst("[data-status=TODO] .board-more");
        assertEquals("50 more — open the list", more.text());
        assertEquals(org.path() + "/tasks?status=TODO", more.attr("href"));
    }

    @Test
    void aCardsMoveLinkLeadsToAStatusSelectThatReturnsToTheBoard() {
        var board = acme.bob().session().get(acme.org().path() + "/board?priority=HIGH");
        var link = board.document().selectFirst("#" + card(board, "Design onboarding").id() + " [data-board-move-open]");

        var page = acme.bob().session().get(link.attr("href"));

        assertEquals(200, page.status());
        assertEquals("Move “Design onboarding”", page.document().selectFirst("h1").text());
        var form = page.document().selectFirst("form[action$=/move]");
        assertEquals(acme.org().path() + "/tasks/" + taskId("Design onboarding") + "/move", form.attr("action"));
        assertEquals("IN_PROGRESS", form.selectFirst("select[name=status] option[selected]").val());
        assertEquals(acme.org().path() + "/board?priority=HIGH#card-" + taskId("Design onboarding"),
                form.selectFirst("input[name=back]").val());
    }

    @Test
    void theMovePageReturnsOnlyToPagesOfThisSite() {
        var path = acme.org().path() + "/tasks/" + taskId("Audit image sizes") + "/move?back=";
        for (var back : List.of("https://evil.test/", "//evil.test/", "")) {
            var page = acme.ann().session().get(path + URLEncoder.encode(back, StandardCharsets.UTF_8));
            assertEquals(acme.org().path() + "/board", page.document().selectFirst("input[name=back]").val(), back);
        }
    }

    @Test
    void anotherOrgsTaskHasNoMovePage() {
        var globexTask = taskId("Globex confidential task");
        var page = acme.ann().session().get(acme.org().path() + "/tasks/" + globexTask + "/move");
        assertEquals(404, page.status());
        assertFalse(page.text().contains("Globex confidential task"));
    }

    @Test
    void aMoveFromTheBoardsFormReturnsToTheBoard() {
        task(acme.ann(), acme.org(), "Book the venue", "REVIEW", "URGENT", null);
        var id = taskId("Book the venue");
        var back = acme.org().path() + "/board?priority=URGENT#card-" + id;
        var response = acme.ann().session().post(acme.org().path() + "/tasks/" + id + "/move",
                form("status", "DONE", "back", back));

        assertEquals(303, response.status());
        assertEquals(back, response.location());
        var page = acme.ann().session().follow(response);
        assertEquals(List.of("Book the venue"), titles(page, "DONE"));
        assertEquals(List.of(), titles(page, "REVIEW"));
    }

    // ---- helpers

    private static long project(Fixtures.Person owner, Fixtures.Org org, String name) {
        var response = owner.session().post(org.path() + "/projects", form("name", name, "description", "",
                "customer", "", "status", "ACTIVE", "start", "", "due", "", "owner", ""));
        assertEquals(303, response.status(), response.describe());
        return Long.parseLong(response.location().substring((org.path() + "/projects/").length()));
    }

    private static long taskId(String title) {
        return app.queryOne(Long.class, "select id from tasks where title = ?", title);
    }

    private static void task(Fixtures.Person who, Fixtures.Org org, String title, String status, String priority,
                             Long project) {
        var response = who.session().post(org.path() + "/tasks", form("title", title, "description", "", "status", status,
                "priority", priority, "project", project == null ? "" : project.toString(), "assignee", "", "due", ""));
        assertEquals(303, response.status(), response.describe());
    }

    private static List<String> columns(Response page) {
        return page.document().select("[data-column]").eachAttr("data-status");
    }

    private static List<String> titles(Response page, String status) {
        return page.document().select("[data-column][data-status=" + status + "] .board-card-title").eachText();
    }

    private static String count(Response page, String status) {
        return page.document().selectFirst("[data-column][data-status=" + status + "] [data-count]").text();
    }

    private static Element card(Response page, String title) {
        return page.document().select(".board-card").stream()
                .filter(card -> card.selectFirst(".board-card-title").text().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("No card " + title));
    }
}
