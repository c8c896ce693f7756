package hearth.tasks;

import static hearth.testing.Eventually.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Above 1,000 matches the list shows an estimate and says so; up to 1,000 the exact number. */
class TaskCountTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Acme acme;

    @BeforeAll
    static void fifteenHundredTasks() {
        acme = Fixtures.acme(app);
        app.update("""
                insert into tasks (org_id, title, status, priority, created_at, updated_at)
                select ?, 'Generated task ' || n, case when n <= 1000 then 'TODO' else 'DONE' end, 'LOW',
                       now() - n * interval '1 minute', now() - n * interval '1 minute'
                from generate_series(1, 1500) n
                """, acme.org().id());
        app.update("analyze tasks");
    }

    @Test
    void aboveTheThresholdTheCountIsAnEstimateAndSaysSo() {
        var page = list("");
        var count = Lists.count(page);

        assertTrue(count.startsWith("about "), count);
        var estimate = Long.parseLong(count.substring("about ".length()).replace(",", ""));
        assertTrue(estimate > 1000, "the estimate is above the threshold: " + count);
        assertTrue(page.text().contains("(estimated)"), page.describe());
    }

    @Test
    void exactlyAtTheThresholdTheCountIsExact() {
        var page = list("status=TODO");
        assertEquals("1,000", Lists.count(page));
        assertFalse(page.text().contains("estimated"));
    }

    @Test
    void belowTheThresholdTheCountIsExact() {
        assertEquals("500", Lists.count(list("status=DONE")));
        assertEquals("112", Lists.count(list("q=" + "generated+task+1" + "&status=TODO")),
                "1, 10–19, 100–199, 1000");
    }

    @Test
    void selectAllMatchingOffersTheCountShown() {
        var page = list("status=DONE");
        var selectAll = page.document().selectFirst("label.bulk-all");
        assertTrue(selectAll != null && selectAll.text().contains("Select all 500 matching"), page.describe());
    }

    @Test
    void aPageDeepInTheListIsReachedByFollowingNext() {
        var page = list("size=100&sort=created&dir=desc");
        var seen = 0;
        var pages = 1;
        seen += Lists.rowIds(page, "task").size();
        while (Lists.next(page) != null) {
            page = acme.ann().session().get(Lists.next(page));
            seen += Lists.rowIds(page, "task").size();
            pages++;
        }
        assertEquals(1500, seen);
        assertEquals(15, pages);
        assertEquals("1,401–1,500", page.document().selectFirst(".pager-range").text());
    }

    @Test
    void aListOverTheThresholdAMomentAgoIsNotCountedAgainAndShowsItsExactCountOnceUnder() {
        var globex = Fixtures.globex(app);
        app.update("""
                insert into tasks (org_id, title, status, priority, created_at, updated_at)
                select ?, 'Globex task ' || n, 'TODO', 'LOW', now(), now() from generate_series(1, 1100) n
                """, globex.org().id());
        var path = globex.org().path() + "/tasks";
        assertTrue(Lists.count(globex.gus().session().get(path)).startsWith("about "));

        app.update("delete from tasks where org_id = ? and title in (select 'Globex task ' || n from generate_series(1, 200) n)",
                globex.org().id());
        assertTrue(Lists.count(globex.gus().session().get(path)).startsWith("about "),
                "Over the threshold a moment ago: the estimate is shown without reading 1,001 rows again");
        var started = System.nanoTime();
        waitFor(() -> "900".equals(Lists.count(globex.gus().session().get(path))));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "exact again within seconds");
        assertEquals("900", Lists.count(globex.gus().session().get(path)), "Under the threshold the count is exact again");
    }

    private static Response list(String query) {
        var page = acme.ann().session().get("/o/acme/tasks" + (query.isEmpty() ? "" : "?" + query));
        assertEquals(200, page.status(), page.describe());
        return page;
    }
}
