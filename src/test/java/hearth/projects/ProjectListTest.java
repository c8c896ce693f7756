package hearth.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The project list's filters, search, sorts and pages, checked against 40 projects this test made. */
class ProjectListTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    record Row(long id, String name, ProjectStatus status, Long customerId, String customerName, Long ownerId,
               String ownerName, LocalDate start, LocalDate due, int progress, Instant created, Instant updated) {}

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static long initech;
    static long umbrella;
    static final List<Row> rows = new ArrayList<>();

    @BeforeAll
    static void projects() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        initech = Seed.customer(app, acme.org(), "Initech").insert();
        umbrella = Seed.customer(app, acme.org(), "Umbrella").insert();
        Long[] customers = {null, initech, umbrella};
        String[] customerNames = {null, "Initech", "Umbrella"};
        Long[] owners = {acme.ann().id(), null, acme.bob().id(), acme.ann().id()};
        String[] ownerNames = {acme.ann().name(), null, acme.bob().name(), acme.ann().name()};
        var base = Instant.parse("2025-05-01T09:00:00Z");
        for (int i = 0; i < 40; i++) {
            var name = String.format("%02d %s", i, List.of("Relaunch", "Migration", "Überarbeitung", "Audit").get(i % 4));
            var status = ProjectStatus.values()[i % 5];
            var start = i % 7 == 0 ? null : LocalDate.of(2026, 1, 1).plusDays(i);
            var due = i % 5 == 0 ? null : LocalDate.of(2026, 6, 1).plusDays((i * 3) % 40);
            var id = Seed.project(app, acme.org(), name).status(status.name()).customer(customers[i % 3])
                    .owner(owners[i % 4]).set("start_date", start).due(due)
                    .created(base.plus(Duration.ofDays(i))).updated(base.plus(Duration.ofHours(1000 + (i * 11L) % 40))).insert();
            var done = i % 4;
            var total = i % 6 == 0 ? 0 : 4;
            for (int t = 0; t < total; t++) {
                Seed.task(app, acme.org(), name + " task " + t).project(id).status(t < done ? "DONE" : "TODO").insert();
            }
            rows.add(new Row(id, name, status, customers[i % 3], customerNames[i % 3], owners[i % 4], ownerNames[i % 4],
                    start, due, total == 0 ? 0 : 100 * done / total, base.plus(Duration.ofDays(i)),
                    base.plus(Duration.ofHours(1000 + (i * 11L) % 40))));
        }
        Seed.project(app, globex.org(), "98 Relaunch of Globex").insert();
    }

    @TestFactory
    Stream<DynamicTest> everyFilterShowsExactlyTheMatchingProjects() {
        var cases = new ArrayList<Map.Entry<String, Predicate<Row>>>();
        cases.add(Map.entry("", row -> true));
        cases.add(Map.entry("status=ACTIVE&status=ON_HOLD", row -> row.status() == ProjectStatus.ACTIVE || row.status() == ProjectStatus.ON_HOLD));
        cases.add(Map.entry("customer=none", row -> row.customerId() == null));
        cases.add(Map.entry("customer=" + initech + "&customer=none&owner=none",
                row -> (row.customerId() == null || row.customerId() == initech) && row.ownerId() == null));
        cases.add(Map.entry("owner=" + acme.bob().id(), row -> Long.valueOf(acme.bob().id()).equals(row.ownerId())));
        cases.add(Map.entry("due_from=2026-06-10&due_to=2026-06-20", row -> row.due() != null
                && !row.due().isBefore(LocalDate.of(2026, 6, 10)) && !row.due().isAfter(LocalDate.of(2026, 6, 20))));
        cases.add(Map.entry("created_from=2025-05-11&created_to=2025-05-20", row -> {
            var day = row.created().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            return !day.isBefore(LocalDate.of(2025, 5, 11)) && !day.isAfter(LocalDate.of(2025, 5, 20));
        }));
        cases.add(Map.entry("q=" + URLEncoder.encode("über", StandardCharsets.UTF_8), row -> row.name().contains("Über")));
        cases.add(Map.entry("q=mig&status=PLANNING&status=COMPLETED", row -> row.name().contains("Migration")
                && (row.status() == ProjectStatus.PLANNING || row.status() == ProjectStatus.COMPLETED)));
        cases.add(Map.entry("customer=" + Seed.customer(app, globex.org(), "Globex customer").insert(), row -> false));
        return cases.stream().map(c -> dynamicTest(c.getKey().isEmpty() ? "(no filter)" : c.getKey(), () -> {
            var page = list(c.getKey() + "&size=100");
            assertEquals(expected(c.getValue(), "updated", true), Lists.rowIds(page, "project"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> sortingByEveryColumnBothWaysGivesOrderedRowsAndEveryRowOnceAcrossPages() {
        var tests = new ArrayList<DynamicTest>();
        for (var sort : List.of("updated", "created", "name", "status", "due", "start", "customer", "owner", "progress")) {
            for (var descending : List.of(false, true)) {
                var dir = descending ? "desc" : "asc";
                tests.add(dynamicTest(sort + " " + dir, () -> {
                    var expected = expected(row -> true, sort, descending);
                    assertEquals(expected, Lists.rowIds(list("sort=" + sort + "&dir=" + dir + "&size=100"), "project"));
                    var page = list("sort=" + sort + "&dir=" + dir + "&size=25");
                    var seen = new ArrayList<>(Lists.rowIds(page, "project"));
                    while (Lists.next(page) != null) {
                        page = ann.get(Lists.next(page));
                        seen.addAll(Lists.rowIds(page, "project"));
                    }
                    assertEquals(expected, seen, "walking Next through pages of 25");
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theCustomerFilterKeepsAChosenCustomerOnOffer() {
        var page = list("customer=" + umbrella);
        assertEquals(List.of(String.valueOf(umbrella)), Lists.checked(page, "customer"));
        assertEquals(Lists.rowIds(page, "project"), Lists.rowIds(ann.get(Lists.submitFilters(page)), "project"));
    }

    @Test
    void theCustomerFilterOffersTheHundredLatestCustomersAndTheChosenOne() {
        app.update("""
                insert into customers (org_id, name, status, source, updated_at)
                select ?, 'Later customer ' || n, 'LEAD', 'OTHER', now() + n * interval '1 second'
                from generate_series(1, 110) n
                """, acme.org().id());

        var offered = Lists.offered(list("customer=" + umbrella), "customer");

        assertEquals(102, offered.size(), "a checkbox for no customer, each of the 100 most recently updated, and the chosen one");
        assertTrue(offered.contains(String.valueOf(umbrella)), "the chosen customer stays on offer");
    }

    static Response list(String query) {
        var page = ann.get("/o/acme/projects?" + query);
        assertEquals(200, page.status(), page.describe());
        return page;
    }

    static List<Long> expected(Predicate<Row> filter, String sort, boolean descending) {
        Comparator<Row> order = switch (sort) {
            case "updated" -> Comparator.comparing(Row::updated);
            case "created" -> Comparator.comparing(Row::created);
            case "name" -> Comparator.comparing(Row::name);
            case "status" -> Comparator.comparing(Row::status);
            case "due" -> Comparator.comparing(row -> row.due() == null ? LocalDate.MAX : row.due());
            case "start" -> Comparator.comparing(row -> row.start() == null ? LocalDate.MAX : row.start());
            case "customer" -> Comparator.comparing(row -> row.customerName() == null ? "" : row.customerName());
            case "owner" -> Comparator.comparing(row -> row.ownerName() == null ? "" : row.ownerName());
            case "progress" -> Comparator.comparing(Row::progress);
            default -> throw new IllegalArgumentException(sort);
        };
        order = order.thenComparing(Row::id);
        if (descending) {
            order = order.reversed();
        }
        return rows.stream().filter(filter).sorted(order).map(Row::id).toList();
    }
}
