package hearth.bulk;

import static hearth.testing.Fixtures.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Org;
import hearth.testing.Forms;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk changes of selected tasks: at most 100 at a time, all or nothing when any is foreign or gone,
 * deletes only after a confirmation, and an undo that puts back exactly what was there.
 */
class BulkSelectionTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final Instant LAST_WEEK = Instant.parse("2026-01-15T08:30:00.123456Z");

    static Acme acme;
    static Globex globex;
    static long globexTask;
    static int orgs;

    HttpSession ann;
    Org org;
    String tasks;

    @BeforeAll
    static void twoTenants() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        globexTask = Seed.task(app, globex.org(), "Globex's own task").insert();
    }

    /** Each test works in an org of its own, owned by Ann, with Bob as a member. */
    @BeforeEach
    void anOrgOfItsOwn() {
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Bulk " + (++orgs));
        Fixtures.accept(acme.bob(), Fixtures.invite(app, acme.ann(), org, acme.bob().email(), "MEMBER"));
        tasks = org.path() + "/tasks";
    }

    // ---- limits

    @Test
    void aHundredSelectedTasksChangeAtOnce() {
        var ids = seedTasks(101);
        var selected = ids.subList(0, 100);

        var response = bulk(selected, "action", "status", "to_status", "DONE");

        assertEquals(303, response.status(), response.describe());
        assertEquals(100L, app.queryOne(Long.class, "select count(*) from tasks where org_id = ? and status = 'DONE'", org.id()));
        assertEquals("TODO", app.queryOne(String.class, "select status from tasks where id = ?", ids.get(100)));
        var page = ann.follow(response);
        assertTrue(page.text().contains("Status → Done on 100 tasks"), page.describe());
        assertNotNull(page.document().selectFirst(".toast-undo form[action$=/undo]"), "the toast offers to undo");
    }

    @Test
    void aHundredAndOneSelectedTasksAreRefusedAsTooLargeAndNothingChanges() {
        var ids = seedTasks(101);
        var before = DbSnapshot.take(app);

        var response = bulk(ids, "action", "status", "to_status", "DONE");

        assertEquals(413, response.status(), response.describe());
        assertTrue(response.text().contains("at most 100"), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change of 101 tasks");
    }

    @Test
    void aHundredAndOneSelectedTasksAreRefusedForDeletionBeforeAnyConfirmation() {
        var ids = seedTasks(101);
        var before = DbSnapshot.take(app);

        var response = bulk(ids, "action", "delete");

        assertEquals(413, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk delete of 101 tasks");
    }

    @Test
    void theSameIdTwiceCountsOnce() {
        var ids = seedTasks(100);
        var twice = new ArrayList<>(ids);
        twice.add(ids.get(0));

        assertEquals(303, bulk(twice, "action", "priority", "to_priority", "HIGH").status());
        assertEquals(100L, app.queryOne(Long.class, "select count(*) from tasks where org_id = ? and priority = 'HIGH'", org.id()));
    }

    // ---- all or nothing

    @TestFactory
    Stream<DynamicTest> aSelectionWithAForeignOrGoneTaskChangesNothingAndSaysWhy() {
        return Stream.of("another org's task", "a deleted task", "a task that never existed", "another org's task, to delete")
                .map(kind -> dynamicTest(kind, () -> {
                    anOrgOfItsOwn();
                    var ids = new ArrayList<>(seedTasks(3));
                    ids.add(1, switch (kind) {
                        case "a deleted task" -> Seed.task(app, org, "Deleted").deleted(LAST_WEEK).insert();
                        case "a task that never existed" -> 999_999_999L;
                        default -> globexTask;
                    });
                    var delete = kind.endsWith("to delete");
                    var before = DbSnapshot.take(app);

                    var response = delete
                            ? bulk(ids, "action", "delete", "confirmed", "yes")
                            : bulk(ids, "action", "status", "to_status", "CANCELLED");

                    assertEquals(409, response.status(), response.describe());
                    assertTrue(response.text().contains("Nothing was changed"), response.describe());
                    assertTrue(response.text().contains("1 of the selected tasks no longer exist or are not in this organization"),
                            response.describe());
                    assertNotNull(response.document().selectFirst("a[href^=" + tasks + "]"), "a way back to the list");
                    before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change with " + kind);
                }));
    }

    @Test
    void anEmptySelectionChangesNothing() {
        seedTasks(2);
        var before = DbSnapshot.take(app);

        var response = bulk(List.of(), "action", "status", "to_status", "DONE");

        assertEquals(409, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change of no tasks");
    }

    @Test
    void idsThatAreNotNumbersOrValuesThatAreNotChoicesAreRefused() {
        var ids = seedTasks(2);
        var before = DbSnapshot.take(app);

        assertEquals(400, ann.post(tasks + "/bulk", fields("action", "status", "to_status", "DONE",
                "ids", String.valueOf(ids.get(0)), "ids", "1 or 1=1")).status());
        assertEquals(400, bulk(ids, "action", "status", "to_status", "FINISHED").status());
        assertEquals(400, bulk(ids, "action", "priority", "to_priority", "").status());
        assertEquals(400, bulk(ids, "action", "rename").status());
        assertEquals(400, bulk(ids).status());

        before.assertUnchangedIn(DbSnapshot.take(app), "Bulk requests that make no sense");
    }

    @Test
    void assigningToSomeoneOutsideTheOrgIsRefused() {
        var ids = seedTasks(3);
        var before = DbSnapshot.take(app);

        var response = bulk(ids, "action", "assignee", "to_assignee", String.valueOf(globex.gus().id()));

        assertEquals(400, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Assigning tasks to Gus of Globex");
    }

    @Test
    void assigningToAMemberOrToNobodyWorks() {
        var ids = seedTasks(3);

        assertEquals(303, bulk(ids, "action", "assignee", "to_assignee", String.valueOf(acme.bob().id())).status());
        assertEquals(List.of(acme.bob().id(), acme.bob().id(), acme.bob().id()), assignees(ids));

        assertEquals(303, bulk(ids.subList(0, 2), "action", "assignee", "to_assignee", "none").status());
        var after = assignees(ids);
        assertEquals(null, after.get(0));
        assertEquals(null, after.get(1));
        assertEquals(acme.bob().id(), after.get(2));
    }

    @Test
    void afterTheChangeTheBrowserGoesBackToTheListItCameFromButNeverElsewhere() {
        var ids = seedTasks(2);

        var back = bulk(ids, "action", "priority", "to_priority", "LOW", "back", tasks + "?status=TODO&sort=title");
        assertEquals(tasks + "?status=TODO&sort=title", back.location());

        for (var elsewhere : List.of("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)")) {
            var response = bulk(ids, "action", "priority", "to_priority", "HIGH", "back", elsewhere);
            assertEquals(303, response.status(), response.describe());
            assertTrue(response.location().startsWith(tasks), elsewhere + " → " + response.location());
        }
    }

    // ---- deleting

    @Test
    void aBulkDeleteAsksForConfirmationAndChangesNothingUntilConfirmed() {
        var ids = seedTasks(5);
        var selected = ids.subList(1, 4);
        var list = ann.get(tasks);
        var before = DbSnapshot.take(app);

        var confirm = ann.post(Forms.action(list, "form#bulk"), withIds(selected, "action", "delete", "back", tasks));

        assertEquals(200, confirm.status(), confirm.describe());
        assertTrue(confirm.text().contains("Delete 3 tasks?"), confirm.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Asking to delete 3 tasks");

        var confirmed = Forms.submit(ann, confirm, "form:has(input[name=confirmed])");
        assertEquals(303, confirmed.status(), confirmed.describe());
        assertEquals(List.of(ids.get(0), ids.get(4)), live(ids));
        var page = ann.follow(confirmed);
        assertEquals(List.of(ids.get(0), ids.get(4)).stream().sorted().toList(),
                Lists.rowIds(page, "task").stream().sorted().toList());
        assertTrue(page.text().contains("Deleted 3 tasks"), page.describe());
    }

    @Test
    void cancellingTheConfirmationGoesBackAndDeletesNothing() {
        var ids = seedTasks(2);
        var before = DbSnapshot.take(app);

        var confirm = bulk(ids, "action", "delete", "back", tasks + "?status=TODO");
        var cancel = confirm.document().selectFirst("a.button:contains(Cancel)");

        assertNotNull(cancel, confirm.describe());
        assertEquals(tasks + "?status=TODO", cancel.attr("href"));
        assertEquals(200, ann.get(cancel.attr("href")).status());
        before.assertUnchangedIn(DbSnapshot.take(app), "A cancelled bulk delete");
    }

    // ---- undo

    @TestFactory
    Stream<DynamicTest> undoWithinTheWindowRestoresExactlyWhatWasThere() {
        return Stream.of(
                        fields("action", "status", "to_status", "REVIEW"),
                        fields("action", "priority", "to_priority", "URGENT"),
                        fields("action", "assignee", "to_assignee", "BOB"),
                        fields("action", "assignee", "to_assignee", "none"),
                        fields("action", "delete", "confirmed", "yes"))
                .map(change -> dynamicTest(change.toString(), () -> {
                    anOrgOfItsOwn();
                    var ids = seedVariedTasks();
                    var selected = ids.subList(0, 6);
                    var before = state();
                    var form = new ArrayList<Map.Entry<String, String>>();
                    change.forEach(field -> form.add(field.getValue().equals("BOB")
                            ? Map.entry(field.getKey(), String.valueOf(acme.bob().id())) : field));

                    var applied = ann.post(tasks + "/bulk", withIds(selected, form));
                    assertEquals(303, applied.status(), applied.describe());
                    assertNotEquals(before, state(), "the change was made");

                    var page = ann.follow(applied);
                    var undone = Forms.submit(ann, page, ".toast-undo form");
                    assertEquals(303, undone.status(), undone.describe());
                    assertEquals(before, state(), "status, priority, assignee, deleted_at and updated_at as before");
                    assertTrue(ann.follow(undone).text().contains("Undone:"), "the page says it was undone");
                }));
    }

    @Test
    void undoAfterTheWindowIsRefusedAndChangesNothing() {
        var ids = seedVariedTasks();
        var page = ann.follow(bulk(ids, "action", "status", "to_status", "DONE"));
        var action = latestBulkAction();
        app.update("update bulk_actions set undo_until = now() - interval '1 minute' where id = ?", action);
        var before = DbSnapshot.take(app);

        var response = Forms.submit(ann, page, ".toast-undo form");

        assertEquals(409, response.status(), response.describe());
        assertTrue(response.text().contains("Too late to undo"), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A late undo");
    }

    @Test
    void theSavedRowsGoAnHourAfterTheUndoWindowAndTheActionStays() {
        var ids = seedTasks(5);
        bulk(ids.subList(0, 3), "action", "status", "to_status", "DONE");
        var old = latestBulkAction();
        bulk(ids.subList(3, 5), "action", "status", "to_status", "REVIEW");
        var recent = latestBulkAction();
        app.update("update bulk_actions set undo_until = now() - interval '61 minutes' where id = ?", old);

        var pruned = app.jdbi().withHandle(BulkActions::pruneSnapshots);

        assertEquals(1, pruned, "one batch was past its undo by more than an hour");
        assertEquals(0L, savedRows(old));
        assertEquals(2L, savedRows(recent), "an action still within the hour keeps its rows");
        assertEquals("DONE", app.queryOne(String.class, "select state from bulk_actions where id = ?", old));
    }

    private long savedRows(long action) {
        return app.queryOne(Long.class, "select coalesce(sum(jsonb_array_length(rows)), 0) from bulk_action_batches"
                + " where bulk_action_id = ?", action);
    }

    @Test
    void anUndoneActionCannotBeUndoneAgain() {
        var ids = seedVariedTasks();
        var page = ann.follow(bulk(ids, "action", "priority", "to_priority", "LOW"));
        assertEquals(303, Forms.submit(ann, page, ".toast-undo form").status());
        var before = DbSnapshot.take(app);

        var again = Forms.submit(ann, page, ".toast-undo form");

        assertEquals(409, again.status(), again.describe());
        assertTrue(again.text().contains("already undone"), again.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A second undo");
    }

    @Test
    void aMemberOfAnotherOrgCannotSeeOrUndoTheAction() {
        var ids = seedVariedTasks();
        bulk(ids, "action", "status", "to_status", "DONE");
        var action = latestBulkAction();
        var gus = globex.gus().session();
        gus.get("/o/globex/tasks");
        var before = DbSnapshot.take(app);

        for (var path : List.of(org.path() + "/bulk/" + action, "/o/globex/bulk/" + action)) {
            assertEquals(404, gus.get(path).status(), path);
            assertEquals(404, gus.post(path + "/undo").status(), path + "/undo");
        }

        before.assertUnchangedIn(DbSnapshot.take(app), "Gus trying to undo Acme's bulk change");
    }

    @Test
    void deletingOneTaskFromItsPageCanBeUndoneFromTheToast() {
        var ids = seedVariedTasks();
        var before = state();

        var deleted = ann.post(tasks + "/" + ids.get(2) + "/deletion");
        assertEquals(303, deleted.status(), deleted.describe());
        var list = ann.follow(deleted);
        assertTrue(list.text().contains("Deleted “Varied 2”."), list.describe());
        assertEquals(404, ann.get(tasks + "/" + ids.get(2)).status(), "gone");

        assertEquals(303, Forms.submit(ann, list, ".toast-undo form").status());
        assertEquals(before, state());
        assertEquals(200, ann.get(tasks + "/" + ids.get(2)).status(), "back");
    }

    // ---- helpers

    private List<Long> seedTasks(int count) {
        app.update("""
                insert into tasks (org_id, title, status, priority, created_at, updated_at)
                select ?, 'Task ' || n, 'TODO', 'MEDIUM', ?::timestamptz + n * interval '1 second', ?::timestamptz
                from generate_series(1, ?) n
                """, org.id(), LAST_WEEK.toString(), LAST_WEEK.toString(), count);
        return app.queryList(Long.class, "select id from tasks where org_id = ? order by id", org.id());
    }

    /** Ten tasks with every field varied, last updated at different moments last week. */
    private List<Long> seedVariedTasks() {
        var ids = new ArrayList<Long>();
        Long[] assignees = {null, acme.ann().id(), acme.bob().id()};
        for (int i = 0; i < 10; i++) {
            ids.add(Seed.task(app, org, "Varied " + i).status(List.of("TODO", "IN_PROGRESS", "REVIEW", "DONE", "CANCELLED").get(i % 5))
                    .priority(List.of("LOW", "MEDIUM", "HIGH", "URGENT").get(i % 4)).assignee(assignees[i % 3])
                    .updated(LAST_WEEK.plus(Duration.ofMinutes(i)).plusNanos(i * 1000L)).insert());
        }
        return ids;
    }

    /** What bulk changes touch, for every task of the org. */
    private List<String> state() {
        return app.queryList(String.class, """
                select row(id, status, priority, assignee_id, deleted_at, updated_at, title)::text
                from tasks where org_id = ? order by id
                """, org.id());
    }

    private List<Long> live(List<Long> ids) {
        return app.queryList(Long.class, "select id from tasks where org_id = ? and deleted_at is null order by id", org.id())
                .stream().filter(ids::contains).toList();
    }

    private List<Long> assignees(List<Long> ids) {
        var assignees = new ArrayList<Long>();
        for (var id : ids) {
            assignees.add(app.queryOptional(Long.class, "select assignee_id from tasks where id = ?", id).orElse(null));
        }
        return assignees;
    }

    private long latestBulkAction() {
        return app.queryOne(Long.class, "select max(id) from bulk_actions where org_id = ?", org.id());
    }

    private Response bulk(List<Long> ids, String... namesAndValues) {
        ann.get(tasks);
        return ann.post(tasks + "/bulk", withIds(ids, namesAndValues));
    }

    private static List<Map.Entry<String, String>> withIds(List<Long> ids, String... namesAndValues) {
        return withIds(ids, fields(namesAndValues));
    }

    private static List<Map.Entry<String, String>> withIds(List<Long> ids, List<Map.Entry<String, String>> fields) {
        var all = new ArrayList<>(fields);
        ids.forEach(id -> all.add(Map.entry("ids", String.valueOf(id))));
        return all;
    }
}
