package hearth.activity;

import static hearth.testing.Fixtures.fields;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbFault;
import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Org;
import hearth.testing.Forms;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of change leaves an activity entry, written in the same transaction as the change, and
 * each record's page shows its own history.
 */
class ActivityTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static int orgs;

    HttpSession ann;
    Org org;

    /** One entry as the database holds it. */
    record Entry(String actor, String action, String entityType, Long entityId, String summary) {}

    @BeforeAll
    static void people() {
        acme = Fixtures.acme(app);
    }

    @BeforeEach
    void anOrgOfItsOwn() {
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Logged " + (++orgs));
        Fixtures.accept(acme.bob(), Fixtures.invite(app, acme.ann(), org, acme.bob().email(), "MEMBER"));
    }

    // ---- tasks

    @Test
    void creatingATaskIsLoggedAndShownInItsHistory() {
        var id = createTask("Draft the newsletter");

        assertEquals(List.of(new Entry("Ann Owner", "created", "task", id, "Created “Draft the newsletter”")), entries());
        var page = ann.get(org.path() + "/tasks/" + id);
        assertEquals(List.of("Ann Owner Created “Draft the newsletter”"), history(page));
    }

    @Test
    void anUpdateIsLoggedWithWhatChangedFromWhatToWhat() {
        var id = createTask("Draft the newsletter");

        var response = ann.post(org.path() + "/tasks/" + id, form("title", "Send the newsletter", "description", "Now with pictures",
                "project", "", "status", "DONE", "priority", "HIGH", "assignee", String.valueOf(acme.bob().id()), "due", "2026-12-31"));

        assertEquals(303, response.status(), response.describe());
        var summary = "title: Draft the newsletter → Send the newsletter; status: To do → Done; priority: Medium → High;"
                + " assignee: nobody → Bob Member; due: none → 2026-12-31; description edited";
        assertEquals(new Entry("Ann Owner", "updated", "task", id, summary), entries().get(1));
        var history = history(ann.get(org.path() + "/tasks/" + id));
        assertEquals("Ann Owner " + summary, history.get(0), "newest first");
        assertEquals(2, history.size());
    }

    @Test
    void deletingATaskIsLogged() {
        var id = createTask("Obsolete");

        assertEquals(303, ann.post(org.path() + "/tasks/" + id + "/deletion").status());

        var entries = entries();
        assertTrue(entries.stream().anyMatch(e -> e.action().equals("deleted") && id == e.entityId()
                && e.actor().equals("Ann Owner")), entries.toString());
    }

    @Test
    void movingATaskIsLoggedAndShownInItsHistory() {
        var id = createTask("Move me");
        ann.get(org.path() + "/tasks/" + id);

        var moved = ann.post(org.path() + "/tasks/" + id + "/move", form("status", "REVIEW"));

        assertEquals(303, moved.status(), moved.describe());
        assertEquals(new Entry("Ann Owner", "moved", "task", id, "Moved: To do → Review"), entries().get(1));
        assertEquals("Ann Owner Moved: To do → Review", history(ann.get(org.path() + "/tasks/" + id)).get(0));
    }

    @Test
    void aBulkChangeIsLoggedForEveryTaskAndAsAWholeAndSoIsItsUndo() {
        var ids = List.of(createTask("One"), createTask("Two"), createTask("Three"));
        var bob = acme.bob().session();
        bob.get(org.path() + "/tasks");

        var applied = bob.post(org.path() + "/tasks/bulk", fields("action", "status", "to_status", "DONE",
                "ids", String.valueOf(ids.get(0)), "ids", String.valueOf(ids.get(1)), "ids", String.valueOf(ids.get(2))));
        assertEquals(303, applied.status(), applied.describe());

        var entries = entries();
        for (var id : ids) {
            assertTrue(entries.contains(new Entry("Bob Member", "bulk update", "task", id, "Status → Done (bulk)")), entries.toString());
        }
        assertTrue(entries.contains(new Entry("Bob Member", "bulk", "task", null, "Status → Done on 3 tasks")), entries.toString());
        assertEquals("Bob Member Status → Done (bulk)", history(ann.get(org.path() + "/tasks/" + ids.get(1))).get(0));

        var undone = Forms.submit(bob, bob.follow(applied), ".toast-undo form");
        assertEquals(303, undone.status(), undone.describe());
        entries = entries();
        for (var id : ids) {
            assertTrue(entries.contains(new Entry("Bob Member", "undo", "task", id, "Undid: Status → Done on 3 tasks")),
                    entries.toString());
        }
        assertEquals("Bob Member Undid: Status → Done on 3 tasks", history(ann.get(org.path() + "/tasks/" + ids.get(2))).get(0));
    }

    @Test
    void exportingIsLogged() {
        createTask("Export me");

        var csv = ann.get(org.path() + "/tasks/export.csv?status=TODO");

        assertEquals(200, csv.status(), csv.describe());
        var exported = entries().stream().filter(e -> e.action().equals("exported")).toList();
        assertEquals(1, exported.size(), entries().toString());
        assertEquals("Ann Owner", exported.get(0).actor());
        assertEquals("task", exported.get(0).entityType());
        assertTrue(exported.get(0).summary().startsWith("Exported 1 task as CSV"), exported.get(0).summary());
        assertTrue(exported.get(0).summary().contains("To do"), "it names the filter: " + exported.get(0).summary());
    }

    @Test
    void eachRecordsPageShowsOnlyItsOwnHistory() {
        var first = createTask("First");
        var second = createTask("Second");
        ann.post(org.path() + "/tasks/" + second + "/move", form("status", "DONE"));

        assertEquals(List.of("Ann Owner Created “First”"), history(ann.get(org.path() + "/tasks/" + first)));
        assertEquals(List.of("Ann Owner Moved: To do → Done", "Ann Owner Created “Second”"),
                history(ann.get(org.path() + "/tasks/" + second)));
    }

    // ---- customers and projects

    @Test
    void customersAreLoggedWhenCreatedUpdatedAndDeleted() {
        var created = ann.post(org.path() + "/customers", customer("Initech", "LEAD", ""));
        var id = idFrom(created);
        ann.post(org.path() + "/customers/" + id, customer("Initech Corp", "ACTIVE", String.valueOf(acme.bob().id())));
        var deleted = ann.follow(ann.post(org.path() + "/customers/" + id + "/deletion"));

        var entries = entries();
        assertEquals(new Entry("Ann Owner", "created", "customer", id, "Created “Initech”"), entries.get(0));
        assertEquals(new Entry("Ann Owner", "updated", "customer", id,
                "name: Initech → Initech Corp; status: Lead → Active; owner: nobody → Bob Member"), entries.get(1));
        assertTrue(entries.stream().anyMatch(e -> e.action().equals("deleted") && id == e.entityId()), entries.toString());
        assertEquals(303, Forms.submit(ann, deleted, ".toast-undo form").status(), "undone, to see its page again");
        var history = history(ann.get(org.path() + "/customers/" + id));
        assertEquals("Ann Owner Created “Initech”", history.get(history.size() - 1));
        assertEquals("Ann Owner name: Initech → Initech Corp; status: Lead → Active; owner: nobody → Bob Member",
                history.get(history.size() - 2));
    }

    @Test
    void projectsAreLoggedAndTheirPageShowsTheirHistory() {
        var created = ann.post(org.path() + "/projects", project("Relaunch", "PLANNING", ""));
        var id = idFrom(created);
        ann.post(org.path() + "/projects/" + id, project("Relaunch", "ACTIVE", "2026-09-30"));

        assertEquals(new Entry("Ann Owner", "updated", "project", id, "status: Planning → Active; due: none → 2026-09-30"),
                entries().get(1));
        assertEquals(List.of("Ann Owner status: Planning → Active; due: none → 2026-09-30", "Ann Owner Created “Relaunch”"),
                history(ann.get(org.path() + "/projects/" + id)));
    }

    // ---- in the same transaction

    @Test
    void whenTheEntryCannotBeWrittenTheChangeIsNotMadeEither() {
        var id = createTask("Keep me");
        var before = DbSnapshot.take(app);

        try (var fault = DbFault.failOn(app, "insert", "activity")) {
            assertEquals(500, ann.post(org.path() + "/tasks", task("Never created")).status());
            assertEquals(500, ann.post(org.path() + "/tasks/" + id, task("Never renamed")).status());
            assertEquals(500, ann.post(org.path() + "/tasks/" + id + "/move", form("status", "DONE")).status());
            assertEquals(500, ann.post(org.path() + "/tasks/bulk", fields("action", "priority", "to_priority", "LOW",
                    "ids", String.valueOf(id))).status());
            assertEquals(500, ann.post(org.path() + "/tasks/" + id + "/deletion").status());
        }

        before.assertUnchangedIn(DbSnapshot.take(app), "Changes whose activity entry failed");
    }

    // ---- helpers

    private long createTask(String title) {
        var response = ann.post(org.path() + "/tasks", task(title));
        assertEquals(303, response.status(), response.describe());
        return idFrom(response);
    }

    private static Map<String, String> task(String title) {
        return form("title", title, "description", "", "project", "", "status", "TODO", "priority", "MEDIUM",
                "assignee", "", "due", "");
    }

    private static Map<String, String> customer(String name, String status, String owner) {
        return form("name", name, "email", "", "phone", "", "company", "", "status", status, "source", "OTHER",
                "owner", owner, "notes", "");
    }

    private static Map<String, String> project(String name, String status, String due) {
        return form("name", name, "description", "", "customer", "", "status", status, "start", "", "due", due, "owner", "");
    }

    private static long idFrom(Response created) {
        assertEquals(303, created.status(), created.describe());
        var location = created.location();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** The org's entries, oldest first. */
    private List<Entry> entries() {
        return app.jdbi().withHandle(handle -> handle.createQuery("""
                        select u.name, a.action, a.entity_type, a.entity_id, a.summary
                        from activity a left join users u on u.id = a.actor_id
                        where a.org_id = :org order by a.id
                        """)
                .bind("org", org.id())
                .map((rs, ctx) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4) == null ? null : rs.getLong(4), rs.getString(5)))
                .list());
    }

    /** The history a record's page shows, newest first: who and what. */
    private static List<String> history(Response page) {
        assertEquals(200, page.status(), page.describe());
        assertFalse(page.document().select(".timeline").isEmpty(), "the page shows a history: " + page.describe());
        return page.document().select(".timeline li").stream()
                .map(li -> li.selectFirst(".timeline-who").text() + " " + li.selectFirst(".timeline-what").text())
                .toList();
    }
}
