package hearth.projects;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Org;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A project's progress is the share of its live tasks that are done, in whole percent. */
class ProjectProgressTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static int orgs;

    HttpSession ann;
    Org org;

    @BeforeAll
    static void people() {
        acme = Fixtures.acme(app);
    }

    @BeforeEach
    void anOrgOfItsOwn() {
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Progress " + (++orgs));
    }

    @Test
    void progressIsTheShareOfDoneTasksCancelledOnesIncludedDeletedOnesNot() {
        var project = project("Quarter", "TODO", "DONE", "CANCELLED", "IN_PROGRESS");
        Seed.task(app, org, "deleted, done").project(project).status("DONE").deleted(Instant.now()).insert();
        Seed.task(app, org, "deleted, to do").project(project).status("TODO").deleted(Instant.now()).insert();

        assertProgress(project, 25, "1 of 4 tasks done");
    }

    @Test
    void aProjectWithoutTasksHasNoProgressAndAllDoneIsAHundred() {
        assertProgress(project("Empty"), 0, "0 of 0 tasks done");
        assertProgress(project("Finished", "DONE", "DONE"), 100, "2 of 2 tasks done");
        assertProgress(project("A third", "DONE", "TODO", "REVIEW"), 33, "1 of 3 tasks done");
        assertProgress(project("Two thirds", "DONE", "DONE", "TODO"), 66, "2 of 3 tasks done");
    }

    @Test
    void anotherProjectsOrAnotherOrgsTasksDoNotCount() {
        var project = project("Mine", "DONE", "TODO");
        project("Other", "DONE", "DONE", "DONE");
        var elsewhere = Fixtures.createOrg(app, acme.ann(), "Progress elsewhere " + orgs);
        Seed.task(app, elsewhere, "not this org's").status("TODO").insert();

        assertProgress(project, 50, "1 of 2 tasks done");
    }

    @Test
    void progressFollowsTheTasksAsTheyMoveAndAreDeleted() {
        var project = project("Moving", "TODO", "TODO", "TODO", "TODO");
        var tasks = app.queryList(Long.class, "select id from tasks where project_id = ? order by id", project);

        ann.get(org.path() + "/tasks/" + tasks.get(0));
        assertEquals(303, ann.post(org.path() + "/tasks/" + tasks.get(0) + "/move", form("status", "DONE")).status());
        assertProgress(project, 25, "1 of 4 tasks done");

        assertEquals(303, ann.post(org.path() + "/tasks/" + tasks.get(1) + "/deletion").status());
        assertProgress(project, 33, "1 of 3 tasks done");
    }

    @Test
    void theListShowsProgressAndSortsByIt() {
        var half = project("Half", "DONE", "TODO");
        var none = project("None", "TODO");
        var all = project("All", "DONE");
        var empty = project("Empty");

        var page = ann.get(org.path() + "/projects?sort=progress&dir=desc");
        assertEquals(List.of(all, half, empty, none), Lists.rowIds(page, "project"), "ties broken by id, the same way");
        assertEquals("50%", page.document().selectFirst("#project-" + half + " .project-progress .muted").text());
        var ascending = ann.get(org.path() + "/projects?sort=progress&dir=asc");
        assertEquals(List.of(none, empty, half, all), Lists.rowIds(ascending, "project"));
        var pages = ann.get(org.path() + "/projects?sort=progress&dir=asc&size=25");
        assertEquals(List.of(none, empty, half, all), Lists.rowIds(pages, "project"));
    }

    // ---- helpers

    private long project(String name, String... taskStatuses) {
        var project = Seed.project(app, org, name).insert();
        for (var status : taskStatuses) {
            Seed.task(app, org, name + " task").project(project).status(status).insert();
        }
        return project;
    }

    private void assertProgress(long project, int percent, String doneOf) {
        var page = ann.get(org.path() + "/projects/" + project);
        assertEquals(200, page.status(), page.describe());
        var progress = page.document().selectFirst(".facts .project-progress");
        assertNotNull(progress, page.describe());
        assertEquals(String.valueOf(percent), progress.selectFirst("progress").attr("value"));
        assertEquals(percent + "%", progress.selectFirst(".muted").text());
        assertEquals(doneOf, progress.attr("title"));
        var row = listRow(project);
        assertTrue(row.contains(percent + "%"), "the list shows it too: " + row);
    }

    private String listRow(long project) {
        Response list = ann.get(org.path() + "/projects?size=100");
        var row = list.document().selectFirst("#project-" + project);
        assertNotNull(row, list.describe());
        return row.text();
    }
}
