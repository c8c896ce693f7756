package hearth.tasks;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Org;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keyset pages stay correct while others add and delete tasks between one page and the next: the
 * rows that were there are each shown once, in order, and new rows never push one onto the next page
 * twice (what {@code OFFSET} paging would do).
 */
class TaskPagingWhileChangingTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final Instant BASE = Instant.parse("2025-01-01T12:00:00Z");
    static int orgs;

    HttpSession ann;
    Org org;
    String tasks;
    List<Long> existing;

    /** Each test pages through an org of its own, so what one test adds is not in another's way. */
    @BeforeEach
    void sixtyTasksAnHourApart() {
        Acme acme = Fixtures.acme(app);
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Paging " + (++orgs));
        tasks = org.path() + "/tasks";
        existing = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            existing.add(Seed.task(app, org, String.format("m%02d existing", i))
                    .created(BASE.plus(Duration.ofHours(i))).updated(BASE.plus(Duration.ofHours(i))).insert());
        }
    }

    @Test
    void newestFirstNewTasksAtTheTopOrInTheMiddleCauseNoDuplicatesAndNoSkips() {
        var page = ann.get(tasks + "?sort=created&dir=desc&size=25");
        var seen = new ArrayList<>(Lists.rowIds(page, "task"));

        // Someone creates tasks through the form: newest, so they belong before the page already seen.
        for (int i = 0; i < 5; i++) {
            createThroughTheForm("new on top " + i);
        }
        // And tasks land among the rows not yet seen, and among those already seen.
        var intoTheRest = Seed.task(app, org, "backdated into page 3")
                .created(BASE.plus(Duration.ofHours(5)).plusSeconds(1)).insert();
        Seed.task(app, org, "backdated into page 1").created(BASE.plus(Duration.ofHours(50)).plusSeconds(1)).insert();

        page = next(page);
        seen.addAll(Lists.rowIds(page, "task"));
        createThroughTheForm("new on top again");
        page = next(page);
        seen.addAll(Lists.rowIds(page, "task"));
        assertEquals(null, Lists.next(page), "the last page");

        var expected = new ArrayList<>(existing);
        java.util.Collections.reverse(expected);
        assertEachOnceInOrder(expected, seen);
        assertTrue(seen.contains(intoTheRest), "a row added further down the order shows when its page is reached");
    }

    @Test
    void byTitleTasksInsertedBeforeAndAfterTheCursorCauseNoDuplicatesAndNoSkips() {
        var page = ann.get(tasks + "?sort=title&dir=asc&size=25");
        var seen = new ArrayList<>(Lists.rowIds(page, "task"));

        createThroughTheForm("a first in the alphabet");
        createThroughTheForm("m10 and a half");
        createThroughTheForm("m40 and a half");
        createThroughTheForm("z last in the alphabet");

        while (Lists.next(page) != null) {
            page = next(page);
            seen.addAll(Lists.rowIds(page, "task"));
        }
        assertEachOnceInOrder(existing, seen);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row twice: " + seen);
    }

    @Test
    void deletingTasksBetweenPagesSkipsNoneOfTheOthers() {
        var page = ann.get(tasks + "?sort=title&dir=asc&size=25");
        var seen = new ArrayList<>(Lists.rowIds(page, "task"));
        var deleted = List.of(existing.get(3), existing.get(24), existing.get(30));
        for (var id : deleted) {
            assertEquals(303, ann.post(tasks + "/" + id + "/deletion").status());
        }

        while (Lists.next(page) != null) {
            page = next(page);
            seen.addAll(Lists.rowIds(page, "task"));
        }
        var expected = new ArrayList<>(existing);
        expected.remove(existing.get(30));
        assertEquals(expected, seen, "every row still there after page 1, once, in order");
    }

    @Test
    void walkingBackAfterInsertsShowsNoRowTwiceOnAPage() {
        var first = ann.get(tasks + "?sort=updated&dir=desc&size=25");
        var second = next(first);
        var third = next(second);
        createThroughTheForm("updated just now");
        Seed.task(app, org, "between pages").updated(BASE.plus(Duration.ofHours(20)).plusSeconds(1)).insert();

        var backToSecond = ann.get(Lists.previous(third));
        var rows = Lists.rowIds(backToSecond, "task");
        assertEquals(rows.size(), new HashSet<>(rows).size());
        assertTrue(rows.containsAll(Lists.rowIds(second, "task").subList(1, 25)), "the rows of page 2 are still there");
        var backToFirst = ann.get(Lists.previous(backToSecond));
        assertNotNull(backToFirst);
        assertEquals(200, backToFirst.status());
    }

    private Response next(Response page) {
        var link = Lists.next(page);
        assertNotNull(link, "a Next link on " + page.uri());
        var next = ann.get(link);
        assertEquals(200, next.status(), next.describe());
        return next;
    }

    private void createThroughTheForm(String title) {
        var response = ann.post(tasks, form("title", title, "description", "", "project", "", "status", "TODO",
                "priority", "MEDIUM", "assignee", "", "due", ""));
        assertEquals(303, response.status(), response.describe());
    }

    /** Every expected row shown exactly once, in the expected order; new rows may appear in between. */
    private static void assertEachOnceInOrder(List<Long> expected, List<Long> seen) {
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row twice: " + seen);
        var existingSeen = seen.stream().filter(expected::contains).toList();
        assertEquals(expected, existingSeen, "every existing row once, in order");
    }
}
