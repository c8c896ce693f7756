package hearth.customers;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The customer form: checked on the server, refused with the message next to the field and the input kept. */
class CustomerFormTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;
    static Globex globex;
    static HttpSession ann;

    record Invalid(String field, String value, String message) {}

    @BeforeAll
    static void people() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
    }

    static Map<String, String> valid() {
        return form("name", "Zoë Ångström", "email", "zoe@example.com", "phone", "+44 (20) 7946-0958",
                "company", "Ångström & Co", "status", "PROSPECT", "source", "REFERRAL",
                "owner", String.valueOf(acme.bob().id()), "notes", "Met at the fair; wants a demo");
    }

    @Test
    void aValidCustomerIsCreatedWithEveryFieldAsTyped() {
        var response = ann.post("/o/acme/customers", valid());

        assertEquals(303, response.status(), response.describe());
        assertTrue(response.location().matches("/o/acme/customers/[0-9]+"), response.location());
        var id = Long.parseLong(response.location().substring("/o/acme/customers/".length()));
        assertEquals("(\"Zoë Ångström\",zoe@example.com,\"+44 (20) 7946-0958\",\"Ångström & Co\",PROSPECT,REFERRAL,"
                        + acme.bob().id() + ",\"Met at the fair; wants a demo\")",
                app.queryOne(String.class, "select row(name, email, phone, company, status, source, owner_id, notes)::text"
                        + " from customers where id = ?", id));
        assertEquals("Zoë Ångström", ann.follow(response).document().selectFirst("h1").text());
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidFieldIsRefusedWithItsMessageAndTheInputKept() {
        var customer = Seed.customer(app, acme.org(), "Edit me").insert();
        return Stream.of("/o/acme/customers", "/o/acme/customers/" + customer).flatMap(path -> invalidInputs().stream()
                .map(invalid -> dynamicTest(path + ": " + invalid.field() + " = " + abbreviate(invalid.value()), () -> {
                    var typed = new LinkedHashMap<>(valid());
                    typed.put(invalid.field(), invalid.value());
                    ann.get("/o/acme/customers/new");
                    var before = DbSnapshot.take(app);

                    var response = ann.post(path, typed);

                    assertEquals(422, response.status(), response.describe());
                    assertEquals(invalid.message(), response.fieldError(invalid.field()), response.describe());
                    for (var field : List.of("name", "email", "phone", "company", "notes")) {
                        assertEquals(typed.get(field), response.inputValue(field), field + " kept");
                    }
                    for (var field : List.of("status", "source", "owner")) {
                        if (!field.equals(invalid.field())) {
                            assertEquals(typed.get(field), selected(response, field), field + " kept");
                        }
                    }
                    before.assertUnchangedIn(DbSnapshot.take(app), "A refused customer form");
                })));
    }

    static List<Invalid> invalidInputs() {
        return List.of(
                new Invalid("name", "", "Name is required."),
                new Invalid("name", "n".repeat(201), "Name must be at most 200 characters."),
                new Invalid("email", "not-an-email", "Enter an email address like name@example.com."),
                new Invalid("email", "two@@example.com", "Enter an email address like name@example.com."),
                new Invalid("phone", "call me", "Enter a phone number: digits, spaces and + ( ) - . / only, at most 40."),
                new Invalid("phone", "1".repeat(41), "Enter a phone number: digits, spaces and + ( ) - . / only, at most 40."),
                new Invalid("company", "c".repeat(201), "Company must be at most 200 characters."),
                new Invalid("status", "VIP", "Choose a valid status."),
                new Invalid("source", "tv", "Choose a valid source."),
                new Invalid("owner", String.valueOf(globex.gus().id()), "Choose a member of this organization."),
                new Invalid("owner", "me", "Choose a member of this organization."),
                new Invalid("notes", "z".repeat(10_001), "Notes must be at most 10,000 characters."));
    }

    static String selected(Response response, String name) {
        var option = response.document().selectFirst("select[name=" + name + "] option[selected]");
        return option == null ? null : option.attr("value");
    }

    static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "… (" + value.length() + ")" : "“" + value + "”";
    }
}
