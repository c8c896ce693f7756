package hearth.tasks;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task form: checked on the server, refused with the message next to the field and the input kept. */
class TaskFormTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static long project;
    static long deletedProject;
    static long globexProject;

    /** A bad value for one field and the message it should get. */
    record Invalid(String field, String value, String message) {}

    @BeforeAll
    static void projects() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        project = Seed.project(app, acme.org(), "Apollo").insert();
        deletedProject = Seed.project(app, acme.org(), "Deleted project").deleted(Instant.now()).insert();
        globexProject = Seed.project(app, globex.org(), "Globex project").insert();
    }

    static Map<String, String> valid() {
        return form("title", "Write the quarterly report", "description", "Numbers for Q3, with charts",
                "project", String.valueOf(project), "status", "IN_PROGRESS", "priority", "HIGH",
                "assignee", String.valueOf(acme.bob().id()), "due", "2026-12-31");
    }

    @Test
    void aValidTaskIsCreatedWithEveryFieldAsTyped() {
        var response = ann.post("/o/acme/tasks", valid());

        assertEquals(303, response.status(), response.describe());
        assertTrue(response.location().matches("/o/acme/tasks/[0-9]+"), response.location());
        var id = Long.parseLong(response.location().substring("/o/acme/tasks/".length()));
        assertEquals("(\"Write the quarterly report\",\"Numbers for Q3, with charts\"," + project + ",IN_PROGRESS,HIGH,"
                        + acme.bob().id() + ",2026-12-31," + acme.ann().id() + ")",
                app.queryOne(String.class, "select row(title, description, project_id, status, priority, assignee_id,"
                        + " due_date, created_by)::text from tasks where id = ?", id));
        var page = ann.follow(response);
        assertEquals("Write the quarterly report", page.document().selectFirst("h1").text());
        assertTrue(page.text().contains("Task created."), page.describe());
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidFieldIsRefusedWithItsMessageAndTheInputKept() {
        return invalidInputs().stream().map(invalid -> dynamicTest(invalid.field() + " = " + abbreviate(invalid.value()), () -> {
            var typed = new LinkedHashMap<>(valid());
            typed.put(invalid.field(), invalid.value());
            ann.get("/o/acme/tasks/new");
            var before = DbSnapshot.take(app);

            var response = ann.post("/o/acme/tasks", typed);

            assertEquals(422, response.status(), response.describe());
            assertEquals(invalid.message(), response.fieldError(invalid.field()), response.describe());
            assertKept(response, typed, invalid.field());
            before.assertUnchangedIn(DbSnapshot.take(app), "A refused task form");
        }));
    }

    @Test
    void everyMistakeIsShownAtOnce() {
        var typed = form("title", "", "description", "kept", "project", String.valueOf(globexProject), "status", "NOPE",
                "priority", "HIGH", "assignee", String.valueOf(globex.gus().id()), "due", "soon");
        var before = DbSnapshot.take(app);

        var response = ann.post("/o/acme/tasks", typed);

        assertEquals(422, response.status());
        assertEquals("Title is required.", response.fieldError("title"));
        assertEquals("Choose a project from the list.", response.fieldError("project"));
        assertEquals("Choose a valid status.", response.fieldError("status"));
        assertEquals("Choose a member of this organization.", response.fieldError("assignee"));
        assertEquals("Enter a date like 2026-12-31.", response.fieldError("due"));
        assertNull(response.fieldError("priority"));
        assertEquals("kept", response.inputValue("description"));
        assertEquals("soon", response.inputValue("due"));
        before.assertUnchangedIn(DbSnapshot.take(app), "A form with five mistakes");
    }

    @TestFactory
    Stream<DynamicTest> anEditWithAnInvalidFieldChangesNothing() {
        var task = Seed.task(app, acme.org(), "Edit me").insert();
        return invalidInputs().stream().map(invalid -> dynamicTest(invalid.field() + " = " + abbreviate(invalid.value()), () -> {
            var typed = new LinkedHashMap<>(valid());
            typed.put(invalid.field(), invalid.value());
            ann.get("/o/acme/tasks/" + task + "/edit");
            var before = DbSnapshot.take(app);

            var response = ann.post("/o/acme/tasks/" + task, typed);

            assertEquals(422, response.status(), response.describe());
            assertEquals(invalid.message(), response.fieldError(invalid.field()));
            assertKept(response, typed, invalid.field());
            before.assertUnchangedIn(DbSnapshot.take(app), "A refused task edit");
        }));
    }

    @Test
    void theEditFormShowsTheTaskAsItIs() {
        var created = ann.post("/o/acme/tasks", valid());
        var id = created.location().substring("/o/acme/tasks/".length());

        var edit = ann.get("/o/acme/tasks/" + id + "/edit");

        assertEquals(200, edit.status());
        assertEquals("Write the quarterly report", edit.inputValue("title"));
        assertEquals("Numbers for Q3, with charts", edit.inputValue("description"));
        assertEquals("2026-12-31", edit.inputValue("due"));
        assertEquals("IN_PROGRESS", selected(edit, "status"));
        assertEquals(String.valueOf(acme.bob().id()), selected(edit, "assignee"));
        assertEquals(String.valueOf(project), selected(edit, "project"));
    }

    @Test
    void theFormOffersOnlyThisOrgsProjectsAndMembers() {
        var page = ann.get("/o/acme/tasks/new");

        var projects = page.document().select("select[name=project] option").eachAttr("value");
        var members = page.document().select("select[name=assignee] option").eachAttr("value");
        assertTrue(projects.contains(String.valueOf(project)), projects.toString());
        assertTrue(!projects.contains(String.valueOf(globexProject)), projects.toString());
        assertTrue(!projects.contains(String.valueOf(deletedProject)), projects.toString());
        assertTrue(members.contains(String.valueOf(acme.bob().id())), members.toString());
        assertTrue(!members.contains(String.valueOf(globex.gus().id())), members.toString());
    }

    @Test
    void aTaskWhoseProjectWasDeletedCanStillBeEditedAsItIs() {
        var gone = Seed.project(app, acme.org(), "Cancelled project").insert();
        var task = Seed.task(app, acme.org(), "Left behind").project(gone).insert();
        app.update("update projects set deleted_at = now() - interval '1 day' where id = ?", gone);

        var edit = ann.get("/o/acme/tasks/" + task + "/edit");
        assertEquals(String.valueOf(gone), selected(edit, "project"), "the form shows the task's project");
        var typed = new LinkedHashMap<String, String>();
        for (var field : hearth.testing.Forms.fields(edit, "form.stack")) {
            typed.put(field.getKey(), field.getValue());
        }
        typed.put("title", "Left behind, renamed");

        var saved = ann.post("/o/acme/tasks/" + task, typed);

        assertNull(saved.fieldError("project"), "the project was not changed, so it needs no choosing again");
        assertEquals(303, saved.status(), "only the title changed: " + saved.describe());
        assertEquals("Left behind, renamed", app.queryOne(String.class, "select title from tasks where id = ?", task));
    }

    @Test
    void aNewTaskFromAProjectOlderThanTheProjectsOfferedKeepsThatProject() {
        var org = Fixtures.createOrg(app, acme.ann(), "Many projects");
        var old = Seed.project(app, org, "The oldest project").updated(Instant.parse("2020-01-01T00:00:00Z")).insert();
        app.update("""
                insert into projects (org_id, name, status, updated_at)
                select ?, 'Recent project ' || n, 'ACTIVE', now() from generate_series(1, 500) n
                """, org.id());

        var form = ann.get(org.path() + "/tasks/new?project=" + old);

        assertEquals(String.valueOf(old), selected(form, "project"), "the form is for the project it was opened from");
        var typed = new LinkedHashMap<String, String>();
        for (var field : hearth.testing.Forms.fields(form, "form.stack")) {
            typed.put(field.getKey(), field.getValue());
        }
        var refused = ann.post(org.path() + "/tasks", typed);
        assertEquals(422, refused.status(), "no title yet: " + refused.describe());
        assertEquals(String.valueOf(old), selected(refused, "project"), "the form shown again keeps the project");

        typed.put("title", "Follow up");
        var created = ann.post(org.path() + "/tasks", typed);

        assertEquals(303, created.status(), created.describe());
        assertEquals(old, app.queryOne(Long.class, "select project_id from tasks where org_id = ? and title = 'Follow up'", org.id()));
    }

    @Test
    void aNewTaskFormOpenedWithAnotherOrgsOrADeletedProjectOffersNeither() {
        for (var foreign : List.of(globexProject, deletedProject)) {
            var form = ann.get("/o/acme/tasks/new?project=" + foreign);

            assertEquals(200, form.status(), form.describe());
            var projects = form.document().select("select[name=project] option").eachAttr("value");
            assertTrue(!projects.contains(String.valueOf(foreign)), projects.toString());
            assertNull(selected(form, "project"), "nothing is chosen for it: " + projects);
            assertTrue(!form.text().contains("Globex project") && !form.text().contains("Deleted project"), form.describe());
        }
    }

    static List<Invalid> invalidInputs() {
        return List.of(
                new Invalid("title", "", "Title is required."),
                new Invalid("title", "   ", "Title is required."),
                new Invalid("title", "x".repeat(201), "Title must be at most 200 characters."),
                new Invalid("description", "y".repeat(10_001), "Description must be at most 10,000 characters."),
                new Invalid("status", "FINISHED", "Choose a valid status."),
                new Invalid("priority", "", "Choose a valid priority."),
                new Invalid("project", "abc", "Choose a project from the list."),
                new Invalid("project", String.valueOf(globexProject), "Choose a project from the list."),
                new Invalid("project", String.valueOf(deletedProject), "Choose a project from the list."),
                new Invalid("assignee", String.valueOf(globex.gus().id()), "Choose a member of this organization."),
                new Invalid("assignee", "1 or 1=1", "Choose a member of this organization."),
                new Invalid("due", "31/12/2026", "Enter a date like 2026-12-31."),
                new Invalid("due", "2026-02-30", "Enter a date like 2026-12-31."));
    }

    /** What was typed into the text fields is still there; the select fields keep what they could. */
    static void assertKept(Response response, Map<String, String> typed, String invalidField) {
        for (var field : List.of("title", "description", "due")) {
            assertEquals(typed.get(field), response.inputValue(field), field + " kept");
        }
        for (var field : List.of("status", "priority", "project", "assignee")) {
            if (!field.equals(invalidField)) {
                assertEquals(typed.get(field), selected(response, field), field + " kept");
            }
        }
    }

    static String selected(Response response, String name) {
        var option = response.document().selectFirst("select[name=" + name + "] option[selected]");
        return option == null ? null : option.attr("value");
    }

    static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "… (" + value.length() + ")" : "“" + value + "”";
    }
}
