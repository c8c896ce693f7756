package hearth.projects;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The project form: checked on the server, refused with the message next to the field and the input kept. */
class ProjectFormTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static long customer;
    static long deletedCustomer;
    static long globexCustomer;

    record Invalid(String field, String value, String message) {}

    @BeforeAll
    static void customers() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        customer = Seed.customer(app, acme.org(), "Initech").insert();
        deletedCustomer = Seed.customer(app, acme.org(), "Gone Ltd").deleted(Instant.now()).insert();
        globexCustomer = Seed.customer(app, globex.org(), "Globex's customer").insert();
    }

    static Map<String, String> valid() {
        return form("name", "Website relaunch", "description", "New CMS, new design",
                "customer", String.valueOf(customer), "status", "ACTIVE", "start", "2026-03-01", "due", "2026-06-30",
                "owner", String.valueOf(acme.bob().id()));
    }

    @Test
    void aValidProjectIsCreatedWithEveryFieldAsTyped() {
        var response = ann.post("/o/acme/projects", valid());

        assertEquals(303, response.status(), response.describe());
        assertTrue(response.location().matches("/o/acme/projects/[0-9]+"), response.location());
        var id = Long.parseLong(response.location().substring("/o/acme/projects/".length()));
        assertEquals("(\"Website relaunch\",\"New CMS, new design\"," + customer + ",ACTIVE,2026-03-01,2026-06-30,"
                        + acme.bob().id() + ")",
                app.queryOne(String.class, "select row(name, description, customer_id, status, start_date, due_date,"
                        + " owner_id)::text from projects where id = ?", id));
        var page = ann.follow(response);
        assertEquals("Website relaunch", page.document().selectFirst("h1").text());
        assertTrue(page.text().contains("Initech"), "the customer is shown");
    }

    @Test
    void aDueDateOnTheStartDateIsFine() {
        var typed = new LinkedHashMap<>(valid());
        typed.put("due", "2026-03-01");
        assertEquals(303, ann.post("/o/acme/projects", typed).status());
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidFieldIsRefusedWithItsMessageAndTheInputKept() {
        var project = Seed.project(app, acme.org(), "Edit me").insert();
        return Stream.of("/o/acme/projects", "/o/acme/projects/" + project).flatMap(path -> invalidInputs().stream()
                .map(invalid -> dynamicTest(path + ": " + invalid.field() + " = " + abbreviate(invalid.value()), () -> {
                    var typed = new LinkedHashMap<>(valid());
                    typed.put(invalid.field(), invalid.value());
                    ann.get("/o/acme/projects/new");
                    var before = DbSnapshot.take(app);

                    var response = ann.post(path, typed);

                    assertEquals(422, response.status(), response.describe());
                    assertEquals(invalid.message(), response.fieldError(invalid.field()), response.describe());
                    for (var field : List.of("name", "description", "start", "due")) {
                        assertEquals(typed.get(field), response.inputValue(field), field + " kept");
                    }
                    for (var field : List.of("status", "customer", "owner")) {
                        if (!field.equals(invalid.field())) {
                            assertEquals(typed.get(field), selected(response, field), field + " kept");
                        }
                    }
                    before.assertUnchangedIn(DbSnapshot.take(app), "A refused project form");
                })));
    }

    @Test
    void aProjectWhoseCustomerWasDeletedCanStillBeEditedAsItIs() {
        var gone = Seed.customer(app, acme.org(), "Former customer").insert();
        var project = Seed.project(app, acme.org(), "Left behind").customer(gone).insert();
        app.update("update customers set deleted_at = now() - interval '1 day' where id = ?", gone);

        var edit = ann.get("/o/acme/projects/" + project + "/edit");
        assertEquals(String.valueOf(gone), selected(edit, "customer"), "the form shows the project's customer");
        var typed = new LinkedHashMap<String, String>();
        for (var field : hearth.testing.Forms.fields(edit, "form.stack")) {
            typed.put(field.getKey(), field.getValue());
        }
        typed.put("name", "Left behind, renamed");

        var saved = ann.post("/o/acme/projects/" + project, typed);

        assertEquals(null, saved.fieldError("customer"), "the customer was not changed, so it needs no choosing again");
        assertEquals(303, saved.status(), "only the name changed: " + saved.describe());
    }

    @Test
    void aNewProjectFromACustomerOlderThanTheCustomersOfferedKeepsThatCustomer() {
        var org = Fixtures.createOrg(app, acme.ann(), "Many customers");
        var old = Seed.customer(app, org, "The oldest customer").updated(Instant.parse("2020-01-01T00:00:00Z")).insert();
        app.update("""
                insert into customers (org_id, name, status, source, updated_at)
                select ?, 'Recent customer ' || n, 'LEAD', 'OTHER', now() from generate_series(1, 500) n
                """, org.id());

        var form = ann.get(org.path() + "/projects/new?customer=" + old);

        assertEquals(String.valueOf(old), selected(form, "customer"), "the form is for the customer it was opened from");
        var typed = new LinkedHashMap<String, String>();
        for (var field : hearth.testing.Forms.fields(form, "form.stack")) {
            typed.put(field.getKey(), field.getValue());
        }
        var refused = ann.post(org.path() + "/projects", typed);
        assertEquals(422, refused.status(), "no name yet: " + refused.describe());
        assertEquals(String.valueOf(old), selected(refused, "customer"), "the form shown again keeps the customer");

        typed.put("name", "Renewal");
        var created = ann.post(org.path() + "/projects", typed);

        assertEquals(303, created.status(), created.describe());
        assertEquals(old, app.queryOne(Long.class, "select customer_id from projects where org_id = ? and name = 'Renewal'", org.id()));
    }

    @Test
    void aNewProjectFormOpenedWithAnotherOrgsOrADeletedCustomerOffersNeither() {
        for (var foreign : List.of(globexCustomer, deletedCustomer)) {
            var form = ann.get("/o/acme/projects/new?customer=" + foreign);

            assertEquals(200, form.status(), form.describe());
            var customers = form.document().select("select[name=customer] option").eachAttr("value");
            assertTrue(!customers.contains(String.valueOf(foreign)), customers.toString());
            assertEquals(null, selected(form, "customer"), "nothing is chosen for it: " + customers);
            assertTrue(!form.text().contains("Globex's customer") && !form.text().contains("Gone Ltd"), form.describe());
        }
    }

    static List<Invalid> invalidInputs() {
        return List.of(
                new Invalid("name", "", "Name is required."),
                new Invalid("name", "p".repeat(201), "Name must be at most 200 characters."),
                new Invalid("description", "d".repeat(10_001), "Description must be at most 10,000 characters."),
                new Invalid("status", "DONE", "Choose a valid status."),
                new Invalid("customer", String.valueOf(globexCustomer), "Choose a customer from the list."),
                new Invalid("customer", String.valueOf(deletedCustomer), "Choose a customer from the list."),
                new Invalid("customer", "x", "Choose a customer from the list."),
                new Invalid("owner", String.valueOf(globex.gus().id()), "Choose a member of this organization."),
                new Invalid("start", "tomorrow", "Enter a date like 2026-12-31."),
                new Invalid("due", "2026-02-28", "The due date cannot be before the start date."));
    }

    static String selected(Response response, String name) {
        var option = response.document().selectFirst("select[name=" + name + "] option[selected]");
        return option == null ? null : option.attr("value");
    }

    static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "… (" + value.length() + ")" : "“" + value + "”";
    }
}
