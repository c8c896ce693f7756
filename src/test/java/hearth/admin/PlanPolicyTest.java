package hearth.admin;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tier policy grid in /admin: each plan's limits per person and per org, blank for unlimited, and its models. */
class PlanPolicyTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Acme acme;
    HttpSession admin;

    @BeforeEach
    void buildFixtures() {
        admin = Fixtures.admin(app).session();
        acme = Fixtures.acme(app);
    }

    /** Every cell of a plan's grid, blank unless given. */
    static Map<String, String> grid(String... namesAndValues) {
        var grid = new LinkedHashMap<String, String>();
        for (var scope : List.of("user", "org")) {
            for (var period : List.of("hour", "day", "month")) {
                grid.put(scope + "_" + period + "_requests", "");
                grid.put(scope + "_" + period + "_tokens", "");
            }
        }
        grid.putAll(form(namesAndValues));
        return grid;
    }

    @Test
    void anOrgOwnerAndAMemberAreForbidden() {
        for (var person : List.of(acme.ann(), acme.bob())) {
            var before = DbSnapshot.take(app);

            assertEquals(403, person.session().get("/admin/plans").status());
            assertEquals(403, person.session().post("/admin/plans/FREE", grid("user_hour_requests", "100000")).status());

            before.assertUnchangedIn(DbSnapshot.take(app), person.name() + " at the plan limits");
        }
    }

    @Test
    void theGridShowsTheSeededLimitsWithBlanksForUnlimited() {
        var page = admin.get("/admin/plans");

        assertEquals(200, page.status(), page.describe());
        var free = plan(page, "free");
        assertEquals("10", cell(free, "user_hour_requests"));
        assertEquals("", cell(free, "user_hour_tokens"), "A null limit is blank");
        assertEquals("100000", cell(free, "user_day_tokens"));
        assertEquals("", cell(free, "org_hour_requests"), "A missing row is blank");
        assertEquals("2000", cell(free, "org_month_requests"));
        assertEquals("500", cell(plan(page, "pro"), "user_hour_requests"));
        var enterprise = plan(page, "enterprise");
        for (var input : enterprise.select("input[type=text]")) {
            assertEquals("", input.val(), "Enterprise is unlimited: " + input.attr("name"));
        }
        assertEquals("/admin/plans/ENTERPRISE", enterprise.selectFirst("form").attr("action"));
    }

    @Test
    void eachPlanListsItsModelsAndThoseOfThePlansBelow() {
        app.update("insert into ai_models (provider, model_id, display_name, class, context_window, min_plan)"
                + " values ('openai', 'o1', 'OpenAI o1', 'POWERFUL', 200000, 'ENTERPRISE')");

        var page = admin.get("/admin/plans");

        assertEquals(List.of("Llama 3.1 8B Instant", "Mixtral 8x7B"), models(page, "free"));
        assertEquals(5, models(page, "basic").size());
        assertTrue(models(page, "basic").containsAll(models(page, "free")));
        assertEquals(8, models(page, "pro").size());
        assertEquals(9, models(page, "enterprise").size(), "Enterprise has every model");
        assertTrue(models(page, "enterprise").contains("OpenAI o1"));
        assertTrue(plan(page, "enterprise").text().contains("OpenAI o1 OpenAI"), "Its provider shows");
    }

    @Test
    void savingAPlanReplacesItsLimitsAndBlankMeansUnlimited() {
        var response = admin.post("/admin/plans/FREE", grid(
                "user_hour_requests", "20",
                "user_day_requests", "0", "user_day_tokens", "250000",
                "org_month_tokens", " 9000000000 "));

        assertEquals(303, response.status(), response.describe());
        assertEquals("/admin/plans#plan-free", response.location());
        assertEquals(List.of("(FREE,user,hour,20,)", "(FREE,user,day,0,250000)", "(FREE,org,month,,9000000000)"),
                quotas("FREE"), "Only limited combinations are rows; a blank cell is a null");
        assertEquals(5, quotas("BASIC").size(), "Other plans keep theirs");
        assertTrue(admin.follow(response).text().contains("The Free plan's limits were saved."));

        var page = admin.get("/admin/plans");
        assertEquals("20", cell(plan(page, "free"), "user_hour_requests"));
        assertEquals("", cell(plan(page, "free"), "user_month_requests"));
    }

    @Test
    void aPlanWithEveryCellBlankIsUnlimited() {
        assertEquals(303, admin.post("/admin/plans/PRO", grid()).status());

        assertEquals(List.of(), quotas("PRO"));
    }

    @Test
    void aPlanWithoutLimitsGetsThem() {
        assertEquals(303, admin.post("/admin/plans/ENTERPRISE", grid("org_day_requests", "100000")).status());

        assertEquals(List.of("(ENTERPRISE,org,day,100000,)"), quotas("ENTERPRISE"));
    }

    @Test
    void anInvalidLimitIsRefusedNextToItsCellWithEverythingTypedKept() {
        var typed = grid("user_hour_requests", "-1", "user_hour_tokens", "lots", "user_day_requests", "1.5",
                "user_day_tokens", "777", "org_day_requests", "2147483648", "org_month_tokens", "99999999999999999999");
        var before = DbSnapshot.take(app);

        var response = admin.post("/admin/plans/BASIC", typed);

        assertEquals(422, response.status(), response.describe());
        var requests = "Requests must be a whole number from 0 to 2,147,483,647.";
        var tokens = "Tokens must be a whole number from 0 to 9,223,372,036,854,775,807.";
        var basic = plan(response, "basic");
        assertEquals(requests, error(response, basic, "user_hour_requests"));
        assertEquals(tokens, error(response, basic, "user_hour_tokens"));
        assertEquals(requests, error(response, basic, "user_day_requests"));
        assertEquals(null, error(response, basic, "user_day_tokens"));
        assertEquals(requests, error(response, basic, "org_day_requests"));
        assertEquals(tokens, error(response, basic, "org_month_tokens"));
        typed.forEach((name, value) -> assertEquals(value, cell(basic, name), name + " kept"));
        assertEquals("10", cell(plan(response, "free"), "user_hour_requests"), "The other plans show what is saved");
        before.assertUnchangedIn(DbSnapshot.take(app), "A refused plan grid");
    }

    @Test
    void anUnknownPlanIsNotFound() {
        var before = DbSnapshot.take(app);

        assertEquals(404, admin.post("/admin/plans/GOLD", grid("user_hour_requests", "1")).status());
        assertEquals(404, admin.post("/admin/plans/free", grid("user_hour_requests", "1")).status());

        before.assertUnchangedIn(DbSnapshot.take(app), "Limits for a plan that does not exist");
    }

    @Test
    void aGridWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        var before = DbSnapshot.take(app);

        var response = admin.postWithoutCsrf("/admin/plans/FREE", grid("user_hour_requests", "100000"));

        assertEquals(403, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A plan grid without the CSRF token");
    }

    private static Element plan(Response page, String key) {
        var section = page.document().getElementById("plan-" + key);
        if (section == null) {
            throw new AssertionError("No plan-" + key + " on the page: " + page.describe());
        }
        return section;
    }

    private static String cell(Element plan, String name) {
        return plan.selectFirst("input[name=" + name + "]").val();
    }

    /** The message a screen reader would read for the cell (see Response.fieldError), within one plan's form. */
    private static String error(Response page, Element plan, String name) {
        var input = plan.selectFirst("input[name=" + name + "]");
        if (!"true".equals(input.attr("aria-invalid"))) {
            return null;
        }
        var described = page.document().getElementById(input.attr("aria-describedby"));
        return described == null ? "(aria-describedby names nothing)" : described.text();
    }

    private static List<String> models(Response page, String key) {
        return plan(page, key).select(".plan-models li").stream().map(li -> li.ownText().trim()).toList();
    }

    private static List<String> quotas(String plan) {
        return app.queryList(String.class, """
                select row(plan, scope, period, requests, tokens)::text from plan_quotas where plan = ?
                order by array_position(array['user', 'org'], scope), array_position(array['hour', 'day', 'month'], period)
                """, plan);
    }
}
