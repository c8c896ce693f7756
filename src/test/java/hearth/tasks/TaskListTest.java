package hearth.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The task list's filters, sorts, page sizes and keyset pages, checked against 60 tasks whose every
 * field this test chose. Nothing here changes the data, so the rows are built once for the class.
 */
class TaskListTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final String[] TITLES = {
            "Invoice payment", "Invitation draft", "Straße repair", "Café menu", "Привет мир",
            "Über alles", "Plain chore", "Review notes", "Quarterly report", "Invoice reminder"};
    static final int ROWS = 60;
    static final LocalDate DUE_BASE = LocalDate.of(2026, 1, 1);
    static final Instant CREATED_BASE = Instant.parse("2025-06-01T09:00:00Z");
    static final Instant UPDATED_BASE = Instant.parse("2026-02-01T00:00:00Z");

    /** A task as this test made it. */
    record Row(long id, String title, String description, TaskStatus status, Priority priority, Long assigneeId,
               String assigneeName, Long projectId, String projectName, LocalDate due, Instant created, Instant updated) {

        /** Every word of the title and description, as the search sees them. */
        List<String> words() {
            return List.of((title + " " + description).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        }
    }

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static long apollo;
    static long borealis;
    static long globexProject;
    static final List<Row> rows = new ArrayList<>();

    @BeforeAll
    static void buildTasks() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        var org = acme.org();
        apollo = Seed.project(app, org, "Apollo").insert();
        borealis = Seed.project(app, org, "Borealis").insert();
        Long[] assignees = {null, acme.ann().id(), acme.bob().id()};
        String[] assigneeNames = {null, acme.ann().name(), acme.bob().name()};
        Long[] projects = {null, apollo, borealis, apollo};
        String[] projectNames = {null, "Apollo", "Borealis", "Apollo"};
        for (int i = 0; i < ROWS; i++) {
            var title = String.format("%02d %s", i, TITLES[i % TITLES.length]);
            var description = i == 6 ? "Ask about the invoice" : "";
            var status = TaskStatus.values()[i % 5];
            var priority = Priority.values()[(i / 5) % 4];
            var due = i % 6 == 0 ? null : DUE_BASE.plusDays(i);
            var created = CREATED_BASE.plus(Duration.ofDays(i / 2)).plus(Duration.ofHours(i % 2 * 6));
            var updated = UPDATED_BASE.plus(Duration.ofMinutes((i * 37L) % ROWS));
            var id = Seed.task(app, org, title).description(description).status(status.name())
                    .priority(priority.name()).assignee(assignees[i % 3]).project(projects[i % 4]).due(due)
                    .created(created).updated(updated).insert();
            rows.add(new Row(id, title, description, status, priority, assignees[i % 3], assigneeNames[i % 3],
                    projects[i % 4], projectNames[i % 4], due, created, updated));
        }
        // Never shown: a deleted task, and another org's task that matches every search below.
        Seed.task(app, org, "99 Invoice payment deleted").deleted(Instant.now()).insert();
        globexProject = Seed.project(app, globex.org(), "Globex project").insert();
        Seed.task(app, globex.org(), "98 Invoice payment Straße Café Привет Über")
                .assignee(globex.gus().id()).project(globexProject).insert();
    }

    // ---- filters

    @TestFactory
    Stream<DynamicTest> everyFilterAndCombinationShowsExactlyTheMatchingTasks() {
        var annId = acme.ann().id();
        var bobId = acme.bob().id();
        var cases = new ArrayList<Map.Entry<String, Predicate<Row>>>();
        cases.add(Map.entry("", row -> true));
        cases.add(Map.entry("status=TODO", row -> row.status() == TaskStatus.TODO));
        cases.add(Map.entry("status=TODO&status=DONE", row -> row.status() == TaskStatus.TODO || row.status() == TaskStatus.DONE));
        cases.add(Map.entry("priority=URGENT", row -> row.priority() == Priority.URGENT));
        cases.add(Map.entry("status=REVIEW&priority=LOW&priority=HIGH",
                row -> row.status() == TaskStatus.REVIEW && (row.priority() == Priority.LOW || row.priority() == Priority.HIGH)));
        cases.add(Map.entry("assignee=none", row -> row.assigneeId() == null));
        cases.add(Map.entry("assignee=" + bobId, row -> Long.valueOf(bobId).equals(row.assigneeId())));
        cases.add(Map.entry("assignee=" + annId + "&assignee=none",
                row -> row.assigneeId() == null || Long.valueOf(annId).equals(row.assigneeId())));
        cases.add(Map.entry("project=none", row -> row.projectId() == null));
        cases.add(Map.entry("project=" + apollo + "&project=none&status=IN_PROGRESS",
                row -> (row.projectId() == null || row.projectId() == apollo) && row.status() == TaskStatus.IN_PROGRESS));
        cases.add(Map.entry("project=" + borealis + "&assignee=" + bobId + "&priority=MEDIUM&priority=URGENT",
                row -> Long.valueOf(borealis).equals(row.projectId()) && Long.valueOf(bobId).equals(row.assigneeId())
                        && (row.priority() == Priority.MEDIUM || row.priority() == Priority.URGENT)));
        cases.add(Map.entry("due_from=2026-01-10&due_to=2026-01-20", row -> dueWithin(row, "2026-01-10", "2026-01-20")));
        cases.add(Map.entry("due_from=2026-02-15", row -> dueWithin(row, "2026-02-15", "9999-12-31")));
        cases.add(Map.entry("due_to=2026-01-05", row -> dueWithin(row, "0001-01-01", "2026-01-05")));
        cases.add(Map.entry("created_from=2025-06-03&created_to=2025-06-05", row -> createdWithin(row, "2025-06-03", "2025-06-05")));
        cases.add(Map.entry("created_to=2025-06-01", row -> createdWithin(row, "0001-01-01", "2025-06-01")));
        cases.add(Map.entry("created_from=2025-06-10&due_to=2026-02-10&status=DONE&status=CANCELLED",
                row -> createdWithin(row, "2025-06-10", "9999-12-31") && dueWithin(row, "0001-01-01", "2026-02-10")
                        && (row.status() == TaskStatus.DONE || row.status() == TaskStatus.CANCELLED)));
        cases.add(Map.entry("q=inv", row -> searchMatches(row, "inv")));
        cases.add(Map.entry("q=invoice", row -> searchMatches(row, "invoice")));
        cases.add(Map.entry("q=" + encode("Invoice PAY"), row -> searchMatches(row, "invoice", "pay")));
        cases.add(Map.entry("q=" + encode("inv & ! | ( ) : * 'x"), row -> searchMatches(row, "inv", "x")));
        cases.add(Map.entry("q=inv&assignee=none&status=TODO&status=IN_PROGRESS&status=REVIEW",
                row -> searchMatches(row, "inv") && row.assigneeId() == null && row.status().ordinal() <= 2));
        cases.add(Map.entry("q=" + encode("07"), row -> searchMatches(row, "07")));
        cases.add(Map.entry("q=nothing-like-this", row -> false));
        // Values a list does not know are dropped, never passed on.
        cases.add(Map.entry("status=BOGUS&priority=" + encode("'; drop table tasks; --"), row -> true));
        cases.add(Map.entry("assignee=abc&project=x", row -> true));
        // Another org's people and projects match none of this org's tasks.
        cases.add(Map.entry("assignee=" + globex.gus().id(), row -> false));
        cases.add(Map.entry("project=" + globexProject, row -> false));
        return cases.stream().map(c -> dynamicTest(c.getKey().isEmpty() ? "(no filter)" : c.getKey(), () -> {
            var expected = expectedIds(c.getValue(), "updated", true);
            var page = list(c.getKey() + "&size=100");
            assertEquals(expected, Lists.rowIds(page, "task"), page.describe());
            assertEquals(String.valueOf(expected.size()), Lists.count(page), "the count shown for " + c.getKey());
        }));
    }

    @TestFactory
    Stream<DynamicTest> theSearchFindsWordPrefixesInAnyScriptWhateverTheCase() {
        var cases = Map.of(
                "straße", "Straße", "STRA", "Straße", "café", "Café", "CAF", "Café",
                "привет", "Привет", "ПРИВ", "Привет", "über", "Über", "ÜB", "Über");
        return cases.entrySet().stream().map(c -> dynamicTest("q=" + c.getKey(), () -> {
            var expected = rows.stream().filter(row -> row.title().contains(c.getValue())).map(Row::id).sorted().toList();
            var page = list("q=" + encode(c.getKey()) + "&size=100");
            assertEquals(200, page.status(), page.describe());
            assertEquals(expected, Lists.rowIds(page, "task").stream().sorted().toList(),
                    "Searching “" + c.getKey() + "” should find every task titled with “" + c.getValue() + "”");
        }));
    }

    @Test
    void aFilterThatMatchesNothingSaysSoAndOffersToClearIt() {
        var page = list("q=nothing-like-this&status=DONE");

        assertEquals(200, page.status());
        assertTrue(page.text().contains("No tasks match these filters"), page.describe());
        assertNotNull(page.document().selectFirst("a[href=/o/acme/tasks]"), "a link that clears the filters");
        assertEquals("0", Lists.count(page));
    }

    @Test
    void anHtmxRequestGetsTheResultsWithoutThePageAround() {
        var fragment = ann.htmxGet("/o/acme/tasks?status=DONE&size=100");

        assertEquals(200, fragment.status(), fragment.describe());
        assertFalse(fragment.body().contains("<html"), "a fragment, not a page");
        assertNotNull(fragment.document().getElementById("results"), fragment.describe());
        assertEquals(expectedIds(row -> row.status() == TaskStatus.DONE, "updated", true), Lists.rowIds(fragment, "task"));
    }

    // ---- the URL carries the whole view

    @Test
    void theFilterFormShowsTheStateOfTheUrlAndSubmittingItGivesTheSameView() {
        var url = "status=TODO&status=REVIEW&assignee=none&assignee=" + acme.bob().id() + "&project=none&project=" + apollo
                + "&due_from=2026-01-03&created_to=2025-06-28&q=" + encode("Inv") + "&sort=title&dir=desc&size=25";
        var page = list(url);
        assertEquals(200, page.status(), page.describe());

        assertEquals(List.of("TODO", "REVIEW"), Lists.checked(page, "status"));
        assertEquals(List.of("none", String.valueOf(acme.bob().id())), Lists.checked(page, "assignee"));
        assertEquals(List.of("none", String.valueOf(apollo)), Lists.checked(page, "project"));
        assertEquals(List.of(), Lists.checked(page, "priority"));
        assertEquals("Inv", page.inputValue("q"));
        assertEquals("2026-01-03", page.inputValue("due_from"));
        assertEquals("", page.inputValue("due_to"));
        assertEquals("2025-06-28", page.inputValue("created_to"));
        assertEquals("title", Lists.selected(page, "sort"));
        assertEquals("desc", Lists.selected(page, "dir"));
        assertEquals("25", Lists.selected(page, "size"));

        var resubmitted = ann.get(Lists.submitFilters(page));
        assertEquals(200, resubmitted.status(), resubmitted.describe());
        assertEquals(Lists.rowIds(page, "task"), Lists.rowIds(resubmitted, "task"));
        assertEquals(Lists.submitFilters(page), Lists.submitFilters(resubmitted), "the form round-trips unchanged");
        assertFalse(Lists.rowIds(page, "task").isEmpty(), "the view should show something to compare");
    }

    @Test
    void theSortLinksKeepTheFiltersAndFlipTheDirectionOfTheCurrentSort() {
        var filter = "status=TODO&status=DONE&project=" + borealis + "&project=none";
        Predicate<Row> matches = row -> (row.status() == TaskStatus.TODO || row.status() == TaskStatus.DONE)
                && (row.projectId() == null || row.projectId() == borealis);
        var page = list(filter + "&sort=due&dir=asc&size=100");
        assertEquals(expectedIds(matches, "due", false), Lists.rowIds(page, "task"));

        var byDue = Lists.sortLink(page, "Due");
        // The same view has the same address in every process: the filters in alphabetical order.
        assertEquals("/o/acme/tasks?project=" + borealis + "&project=none&status=TODO&status=DONE&sort=due&dir=desc&size=100",
                byDue, "the Due header's link");
        var flipped = ann.get(byDue);
        assertEquals(expectedIds(matches, "due", true), Lists.rowIds(flipped, "task"), byDue);
        assertEquals("descending", flipped.document().selectFirst("th:has(a[href*=sort=due])").attr("aria-sort"));

        for (var column : Map.of("Title", "title", "Priority", "priority", "Assignee", "assignee", "Project", "project",
                "Status", "status", "Updated", "updated").entrySet()) {
            var link = Lists.sortLink(page, column.getKey());
            assertNotNull(link, "a header link for " + column.getKey());
            var sorted = ann.get(link);
            var descending = link.contains("dir=desc");
            assertEquals(expectedIds(matches, column.getValue(), descending), Lists.rowIds(sorted, "task"),
                    "following the " + column.getKey() + " header " + link);
            assertEquals(List.of("TODO", "DONE"), Lists.checked(sorted, "status"), "the filters are kept: " + link);
            assertEquals(column.getValue(), Lists.selected(sorted, "sort"));
            assertEquals("100", Lists.selected(sorted, "size"), "the page size is kept: " + link);
        }
    }

    @Test
    void thePagerLinksCarryTheFiltersAndSortFromPageToPage() {
        var annId = acme.ann().id();
        var query = "assignee=none&assignee=" + annId + "&due_to=2026-03-01&sort=priority&dir=asc&size=25";
        Predicate<Row> matches = row -> (row.assigneeId() == null || row.assigneeId() == annId)
                && dueWithin(row, "0001-01-01", "2026-03-01");
        var expected = expectedIds(matches, "priority", false);
        assertTrue(expected.size() > 25, "more than one page: " + expected.size());

        var page = list(query);
        var seen = new ArrayList<>(Lists.rowIds(page, "task"));
        while (Lists.next(page) != null) {
            page = ann.get(Lists.next(page));
            seen.addAll(Lists.rowIds(page, "task"));
            assertEquals(List.of("none", String.valueOf(annId)), Lists.checked(page, "assignee"), "the filters are kept");
            assertEquals("2026-03-01", page.inputValue("due_to"));
            assertEquals("priority", Lists.selected(page, "sort"));
            assertEquals("25", Lists.selected(page, "size"));
        }
        assertEquals(expected, seen);
        var back = ann.get(Lists.previous(page));
        assertEquals(expected.subList(0, 25), Lists.rowIds(back, "task"), "Previous keeps them too");
    }

    // ---- sorts and keyset pages

    @TestFactory
    Stream<DynamicTest> sortingByEveryColumnBothWaysGivesOrderedRowsAndEveryRowOnceAcrossPages() {
        var tests = new ArrayList<DynamicTest>();
        for (var sort : List.of("updated", "created", "title", "status", "priority", "due", "assignee", "project")) {
            for (var descending : List.of(false, true)) {
                var dir = descending ? "desc" : "asc";
                tests.add(dynamicTest(sort + " " + dir, () -> {
                    var expected = expectedIds(row -> true, sort, descending);
                    var onePage = list("sort=" + sort + "&dir=" + dir + "&size=100");
                    assertEquals(expected, Lists.rowIds(onePage, "task"), "one page of 100");

                    var forward = walkForward("sort=" + sort + "&dir=" + dir + "&size=25");
                    assertEquals(expected, forward, "walking Next through pages of 25");
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void walkingPreviousFromTheLastPageShowsTheSamePagesInReverse() {
        var query = "sort=status&dir=asc&size=25";
        var pages = new ArrayList<List<Long>>();
        var page = list(query);
        pages.add(Lists.rowIds(page, "task"));
        while (Lists.next(page) != null) {
            page = ann.get(Lists.next(page));
            pages.add(Lists.rowIds(page, "task"));
        }
        assertEquals(3, pages.size(), "60 tasks in pages of 25");
        assertEquals(List.of(25, 25, 10), pages.stream().map(List::size).toList());

        for (int i = pages.size() - 2; i >= 0; i--) {
            var previous = Lists.previous(page);
            assertNotNull(previous, "page " + (i + 2) + " offers Previous");
            page = ann.get(previous);
            assertEquals(200, page.status(), page.describe());
            assertEquals(pages.get(i), Lists.rowIds(page, "task"), "page " + (i + 1) + " again, walking back");
            assertEquals(pages.get(i + 1).get(0), idAfterFollowingNext(page), "Next from there leads forward again");
        }
        assertNull(Lists.previous(page), "back on the first page there is no Previous");
    }

    @Test
    void thePagerSaysWhichRowsAreShown() {
        var first = list("sort=title&dir=asc&size=25");
        assertEquals("1–25", first.document().selectFirst(".pager-range").text());
        var second = ann.get(Lists.next(first));
        assertEquals("26–50", second.document().selectFirst(".pager-range").text());
        var third = ann.get(Lists.next(second));
        assertEquals("51–60", third.document().selectFirst(".pager-range").text());
        var back = ann.get(Lists.previous(third));
        assertEquals("26–50", back.document().selectFirst(".pager-range").text());
    }

    @Test
    void pageSizesAre25Or50Or100AndAnythingElseFallsBackTo50() {
        assertEquals(25, Lists.rowIds(list("size=25"), "task").size());
        assertEquals(50, Lists.rowIds(list("size=50"), "task").size());
        assertEquals(60, Lists.rowIds(list("size=100"), "task").size());
        assertEquals(50, Lists.rowIds(list(""), "task").size(), "the default");
        for (var invalid : List.of("7", "0", "-25", "1000", "abc", "25.0", "99999999999999999999")) {
            var page = list("size=" + invalid);
            assertEquals(200, page.status(), page.describe());
            assertEquals(50, Lists.rowIds(page, "task").size(), "size=" + invalid);
            assertEquals("50", Lists.selected(page, "size"), "size=" + invalid);
        }
    }

    @Test
    void anUnknownSortOrDirectionFallsBackToTheDefaultOrder() {
        var newestFirst = expectedIds(row -> true, "updated", true);
        assertEquals(newestFirst, Lists.rowIds(list("sort=" + encode("t.title; drop table tasks") + "&size=100"), "task"));
        assertEquals(newestFirst, Lists.rowIds(list("sort=password&size=100"), "task"));
        assertEquals(expectedIds(row -> true, "title", false), Lists.rowIds(list("sort=title&dir=sideways&size=100"), "task"));
        assertEquals("updated", Lists.selected(list("sort=bogus"), "sort"));
    }

    @TestFactory
    Stream<DynamicTest> aTamperedCursorNeverBreaksThePage() {
        var titleCursor = cursorOf(ann.get(Lists.next(list("sort=title&dir=asc&size=25"))));
        var cursors = new ArrayList<Map.Entry<String, String>>();
        cursors.add(Map.entry("not base64", "after=" + encode("%%%%")));
        cursors.add(Map.entry("base64 of nothing useful", "after=" + b64("hello")));
        cursors.add(Map.entry("a value that is no timestamp", "after=" + b64("not-a-time\u00001")));
        cursors.add(Map.entry("an id that is no number", "after=" + b64("2026-02-01 00:00:00+00\u0000x")));
        cursors.add(Map.entry("an id too large", "after=" + b64("2026-02-01 00:00:00+00\u000099999999999999999999")));
        cursors.add(Map.entry("a title cursor on a date sort", "sort=updated&after=" + titleCursor));
        cursors.add(Map.entry("a title cursor on a number sort", "sort=priority&before=" + titleCursor));
        cursors.add(Map.entry("a due date cursor that is no date", "sort=due&after=" + b64("soon\u00001")));
        cursors.add(Map.entry("a month 13", "sort=due&after=" + b64("2026-13-45\u00001")));
        cursors.add(Map.entry("a status rank out of range", "sort=status&after=" + b64("99999\u00001")));
        cursors.add(Map.entry("a time zone out of range", "after=" + b64("2026-02-01 00:00:00+99\u00001")));
        cursors.add(Map.entry("very long", "after=" + "A".repeat(5000)));
        return cursors.stream().map(c -> dynamicTest(c.getKey(), () -> {
            var page = ann.get("/o/acme/tasks?" + c.getValue());
            assertTrue(page.status() == 200 || page.status() == 400, page.describe());
        }));
    }

    // ---- counts

    @Test
    void theCountIsExactBelowTheThresholdAndFollowsTheFilter() {
        assertEquals("60", Lists.count(list("")));
        assertEquals("12", Lists.count(list("status=TODO")));
        var page = list("status=TODO");
        assertFalse(page.text().contains("estimated"), page.describe());
        assertFalse(page.text().contains("about"), page.describe());
        assertTrue(page.text().contains("12 tasks"), page.describe());
    }

    @Test
    void anotherOrgsListDoesNotShowTheseTasks() {
        var gus = globex.gus().session().get("/o/globex/tasks?size=100");
        assertEquals(200, gus.status());
        assertEquals(1, Lists.rowIds(gus, "task").size());
        assertTrue(rows.stream().noneMatch(row -> Lists.rowIds(gus, "task").contains(row.id())));
    }

    // ---- helpers

    static Response list(String query) {
        var page = ann.get("/o/acme/tasks" + (query.isEmpty() ? "" : "?" + query));
        assertEquals(200, page.status(), page.describe());
        return page;
    }

    /** Every row on every page, following the Next links from the first page. */
    static List<Long> walkForward(String query) {
        var ids = new ArrayList<Long>();
        var page = list(query);
        ids.addAll(Lists.rowIds(page, "task"));
        for (int pages = 1; Lists.next(page) != null; pages++) {
            assertTrue(pages < 100, "the pager never ends");
            page = ann.get(Lists.next(page));
            assertEquals(200, page.status(), page.describe());
            ids.addAll(Lists.rowIds(page, "task"));
        }
        return ids;
    }

    static Long idAfterFollowingNext(Response page) {
        var next = ann.get(Lists.next(page));
        return Lists.rowIds(next, "task").get(0);
    }

    static List<Long> expectedIds(Predicate<Row> filter, String sort, boolean descending) {
        Comparator<Row> order = switch (sort) {
            case "updated" -> Comparator.comparing(Row::updated);
            case "created" -> Comparator.comparing(Row::created);
            case "title" -> Comparator.comparing(Row::title);
            case "status" -> Comparator.comparing(Row::status);
            case "priority" -> Comparator.comparing(Row::priority);
            case "due" -> Comparator.comparing(row -> row.due() == null ? LocalDate.MAX : row.due());
            case "assignee" -> Comparator.comparing(row -> row.assigneeName() == null ? "" : row.assigneeName());
            case "project" -> Comparator.comparing(row -> row.projectName() == null ? "" : row.projectName());
            default -> throw new IllegalArgumentException(sort);
        };
        order = order.thenComparing(Row::id);
        if (descending) {
            order = order.reversed();
        }
        return rows.stream().filter(filter).sorted(order).map(Row::id).toList();
    }

    static boolean dueWithin(Row row, String from, String to) {
        return row.due() != null && !row.due().isBefore(LocalDate.parse(from)) && !row.due().isAfter(LocalDate.parse(to));
    }

    static boolean createdWithin(Row row, String from, String to) {
        var day = row.created().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        return !day.isBefore(LocalDate.parse(from)) && !day.isAfter(LocalDate.parse(to));
    }

    /** Every typed word is the start of some word of the task. */
    static boolean searchMatches(Row row, String... typed) {
        var words = row.words();
        return Stream.of(typed).allMatch(prefix -> words.stream().anyMatch(word -> word.startsWith(prefix)));
    }

    static String cursorOf(Response page) {
        var next = Lists.next(page);
        var previous = Lists.previous(page);
        var link = next != null ? next : previous;
        var matcher = java.util.regex.Pattern.compile("(?:after|before)=([^&]+)").matcher(link);
        assertTrue(matcher.find(), link);
        return matcher.group(1);
    }

    static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
