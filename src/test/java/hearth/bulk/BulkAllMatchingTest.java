package hearth.bulk;

import static hearth.testing.Fixtures.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Org;
import hearth.testing.Forms;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Select all N matching": every row the filter matches, and no other, changed in batches in the
 * background with a progress page; at most 10,000 rows; deletes confirmed first; undone exactly.
 */
class BulkAllMatchingTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static int orgs;

    HttpSession ann;
    Org org;
    String tasks;

    @BeforeAll
    static void people() {
        acme = Fixtures.acme(app);
    }

    @BeforeEach
    void anOrgOfItsOwn() {
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Matching " + (++orgs));
        tasks = org.path() + "/tasks";
    }

    @Test
    void allMatchingChangesEveryMatchingTaskInBatchesAndNoOther() {
        seed(1200, "TODO", "HIGH");
        seed(300, "DONE", "HIGH");
        seed(50, "TODO", "LOW");
        var untouchedBefore = state("not (status = 'TODO' and priority = 'HIGH')");
        var filter = "?status=TODO&priority=HIGH&sort=title";
        var list = ann.get(tasks + filter);
        assertTrue(list.document().selectFirst("input[name=scope][value=matching]") != null, list.describe());

        var started = ann.post(Forms.action(list, "form#bulk"), fields("back", tasks + filter, "scope", "matching",
                "action", "priority", "to_priority", "URGENT", "ids", "1"));

        assertEquals(303, started.status(), started.describe());
        assertTrue(started.location().matches(org.path() + "/bulk/[0-9]+\\?back=.*"), started.location());
        assertEquals(tasks + filter, URLDecoder.decode(started.location().split("back=")[1], StandardCharsets.UTF_8));
        var done = waitUntilFinished(started.location());
        assertTrue(done.text().contains("1,200 of 1,200 done"), done.describe());
        assertEquals(1200L, count("status = 'TODO' and priority = 'URGENT'"));
        assertEquals(0L, count("priority = 'HIGH' and status = 'TODO'"));
        assertEquals(untouchedBefore, state("not (status = 'TODO' and priority = 'URGENT')"), "the other tasks are untouched");
        assertEquals(1200L, app.queryOne(Long.class, "select sum(jsonb_array_length(b.rows)) from bulk_action_batches b join bulk_actions a"
                + " on a.id = b.bulk_action_id where a.org_id = ?", org.id()));
    }

    @Test
    void allMatchingCanBeUndoneExactlyFromItsProgressPage() {
        seed(700, "IN_PROGRESS", "MEDIUM");
        seed(20, "REVIEW", "MEDIUM");
        var before = state("true");
        var list = ann.get(tasks + "?status=IN_PROGRESS");

        var started = ann.post(Forms.action(list, "form#bulk"), fields("scope", "matching", "action", "status",
                "to_status", "DONE"));
        var done = waitUntilFinished(started.location());
        assertNotEquals(before, state("true"));

        var undone = Forms.submit(ann, done, "form[action$=/undo]");

        assertEquals(303, undone.status(), undone.describe());
        assertEquals(before, state("true"), "every task as it was, updated_at included");
        var progress = ann.get(started.location());
        assertTrue(progress.text().contains("This change was undone"), progress.describe());
    }

    @Test
    void moreThanTenThousandMatchingAreRefusedAndExactlyTenThousandAreChanged() {
        seed(10_001, "TODO", "LOW");
        var list = ann.get(tasks + "?priority=LOW");
        var before = DbSnapshot.take(app);

        var refused = ann.post(Forms.action(list, "form#bulk"), fields("scope", "matching", "action", "status", "to_status", "DONE"));

        assertEquals(409, refused.status(), refused.describe());
        assertTrue(refused.text().contains("more than 10,000"), refused.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change of 10,001 matching tasks");

        app.update("delete from tasks where id = (select max(id) from tasks where org_id = ?)", org.id());
        var started = ann.post(Forms.action(list, "form#bulk"), fields("scope", "matching", "action", "status", "to_status", "DONE"));
        assertEquals(303, started.status(), started.describe());
        var done = waitUntilFinished(started.location());
        assertTrue(done.text().contains("10,000 of 10,000 done"), done.describe());
        assertEquals(10_000L, count("status = 'DONE'"));
    }

    @Test
    void aListOfMoreThanTenThousandOffersNoSelectAllMatchingButSaysToNarrowTheFilter() {
        seed(12_000, "TODO", "LOW");
        app.update("insert into customers (org_id, name, status, source) select ?, 'Customer ' || n, 'LEAD', 'OTHER'"
                + " from generate_series(1, 12000) n", org.id());
        app.update("insert into projects (org_id, name, status) select ?, 'Project ' || n, 'ACTIVE'"
                + " from generate_series(1, 12000) n", org.id());
        // Above a thousand a list shows the planner's estimate; fresh statistics put it near the truth.
        app.update("analyze tasks, customers, projects");

        for (var list : List.of(tasks, org.path() + "/customers", org.path() + "/projects")) {
            var page = ann.get(list);

            assertEquals(200, page.status(), page.describe());
            assertTrue(Lists.count(page).matches("about 1[12],[0-9]{3}"), list + " shows " + Lists.count(page));
            assertNull(page.document().selectFirst("input[name=scope][value=matching]"),
                    list + " offers no “select all” the server would refuse: " + page.describe());
            assertTrue(page.document().select("form#bulk").text().contains("narrow the filter to 10,000 or fewer"),
                    list + ": " + page.describe());
        }
    }

    @Test
    void deletingMoreThanTenThousandMatchingIsRefusedWithoutFirstAskingToConfirm() {
        seed(10_001, "TODO", "LOW");
        var list = ann.get(tasks + "?priority=LOW");
        var before = DbSnapshot.take(app);

        var refused = ann.post(Forms.action(list, "form#bulk"), fields("scope", "matching", "action", "delete"));

        assertEquals(409, refused.status(), "no confirmation for a delete that cannot be done: " + refused.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Asking to delete 10,001 tasks");
    }

    @Test
    void deletingAllMatchingAsksForConfirmationAndDeletesOnlyTheMatchingOnes() {
        seed(30, "CANCELLED", "LOW");
        seed(10, "TODO", "LOW");
        var othersBefore = state("status <> 'CANCELLED'");
        var list = ann.get(tasks + "?status=CANCELLED");
        var before = DbSnapshot.take(app);

        var confirm = ann.post(Forms.action(list, "form#bulk"), fields("scope", "matching", "action", "delete"));

        assertEquals(200, confirm.status(), confirm.describe());
        assertTrue(confirm.text().contains("Delete all 30 tasks?"), confirm.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Asking to delete 30 matching tasks");

        var started = Forms.submit(ann, confirm, "form:has(input[name=confirmed])");
        assertEquals(303, started.status(), started.describe());
        waitUntilFinished(started.location());
        assertEquals(30L, count("deleted_at is not null"));
        assertEquals(0L, count("deleted_at is not null and status <> 'CANCELLED'"));
        assertEquals(othersBefore, state("status <> 'CANCELLED'"));
    }

    @Test
    void deletingAllMatchingWhenNothingMatchesIsRefusedWithoutFirstAskingToConfirm() {
        seed(5, "TODO", "LOW");
        var before = DbSnapshot.take(app);

        var response = ann.post(tasks + "/bulk?status=DONE", fields("scope", "matching", "action", "delete"));

        assertEquals(409, response.status(), "no “Delete all 0 tasks?”: " + response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Asking to delete no matching tasks");
    }

    @Test
    void aFilterThatMatchesNothingChangesNothing() {
        seed(5, "TODO", "LOW");
        var before = DbSnapshot.take(app);

        var response = ann.post(tasks + "/bulk?status=DONE", fields("scope", "matching", "action", "status", "to_status", "REVIEW"));

        assertEquals(409, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change of no matching tasks");
    }

    // ---- helpers

    private void seed(int count, String status, String priority) {
        app.update("""
                insert into tasks (org_id, title, status, priority, created_at, updated_at)
                select ?, ? || ' ' || ? || ' ' || n, ?, ?, timestamptz '2026-01-01 10:00:00.5+00' + n * interval '1 second',
                       timestamptz '2026-01-02 11:00:00.25+00' + n * interval '1 millisecond'
                from generate_series(1, ?) n
                """, org.id(), status, priority, status, priority, count);
    }

    private long count(String condition) {
        return app.queryOne(Long.class, "select count(*) from tasks where org_id = ? and " + condition, org.id());
    }

    private List<String> state(String condition) {
        return app.queryList(String.class, "select row(id, status, priority, assignee_id, deleted_at, updated_at)::text"
                + " from tasks where org_id = ? and " + condition + " order by id", org.id());
    }

    /** Polls the progress page, as its htmx trigger does, until the action has finished. */
    private Response waitUntilFinished(String progressPath) {
        var deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var page = ann.get(progressPath);
            assertEquals(200, page.status(), page.describe());
            assertNotNull(page.document().selectFirst("progress"), page.describe());
            if (page.text().contains("Finished.")) {
                return page;
            }
            assertTrue(page.text().contains("Working in batches"), "running or finished: " + page.describe());
            sleep(100);
        }
        return fail("The bulk action did not finish within a minute: " + ann.get(progressPath).describe());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
