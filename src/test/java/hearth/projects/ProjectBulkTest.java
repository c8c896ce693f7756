package hearth.projects;

import static hearth.testing.Fixtures.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hearth.bulk.BulkActions;
import hearth.testing.DbSnapshot;
import hearth.testing.EventStream;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Org;
import hearth.testing.Forms;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk status and owner changes and deletes of projects, with the same limits, all-or-nothing checks and
 * undo as tasks and customers.
 */
class ProjectBulkTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final Instant LAST_MONTH = Instant.parse("2026-01-01T10:00:00.5Z");

    static Acme acme;
    static Globex globex;
    static long globexProject;
    static int orgs;

    HttpSession ann;
    Org org;
    List<Long> ids;

    @BeforeAll
    static void tenants() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        globexProject = Seed.project(app, globex.org(), "Globex's project").insert();
    }

    @BeforeEach
    void anOrgWithSixProjects() {
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Projects " + (++orgs));
        Fixtures.accept(acme.bob(), Fixtures.invite(app, acme.ann(), org, acme.bob().email(), "MEMBER"));
        ids = new ArrayList<>();
        Long[] owners = {null, acme.ann().id(), acme.bob().id()};
        for (int i = 0; i < 6; i++) {
            ids.add(Seed.project(app, org, "Project " + i).status(ProjectStatus.values()[i % 5].name())
                    .owner(owners[i % 3]).updated(LAST_MONTH.plus(Duration.ofMinutes(i))).insert());
        }
    }

    @Test
    void aStatusChangeAndADeleteCanEachBeUndoneExactly() {
        var before = state();

        var changed = bulk(ids.subList(0, 4), "action", "status", "to_status", "COMPLETED");
        assertEquals(303, changed.status(), changed.describe());
        assertEquals(4L, app.queryOne(Long.class, "select count(*) from projects where org_id = ? and status = 'COMPLETED'"
                + " and id = any(?)", org.id(), ids.subList(0, 4).toArray(Long[]::new)));
        Forms.submit(ann, ann.follow(changed), ".toast-undo form");
        assertEquals(before, state());

        var deleted = bulk(ids, "action", "delete", "confirmed", "yes");
        assertEquals(6L, app.queryOne(Long.class, "select count(*) from projects where org_id = ? and deleted_at is not null", org.id()));
        Forms.submit(ann, ann.follow(deleted), ".toast-undo form");
        assertEquals(before, state());
    }

    @Test
    void changesTheBarDoesNotOfferAreRefused() {
        var before = DbSnapshot.take(app);

        assertEquals(400, bulk(ids, "action", "priority", "to_priority", "HIGH").status());
        assertEquals(400, bulk(ids, "action", "status", "to_status", "DONE").status());

        before.assertUnchangedIn(DbSnapshot.take(app), "Bulk project changes that do not exist");
    }

    @Test
    void theBarOffersNobodyAndEachMemberOfTheOrgAsTheNewOwner() {
        var list = ann.get(org.path() + "/projects");

        var offered = list.document().select("form#bulk select[name=to_owner] option").eachAttr("value");

        assertEquals(List.of("none", String.valueOf(acme.ann().id()), String.valueOf(acme.bob().id())), offered, list.describe());
        assertNotNull(list.document().selectFirst("form#bulk button[name=action][value=owner]"), list.describe());
    }

    @Test
    void changingTheOwnerToAMemberAndToNobodyCanEachBeUndoneExactly() {
        var before = state();

        var toBob = bulk(ids.subList(0, 4), "action", "owner", "to_owner", String.valueOf(acme.bob().id()));

        assertEquals(303, toBob.status(), toBob.describe());
        assertEquals(4L, app.queryOne(Long.class, "select count(*) from projects where org_id = ? and id = any(?) and owner_id = ?",
                org.id(), ids.subList(0, 4).toArray(Long[]::new), acme.bob().id()));
        assertEquals(before.subList(4, 6), state().subList(4, 6), "the projects not selected are untouched");
        var page = ann.follow(toBob);
        assertTrue(page.text().contains("Owner → Bob Member on 4 projects"), page.describe());
        assertEquals(303, Forms.submit(ann, page, ".toast-undo form").status());
        assertEquals(before, state(), "each project's own owner back, null included, and updated_at as it was");

        var toNobody = bulk(ids, "action", "owner", "to_owner", "none");

        assertEquals(303, toNobody.status(), toNobody.describe());
        assertEquals(6L, app.queryOne(Long.class, "select count(*) from projects where org_id = ? and owner_id is null", org.id()));
        assertEquals(303, Forms.submit(ann, ann.follow(toNobody), ".toast-undo form").status());
        assertEquals(before, state());
    }

    @Test
    void anOwnerChangeLogsEachProjectAndTheChangeAsAWhole() {
        bulk(ids.subList(0, 3), "action", "owner", "to_owner", String.valueOf(acme.ann().id()));

        assertEquals(ids.subList(0, 3), app.queryList(Long.class, "select entity_id from activity where org_id = ?"
                + " and action = 'bulk update' and entity_type = 'project' and summary = 'Owner → Ann Owner (bulk)'"
                + " order by entity_id", org.id()));
        assertEquals(List.of("Owner → Ann Owner on 3 projects"), app.queryList(String.class, "select summary from activity"
                + " where org_id = ? and action = 'bulk' and entity_type = 'project' and entity_id is null", org.id()));
    }

    @Test
    void anOwnerFromOutsideTheOrgIsRefusedWithAClearMessageAndNothingChanges() {
        var before = DbSnapshot.take(app);

        for (var stranger : List.of(globex.gus().id(), 999_999_999L)) {
            var response = bulk(ids, "action", "owner", "to_owner", String.valueOf(stranger));

            assertEquals(400, response.status(), response.describe());
            assertTrue(response.text().contains("Choose a member of this organization."), response.describe());
        }
        before.assertUnchangedIn(DbSnapshot.take(app), "Giving projects to Gus of Globex, or to nobody known");
    }

    @Test
    void anOwnerChangeWithAForeignOrDeletedProjectInTheSelectionChangesNothing() {
        var deleted = Seed.project(app, org, "Deleted").deleted(LAST_MONTH).insert();
        for (var odd : List.of(globexProject, deleted)) {
            var selection = new ArrayList<>(ids);
            selection.add(2, odd);
            var before = DbSnapshot.take(app);

            var response = bulk(selection, "action", "owner", "to_owner", String.valueOf(acme.bob().id()));

            assertEquals(409, response.status(), response.describe());
            assertTrue(response.text().contains("1 of the selected projects no longer exist or are not in this organization"),
                    response.describe());
            before.assertUnchangedIn(DbSnapshot.take(app), "An owner change with project " + odd + " among them");
        }
    }

    @Test
    void aHundredAndOneProjectsAreTooManyForAnOwnerChange() {
        var selection = new ArrayList<Long>();
        for (int i = 0; i < 101; i++) {
            selection.add(Seed.project(app, org, "Many " + i).insert());
        }
        var before = DbSnapshot.take(app);

        var response = bulk(selection, "action", "owner", "to_owner", String.valueOf(acme.bob().id()));

        assertEquals(413, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "An owner change of 101 projects");
    }

    @Test
    void anOwnerChangeOfAllMatchingRunsInBatchesAndUndoRestoresEachPreviousOwner() {
        app.update("""
                insert into projects (org_id, name, status, owner_id, updated_at)
                select ?, 'Matching ' || n, case when n % 10 = 0 then 'ON_HOLD' else 'ACTIVE' end,
                       case n % 3 when 0 then null when 1 then ? else ? end,
                       timestamptz '2026-01-02 11:00:00.25+00' + n * interval '1 millisecond'
                from generate_series(1, 700) n
                """, org.id(), acme.ann().id(), acme.bob().id());
        var active = app.queryOne(Long.class, "select count(*) from projects where org_id = ? and status = 'ACTIVE'", org.id());
        assertTrue(active > BulkActions.BATCH, "more than one batch: " + active);
        var others = state("status <> 'ACTIVE'");
        var before = state("true");
        var list = ann.get(org.path() + "/projects?status=ACTIVE");

        var started = ann.post(Forms.action(list, "form#bulk"), fields("scope", "matching", "action", "owner",
                "to_owner", String.valueOf(acme.bob().id())));

        assertEquals(303, started.status(), started.describe());
        var done = waitUntilFinished(started.location());
        assertTrue(done.text().contains(String.format("%,d of %,d done", active, active)), done.describe());
        assertEquals(active, app.queryOne(Long.class, "select count(*) from projects where org_id = ? and status = 'ACTIVE'"
                + " and owner_id = ?", org.id(), acme.bob().id()));
        assertEquals(others, state("status <> 'ACTIVE'"), "the projects the filter does not match are untouched");

        assertEquals(303, Forms.submit(ann, done, "form[action$=/undo]").status());
        assertEquals(before, state("true"), "every project's previous owner, and updated_at, back");
    }

    @Test
    void anOwnerChangeReachesTheOrgsProjectListsLiveAndNoOtherOrgs() {
        var gus = globex.gus().session();
        try (var bobs = EventStream.open(app, acme.bob().session(), "topic=org:" + org.id() + ":projects");
             var guss = EventStream.open(app, gus, "topic=org:" + globex.org().id() + ":projects")) {
            bobs.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));
            guss.await(e -> e.event().equals("hello"), Duration.ofSeconds(5));

            bulk(ids.subList(0, 2), "action", "owner", "to_owner", String.valueOf(acme.bob().id()));

            var pushed = bobs.await(e -> e.event().equals("fragment"), Duration.ofSeconds(5));
            for (var id : ids.subList(0, 2)) {
                assertTrue(pushed.data().contains("<tr id=\"project-" + id + "\""), pushed.data());
            }
            assertTrue(pushed.data().contains("Bob Member"), pushed.data());
            assertEquals(List.of(), guss.drainEvents(Duration.ofMillis(400)), "nothing for Globex");
        }
    }

    @Test
    void anotherOrgsProjectInTheSelectionChangesNothing() {
        var selection = new ArrayList<>(ids);
        selection.add(globexProject);
        var before = DbSnapshot.take(app);

        var response = bulk(selection, "action", "delete", "confirmed", "yes");

        assertEquals(409, response.status(), response.describe());
        assertTrue(response.text().contains("Nothing was changed"));
        before.assertUnchangedIn(DbSnapshot.take(app), "Deleting projects with Globex's among them");
    }

    private List<String> state() {
        return state("true");
    }

    private List<String> state(String condition) {
        return app.queryList(String.class, "select row(id, status, owner_id, deleted_at, updated_at, name)::text"
                + " from projects where org_id = ? and " + condition + " order by id", org.id());
    }

    /** Polls the progress page, as its htmx trigger does, until the action has finished. */
    private Response waitUntilFinished(String progressPath) {
        var deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var page = ann.get(progressPath);
            assertEquals(200, page.status(), page.describe());
            if (page.text().contains("Finished.")) {
                return page;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return fail("The bulk action did not finish within a minute: " + ann.get(progressPath).describe());
    }

    private Response bulk(List<Long> selection, String... namesAndValues) {
        ann.get(org.path() + "/projects");
        var form = new ArrayList<>(fields(namesAndValues));
        selection.forEach(id -> form.add(Map.entry("ids", String.valueOf(id))));
        return ann.post(org.path() + "/projects/bulk", form);
    }
}
