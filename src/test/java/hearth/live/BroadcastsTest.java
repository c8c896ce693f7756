package hearth.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hearth.testing.TestDatabase;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task change's events, written by one statement: the tasks' event first, then its projects' (present and former). */
class BroadcastsTest {
    private TestDatabase.Created database;
    private Jdbi jdbi;
    private long org;
    private long inbox;
    private long garden;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabase.get().create();
        jdbi = Jdbi.create(database.jdbcUrl());
        jdbi.useHandle(handle -> {
            org = handle.createQuery("insert into organizations (name, slug) values ('Acme', 'acme') returning id").mapTo(Long.class).one();
            inbox = project(handle, "Inbox");
            garden = project(handle, "Garden");
        });
    }

    @AfterEach
    void dropDatabase() {
        TestDatabase.get().drop(database.name());
    }

    @Test
    void aTaskOutsideAnyProjectAnnouncesOnlyTheTasks() {
        var task = task(null);
        jdbi.useTransaction(handle -> Broadcasts.tasksChanged(handle, org, List.of(task)));
        assertEquals(List.of(Topics.tasks(org) + " task.changed [" + task + "]"), events());
    }

    @Test
    void theTasksProjectsAndFormerProjectsFollowTheTasksEventOnce() {
        var a = task(inbox);
        var b = task(inbox);
        var c = task(null);
        jdbi.useTransaction(handle -> Broadcasts.tasksChanged(handle, org, List.of(a, b, c), garden, inbox, null));
        assertEquals(List.of(
                Topics.tasks(org) + " task.changed [" + a + ", " + b + ", " + c + "]",
                Topics.projects(org) + " project.changed " + List.of(inbox, garden)), events());
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() {
        var task = task(inbox);
        try {
            jdbi.useTransaction(handle -> {
                Broadcasts.tasksChanged(handle, org, List.of(task));
                throw new IllegalStateException("the change failed after its broadcast");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertEquals(List.of(), events());
    }

    private long project(Handle handle, String name) {
        return handle.createQuery("insert into projects (org_id, name, status) values (:org, :name, 'ACTIVE') returning id")
                .bind("org", org).bind("name", name).mapTo(Long.class).one();
    }

    private long task(Long project) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        insert into tasks (org_id, project_id, title, status, priority)
                        values (:org, :project, 'Water the plants', 'TODO', 'LOW') returning id""")
                .bind("org", org).bind("project", project).mapTo(Long.class).one());
    }

    /** Each event as "topic type ids", in id order; a project event's ids sorted, since a set has no order. */
    private List<String> events() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select topic || ' ' || type || ' ' ||
                               (select '[' || string_agg(id::text, ', ' order by case when type = 'project.changed' then id::bigint end, n) || ']'
                                from jsonb_array_elements_text(payload -> 'ids') with ordinality as i(id, n))
                        from events where org_id = :org order by id""")
                .bind("org", org).mapTo(String.class).list());
    }
}
