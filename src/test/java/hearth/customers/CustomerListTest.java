package hearth.customers;

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
import java.time.ZoneOffset;
import java.util.ArrayList;
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

/** The customer list's filters, search, sorts and pages, checked against 45 customers this test made. */
class CustomerListTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final String[] COMPANIES = {"acme industries", "", "initech", "umbrella"};
    static final Instant CREATED_BASE = Instant.parse("2025-03-01T09:00:00Z");

    record Row(long id, String name, String email, String phone, String company, CustomerStatus status,
               CustomerSource source, Long ownerId, String ownerName, String notes, Instant created, Instant updated) {

        List<String> words() {
            return List.of((name + " " + email + " " + phone + " " + company + " " + notes)
                    .toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        }
    }

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static final List<Row> rows = new ArrayList<>();

    @BeforeAll
    static void customers() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        Long[] owners = {null, acme.ann().id(), acme.bob().id()};
        String[] ownerNames = {null, acme.ann().name(), acme.bob().name()};
        for (int i = 0; i < 45; i++) {
            var name = String.format("%02d %s", i, List.of("Zoë Ångström", "Björk Guðmundsdóttir", "Plain Person",
                    "Дмитрий Иванов", "Ada Lovelace").get(i % 5));
            var email = String.format("c%02d@%s.example", i, i % 2 == 0 ? "north" : "south");
            var phone = i % 3 == 0 ? "" : "+1 555 01" + String.format("%02d", i);
            var company = COMPANIES[i % 4];
            var status = CustomerStatus.values()[i % 4];
            var source = CustomerSource.values()[(i / 4) % 5];
            var notes = i == 7 ? "Prefers invoices by post" : "";
            var created = CREATED_BASE.plus(Duration.ofDays(i));
            var updated = CREATED_BASE.plus(Duration.ofDays(100)).plus(Duration.ofMinutes((i * 7L) % 45));
            var id = Seed.customer(app, acme.org(), name).set("email", email).set("phone", phone).set("company", company)
                    .status(status.name()).set("source", source.name()).owner(owners[i % 3]).set("notes", notes)
                    .created(created).updated(updated).insert();
            rows.add(new Row(id, name, email, phone, company, status, source, owners[i % 3], ownerNames[i % 3], notes,
                    created, updated));
        }
        Seed.customer(app, acme.org(), "99 Zoë deleted").deleted(Instant.now()).insert();
        Seed.customer(app, globex.org(), "98 Zoë Ångström of Globex").set("email", "c01@south.example").insert();
    }

    @TestFactory
    Stream<DynamicTest> everyFilterAndCombinationShowsExactlyTheMatchingCustomers() {
        var bob = acme.bob().id();
        var cases = new ArrayList<Map.Entry<String, Predicate<Row>>>();
        cases.add(Map.entry("", row -> true));
        cases.add(Map.entry("status=LEAD&status=CHURNED", row -> row.status() == CustomerStatus.LEAD || row.status() == CustomerStatus.CHURNED));
        cases.add(Map.entry("source=REFERRAL", row -> row.source() == CustomerSource.REFERRAL));
        cases.add(Map.entry("owner=none", row -> row.ownerId() == null));
        cases.add(Map.entry("owner=" + bob + "&status=ACTIVE&source=WEBSITE&source=EVENT",
                row -> Long.valueOf(bob).equals(row.ownerId()) && row.status() == CustomerStatus.ACTIVE
                        && (row.source() == CustomerSource.WEBSITE || row.source() == CustomerSource.EVENT)));
        cases.add(Map.entry("created_from=2025-03-05&created_to=2025-03-10", row -> createdWithin(row, "2025-03-05", "2025-03-10")));
        cases.add(Map.entry("q=" + encode("zoë"), row -> matches(row, "zoë")));
        cases.add(Map.entry("q=" + encode("ÅNGSTRÖM"), row -> matches(row, "ångström")));
        cases.add(Map.entry("q=" + encode("дмит"), row -> matches(row, "дмит")));
        cases.add(Map.entry("q=" + encode("guðm"), row -> matches(row, "guðm")));
        cases.add(Map.entry("q=initech&owner=none", row -> matches(row, "initech") && row.ownerId() == null));
        cases.add(Map.entry("q=invoice", row -> matches(row, "invoice")));
        cases.add(Map.entry("q=555", row -> matches(row, "555")));
        cases.add(Map.entry("owner=" + globex.gus().id(), row -> false));
        return cases.stream().map(c -> dynamicTest(c.getKey().isEmpty() ? "(no filter)" : c.getKey(), () -> {
            var page = list(c.getKey() + "&size=100");
            assertEquals(expected(c.getValue(), "updated", true), Lists.rowIds(page, "customer"));
            assertEquals(String.valueOf(expected(c.getValue(), "updated", true).size()), Lists.count(page));
        }));
    }

    @Test
    void searchingForAFullEmailAddressFindsTheCustomer() {
        var row = rows.get(12);

        var page = list("q=" + encode(row.email()));

        assertEquals(List.of(row.id()), Lists.rowIds(page, "customer"), "searching “" + row.email() + "”");
    }

    @Test
    void searchingForAnEmailDomainFindsItsCustomers() {
        var page = list("q=" + encode("south.example") + "&size=100");

        assertEquals(expected(row -> row.email().endsWith("@south.example"), "updated", true), Lists.rowIds(page, "customer"));
    }

    @TestFactory
    Stream<DynamicTest> sortingByEveryColumnBothWaysGivesOrderedRowsAndEveryRowOnceAcrossPages() {
        var tests = new ArrayList<DynamicTest>();
        for (var sort : List.of("updated", "created", "name", "company", "email", "status", "source", "owner")) {
            for (var descending : List.of(false, true)) {
                var dir = descending ? "desc" : "asc";
                tests.add(dynamicTest(sort + " " + dir, () -> {
                    var expected = expected(row -> true, sort, descending);
                    assertEquals(expected, Lists.rowIds(list("sort=" + sort + "&dir=" + dir + "&size=100"), "customer"));
                    var page = list("sort=" + sort + "&dir=" + dir + "&size=25&status=LEAD&status=PROSPECT&status=ACTIVE&status=CHURNED");
                    var seen = new ArrayList<>(Lists.rowIds(page, "customer"));
                    while (Lists.next(page) != null) {
                        page = ann.get(Lists.next(page));
                        seen.addAll(Lists.rowIds(page, "customer"));
                    }
                    assertEquals(expected, seen, "walking Next through pages of 25");
                    var back = ann.get(Lists.previous(page));
                    assertEquals(expected.subList(0, 25), Lists.rowIds(back, "customer"), "and Previous");
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theFilterFormAndHeaderLinksCarryTheState() {
        var page = list("status=PROSPECT&status=ACTIVE&owner=none&q=" + encode("Plain") + "&sort=email&dir=desc&size=25");

        assertEquals(List.of("PROSPECT", "ACTIVE"), Lists.checked(page, "status"));
        assertEquals(1, Lists.rowIds(page, "customer").size(), page.describe());
        assertEquals(List.of("none"), Lists.checked(page, "owner"));
        assertEquals("Plain", page.inputValue("q"));
        assertEquals(Lists.rowIds(page, "customer"), Lists.rowIds(ann.get(Lists.submitFilters(page)), "customer"));
        var byName = ann.get(Lists.sortLink(page, "Name"));
        assertEquals(expected(row -> (row.status() == CustomerStatus.PROSPECT || row.status() == CustomerStatus.ACTIVE)
                        && row.ownerId() == null && matches(row, "plain"),
                "name", false), Lists.rowIds(byName, "customer"));
    }

    @Test
    void aTamperedCursorNeverBreaksThePage() {
        var page = ann.get("/o/acme/customers?sort=status&after=" + b64("lead\u00001"));
        assertTrue(page.status() == 200 || page.status() == 400, page.describe());
    }

    // ---- helpers

    static Response list(String query) {
        var page = ann.get("/o/acme/customers?" + query);
        assertEquals(200, page.status(), page.describe());
        return page;
    }

    static List<Long> expected(Predicate<Row> filter, String sort, boolean descending) {
        Comparator<Row> order = switch (sort) {
            case "updated" -> Comparator.comparing(Row::updated);
            case "created" -> Comparator.comparing(Row::created);
            case "name" -> Comparator.comparing(Row::name);
            case "company" -> Comparator.comparing(Row::company);
            case "email" -> Comparator.comparing(Row::email);
            case "status" -> Comparator.comparing(Row::status);
            case "source" -> Comparator.comparing(row -> row.source().name());
            case "owner" -> Comparator.comparing(row -> row.ownerName() == null ? "" : row.ownerName());
            default -> throw new IllegalArgumentException(sort);
        };
        order = order.thenComparing(Row::id);
        if (descending) {
            order = order.reversed();
        }
        return rows.stream().filter(filter).sorted(order).map(Row::id).toList();
    }

    static boolean matches(Row row, String prefix) {
        return row.words().stream().anyMatch(word -> word.startsWith(prefix));
    }

    static boolean createdWithin(Row row, String from, String to) {
        var day = row.created().atZone(ZoneOffset.UTC).toLocalDate();
        return !day.isBefore(LocalDate.parse(from)) && !day.isAfter(LocalDate.parse(to));
    }

    static String b64(String raw) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
