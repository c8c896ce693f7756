package hearth.admin;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.PathParams;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AI model catalogue in /admin: only platform admins see or change it; the form is checked on the server. */
class ModelCatalogueTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Person ada;
    Acme acme;
    HttpSession admin;
    /** A seeded model: Claude 3 Haiku through OpenRouter, from the Basic plan. */
    long haiku;

    record Invalid(String field, String value, String message) {}

    @BeforeEach
    void buildFixtures() {
        ada = Fixtures.admin(app);
        acme = Fixtures.acme(app);
        admin = ada.session();
        haiku = app.queryOne(Long.class, "select id from ai_models where model_id = 'anthropic/claude-3-haiku'");
    }

    static Map<String, String> valid() {
        return form("provider", "anthropic", "model_id", "claude-3-5-haiku-latest", "display_name", "Claude 3.5 Haiku",
                "class", "FAST", "context_window", "200000", "input_price", "0.8", "output_price", "4.0125",
                "min_plan", "BASIC", "enabled", "on");
    }

    @TestFactory
    Stream<DynamicTest> anOrgOwnerAndAMemberAreForbiddenOnEveryModelRoute() {
        var params = new PathParams().with("{id}", haiku);
        var routes = app.routes().stream().filter(route -> route.path().startsWith("/admin/models")).toList();
        assertEquals(8, routes.size(), routes.toString());
        return routes.stream().map(route -> dynamicTest(route.method() + " " + route.path(), () -> {
            var path = params.fill(route.path());
            for (var person : List.of(acme.ann(), acme.bob())) {
                var before = DbSnapshot.take(app);
                var response = route.changesState() ? person.session().post(path, valid()) : person.session().get(path);
                assertEquals(403, response.status(), response.describe());
                before.assertUnchangedIn(DbSnapshot.take(app), person.name() + "'s " + route.method() + " " + path);
            }
        }));
    }

    @Test
    void thePlatformAdminSeesEverySeededModel() {
        var page = admin.get("/admin/models");

        assertEquals(200, page.status(), page.describe());
        var rows = page.document().select("tbody tr");
        assertEquals(8, rows.size(), page.describe());
        var row = page.document().getElementById("model-" + haiku);
        assertEquals(List.of("Claude 3 Haiku OpenRouter · anthropic/claude-3-haiku", "Fast", "200,000", "$0.25 / $1.25",
                "Basic"), row.select("td").eachText().subList(0, 5));
        assertTrue(row.text().contains("Enabled"), row.text());
    }

    @Test
    void theAdminPageLinksToTheCatalogueAndThePlans() {
        var page = admin.get("/admin").document();

        assertFalse(page.select("a[href=/admin/models]").isEmpty());
        assertFalse(page.select("a[href=/admin/plans]").isEmpty());
    }

    @Test
    void aPlatformAdminAddsAModel() {
        assertEquals(200, admin.get("/admin/models/new").status());

        var response = admin.post("/admin/models", valid());

        assertEquals(303, response.status(), response.describe());
        assertEquals("/admin/models", response.location());
        assertEquals("(anthropic,claude-3-5-haiku-latest,\"Claude 3.5 Haiku\",FAST,200000,0.8000,4.0125,BASIC,t)",
                row("model_id = 'claude-3-5-haiku-latest'"));
        var list = admin.follow(response);
        assertTrue(list.text().contains("Claude 3.5 Haiku was added to the catalogue."), list.describe());
        assertTrue(list.text().contains("claude-3-5-haiku-latest"), list.describe());
    }

    @Test
    void aModelAddedWithoutTheEnabledBoxIsDisabled() {
        var typed = new LinkedHashMap<>(valid());
        typed.remove("enabled");

        assertEquals(303, admin.post("/admin/models", typed).status());

        assertEquals(false, app.queryOne(Boolean.class, "select enabled from ai_models where model_id = 'claude-3-5-haiku-latest'"));
    }

    @Test
    void theEditPageShowsTheModelAsItIs() {
        var page = admin.get("/admin/models/" + haiku + "/edit");

        assertEquals(200, page.status(), page.describe());
        assertEquals("anthropic/claude-3-haiku", page.inputValue("model_id"));
        assertEquals("Claude 3 Haiku", page.inputValue("display_name"));
        assertEquals("200000", page.inputValue("context_window"));
        assertEquals("0.25", page.inputValue("input_price"));
        assertEquals("1.25", page.inputValue("output_price"));
        assertEquals("openrouter", selected(page, "provider"));
        assertEquals("FAST", selected(page, "class"));
        assertEquals("BASIC", selected(page, "min_plan"));
        assertTrue(page.document().selectFirst("input[name=enabled]").hasAttr("checked"));
    }

    @Test
    void aPlatformAdminEditsAModel() {
        var typed = new LinkedHashMap<>(valid());
        typed.put("provider", "openrouter");
        typed.put("model_id", "anthropic/claude-3-haiku:beta");
        typed.put("min_plan", "PRO");
        typed.remove("enabled");

        var response = admin.post("/admin/models/" + haiku, typed);

        assertEquals(303, response.status(), response.describe());
        assertEquals("/admin/models", response.location());
        assertEquals("(openrouter,anthropic/claude-3-haiku:beta,\"Claude 3.5 Haiku\",FAST,200000,0.8000,4.0125,PRO,f)",
                row("id = " + haiku));
        assertTrue(admin.follow(response).text().contains("Claude 3.5 Haiku was saved."));
    }

    @Test
    void savingAModelUnchangedKeepsItsOwnProviderAndId() {
        var response = admin.post("/admin/models/" + haiku, form("provider", "openrouter", "model_id", "anthropic/claude-3-haiku",
                "display_name", "Claude 3 Haiku", "class", "FAST", "context_window", "200000", "input_price", "0.25",
                "output_price", "1.25", "min_plan", "BASIC", "enabled", "on"));

        assertEquals(303, response.status(), response.describe());
    }

    @Test
    void aPlatformAdminDisablesAndEnablesAModel() {
        var disabled = admin.post("/admin/models/" + haiku + "/enabled", form("enabled", "false"));

        assertEquals(303, disabled.status(), disabled.describe());
        assertEquals(false, app.queryOne(Boolean.class, "select enabled from ai_models where id = ?", haiku));
        var list = admin.follow(disabled);
        assertTrue(list.text().contains("Claude 3 Haiku is disabled"), list.describe());
        var row = list.document().getElementById("model-" + haiku);
        assertEquals("true", row.selectFirst("form input[name=enabled]").attr("value"), "The row now offers to enable it");

        assertEquals(303, admin.post("/admin/models/" + haiku + "/enabled", form("enabled", "true")).status());
        assertEquals(true, app.queryOne(Boolean.class, "select enabled from ai_models where id = ?", haiku));
    }

    @Test
    void anEnabledValueOtherThanTrueOrFalseIsRefused() {
        var before = DbSnapshot.take(app);

        assertEquals(400, admin.post("/admin/models/" + haiku + "/enabled", form("enabled", "maybe")).status());
        assertEquals(400, admin.post("/admin/models/" + haiku + "/enabled", Map.of()).status());

        before.assertUnchangedIn(DbSnapshot.take(app), "A refused toggle");
    }

    @Test
    void deletingAsksFirstAndSaysWhichConversationsChoseTheModel() {
        var conversation = conversationWith(haiku);

        var confirm = admin.get("/admin/models/" + haiku + "/deletion");

        assertEquals(200, confirm.status(), confirm.describe());
        assertTrue(confirm.text().contains("Delete Claude 3 Haiku?"), confirm.describe());
        assertTrue(confirm.text().contains("One conversation has chosen it"), confirm.describe());
        assertEquals("/admin/models/" + haiku + "/deletion", confirm.document().selectFirst("main form[method=post]").attr("action"));
        assertEquals(1, app.queryOne(Long.class, "select count(*) from ai_models where id = ?", haiku), "Asking deletes nothing");

        var deleted = admin.post("/admin/models/" + haiku + "/deletion", Map.of());

        assertEquals(303, deleted.status(), deleted.describe());
        assertEquals(0, app.queryOne(Long.class, "select count(*) from ai_models where id = ?", haiku));
        assertTrue(admin.follow(deleted).text().contains("Claude 3 Haiku was deleted from the catalogue."));
        assertNull(app.queryOne(Long.class, "select model_id from assistant_conversations where id = ?", conversation),
                "The conversation stays, without a model");
    }

    @Test
    void anUnknownModelIsNotFound() {
        var before = DbSnapshot.take(app);

        assertEquals(404, admin.get("/admin/models/999999/edit").status());
        assertEquals(404, admin.get("/admin/models/999999/deletion").status());
        assertEquals(404, admin.post("/admin/models/999999", valid()).status());
        assertEquals(404, admin.post("/admin/models/999999/enabled", form("enabled", "false")).status());
        assertEquals(404, admin.post("/admin/models/999999/deletion", Map.of()).status());

        before.assertUnchangedIn(DbSnapshot.take(app), "Requests about a model that does not exist");
    }

    @TestFactory
    Stream<DynamicTest> eachInvalidFieldIsRefusedWithItsMessageAndTheInputKept() {
        return Stream.of("/admin/models", "/admin/models/" + haiku).flatMap(path -> invalidInputs().stream()
                .map(invalid -> dynamicTest(path + ": " + invalid.field() + " = " + abbreviate(invalid.value()), () -> {
                    var typed = new LinkedHashMap<>(valid());
                    typed.put(invalid.field(), invalid.value());
                    var before = DbSnapshot.take(app);

                    var response = admin.post(path, typed);

                    assertEquals(422, response.status(), response.describe());
                    assertEquals(invalid.message(), response.fieldError(invalid.field()), response.describe());
                    assertKept(response, typed, invalid.field());
                    before.assertUnchangedIn(DbSnapshot.take(app), "A refused model form");
                })));
    }

    static List<Invalid> invalidInputs() {
        return List.of(
                new Invalid("provider", "mistral", "Choose a valid provider."),
                new Invalid("model_id", "", "Model id is required."),
                new Invalid("model_id", "   ", "Model id is required."),
                new Invalid("model_id", "m".repeat(201), "Model id must be at most 200 characters."),
                new Invalid("display_name", "", "Display name is required."),
                new Invalid("display_name", "d".repeat(101), "Display name must be at most 100 characters."),
                new Invalid("class", "HUGE", "Choose a valid class."),
                new Invalid("context_window", "", "Context window is required."),
                new Invalid("context_window", "0", "Context window must be a whole number from 1 to 2,147,483,647."),
                new Invalid("context_window", "-5", "Context window must be a whole number from 1 to 2,147,483,647."),
                new Invalid("context_window", "128k", "Context window must be a whole number from 1 to 2,147,483,647."),
                new Invalid("context_window", "2147483648", "Context window must be a whole number from 1 to 2,147,483,647."),
                new Invalid("context_window", "1.5", "Context window must be a whole number from 1 to 2,147,483,647."),
                new Invalid("input_price", "", "Input price is required."),
                new Invalid("input_price", "-0.5", "Input price must be a number of 0 or more, like 0.25."),
                new Invalid("input_price", "1e3", "Input price must be a number of 0 or more, like 0.25."),
                new Invalid("input_price", "$3", "Input price must be a number of 0 or more, like 0.25."),
                new Invalid("input_price", "0.12345", "Input price may have at most 4 decimal places."),
                new Invalid("output_price", "100000000", "Output price must be at most 99999999.9999."),
                new Invalid("output_price", "abc", "Output price must be a number of 0 or more, like 0.25."),
                new Invalid("min_plan", "GOLD", "Choose a valid plan."));
    }

    @TestFactory
    Stream<DynamicTest> aDuplicateProviderAndModelIdIsRefusedNextToTheModelId() {
        var duplicate = new LinkedHashMap<>(valid());
        duplicate.put("provider", "groq");
        duplicate.put("model_id", "llama-3.1-8b-instant");
        return Stream.of("/admin/models", "/admin/models/" + haiku).map(path -> dynamicTest(path, () -> {
            var before = DbSnapshot.take(app);

            var response = admin.post(path, duplicate);

            assertEquals(422, response.status(), response.describe());
            assertEquals("The catalogue already has this model id for Groq.", response.fieldError("model_id"));
            assertKept(response, duplicate, null);
            before.assertUnchangedIn(DbSnapshot.take(app), "A duplicate model");
        }));
    }

    @Test
    void theSameModelIdWithAnotherProviderIsAnotherModel() {
        var typed = new LinkedHashMap<>(valid());
        typed.put("provider", "openai");
        typed.put("model_id", "llama-3.1-8b-instant");

        assertEquals(303, admin.post("/admin/models", typed).status());
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        var before = DbSnapshot.take(app);

        assertEquals(403, admin.postWithoutCsrf("/admin/models", valid()).status());
        assertEquals(403, admin.postWithoutCsrf("/admin/models/" + haiku, valid()).status());
        assertEquals(403, admin.postWithoutCsrf("/admin/models/" + haiku + "/enabled", form("enabled", "false")).status());
        assertEquals(403, admin.postWithoutCsrf("/admin/models/" + haiku + "/deletion", Map.of()).status());

        before.assertUnchangedIn(DbSnapshot.take(app), "Model forms without the CSRF token");
    }

    @Test
    void everyFormOnTheCataloguePagesCarriesTheCsrfToken() {
        for (var path : List.of("/admin", "/admin/models", "/admin/models/new", "/admin/models/" + haiku + "/edit",
                "/admin/models/" + haiku + "/deletion", "/admin/plans")) {
            var page = admin.get(path);
            var forms = page.document().select("form[method=post]");
            assertFalse(forms.isEmpty(), path);
            for (var postForm : forms) {
                assertEquals(admin.csrfToken(), postForm.select("input[name=_csrf]").val(), path + ": " + postForm.attr("action"));
            }
        }
    }

    private void assertKept(Response response, Map<String, String> typed, String invalidField) {
        for (var field : List.of("model_id", "display_name", "context_window", "input_price", "output_price")) {
            assertEquals(typed.get(field), response.inputValue(field), field + " kept");
        }
        for (var field : List.of("provider", "class", "min_plan")) {
            if (!field.equals(invalidField)) {
                assertEquals(typed.get(field), selected(response, field), field + " kept");
            }
        }
        assertEquals(typed.containsKey("enabled"), response.document().selectFirst("input[name=enabled]").hasAttr("checked"));
    }

    private long conversationWith(long modelId) {
        return app.queryOne(Long.class, "insert into assistant_conversations (org_id, user_id, model_id) values (?, ?, ?) returning id",
                acme.org().id(), acme.bob().id(), modelId);
    }

    private static String row(String where) {
        return app.queryOne(String.class, "select row(provider, model_id, display_name, class, context_window, input_price,"
                + " output_price, min_plan, enabled)::text from ai_models where " + where);
    }

    static String selected(Response response, String name) {
        var option = response.document().selectFirst("select[name=" + name + "] option[selected]");
        return option == null ? null : option.attr("value");
    }

    static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "… (" + value.length() + ")" : "“" + value + "”";
    }
}
