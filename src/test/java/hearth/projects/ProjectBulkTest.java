package hearth.projects;

import static hearth.testing.Fixtures.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbSnapshot;
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

/** Bulk status changes and deletes of projects; nothing else is offered. */
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
        ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(Seed.project(app, org, "Project " + i).status(ProjectStatus.values()[i % 5].name())
                    .updated(LAST_MONTH.plus(Duration.ofMinutes(i))).insert());
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
    void onlyStatusAndDeleteAreOffered() {
        var before = DbSnapshot.take(app);

        assertEquals(400, bulk(ids, "action", "owner", "to_owner", String.valueOf(acme.ann().id())).status());
        assertEquals(400, bulk(ids, "action", "status", "to_status", "DONE").status());

        before.assertUnchangedIn(DbSnapshot.take(app), "Bulk project changes that do not exist");
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
        return app.queryList(String.class, "select row(id, status, deleted_at, updated_at, name)::text"
                + " from projects where org_id = ? order by id", org.id());
    }

    private Response bulk(List<Long> selection, String... namesAndValues) {
        ann.get(org.path() + "/projects");
        var form = new ArrayList<>(fields(namesAndValues));
        selection.forEach(id -> form.add(Map.entry("ids", String.valueOf(id))));
        return ann.post(org.path() + "/projects/bulk", form);
    }
}
