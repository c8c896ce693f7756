package hearth.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Downloads;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.HttpSession;
import hearth.testing.Lists;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CSV and PDF exports over real HTTP: exactly the filtered, sorted view, every row, nothing else. */
class ExportTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.891Z");
    static final List<String> HEADER = List.of("id", "title", "description", "status", "priority", "project",
            "assignee", "due date", "created by", "created at", "updated at");

    static Acme acme;
    static Globex globex;
    static HttpSession ann;
    static long apollo;
    /** The exported tasks' titles as stored (the CSV neutralizes the formula ones). */
    static final List<String> TRICKY = List.of("Ωμέγα, \"quoted\" title", "Кириллица и 日本語", "=1+1", "+SUM(A1:A2)",
            "-2", "@cmd", "\ttab first", "line one\nline two\r\nline three", "plain");

    @BeforeAll
    static void buildTasks() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        ann = acme.ann().session();
        apollo = Seed.project(app, acme.org(), "Проект Apollo").insert();
        for (var i = 0; i < TRICKY.size(); i++) {
            Seed.task(app, acme.org(), TRICKY.get(i)).description("description, " + i + "\n\"second line\"")
                    .status(i % 2 == 0 ? "TODO" : "REVIEW").priority("HIGH")
                    .assignee(i % 3 == 0 ? null : acme.bob().id()).project(i % 2 == 0 ? apollo : null)
                    .due(i % 2 == 0 ? LocalDate.of(2026, 12, 24) : null)
                    .set("created_by", acme.ann().id())
                    .created(CREATED.plusSeconds(i)).updated(CREATED.plusSeconds(100 - i)).insert();
        }
        Seed.task(app, acme.org(), "Done, not exported").status("DONE").insert();
        Seed.task(app, acme.org(), "Deleted, not exported").deleted(Instant.now()).insert();
        Seed.task(app, globex.org(), "Globex secret").insert();
    }

    @Test
    void theCsvHasEveryMatchingRowInTheListsOrderAndParsesBackToTheSameValues() throws IOException {
        var view = "?status=TODO&status=REVIEW&sort=title&dir=desc";
        var csv = ann.get(acme.org().path() + "/tasks/export.csv" + view);
        assertEquals(200, csv.status(), csv.describe());
        var records = Downloads.csv(csv.body());
        assertEquals(HEADER, records.get(0));
        var rows = records.subList(1, records.size());

        var list = ann.get(acme.org().path() + "/tasks" + view);
        var listed = Lists.rowIds(list, "task");
        assertEquals(TRICKY.size(), listed.size(), list.describe());
        assertEquals(listed, rows.stream().map(row -> Long.parseLong(row.get(0))).toList(), "the list's order");

        var titles = rows.stream().map(row -> row.get(1)).toList();
        for (var title : TRICKY) {
            var neutralized = "=+-@\t\r".indexOf(title.charAt(0)) >= 0 ? "'" + title : title;
            assertTrue(titles.contains(neutralized), () -> "missing " + neutralized + " in " + titles);
        }
        var omega = rows.stream().filter(row -> row.get(1).equals(TRICKY.get(0))).findFirst().orElseThrow();
        assertEquals("description, 0\n\"second line\"", omega.get(2));
        assertEquals("TODO", omega.get(3));
        assertEquals("HIGH", omega.get(4));
        assertEquals("Проект Apollo", omega.get(5));
        assertEquals("", omega.get(6));
        assertEquals("2026-12-24", omega.get(7));
        assertEquals(acme.ann().name(), omega.get(8));
        assertEquals("2026-03-04T05:06:07Z", omega.get(9));
        assertEquals("2026-03-04T05:07:47Z", omega.get(10));
        var minus = rows.stream().filter(row -> row.get(1).equals("'-2")).findFirst().orElseThrow();
        assertEquals(acme.bob().name(), minus.get(6));
        assertFalse(csv.body().contains("not exported") || csv.body().contains("Globex"), csv.body());
    }

    @Test
    void theCsvIsAUtf8DownloadWithAByteOrderMarkNamedAfterTheOrgAndTheDay() {
        var csv = ann.get(acme.org().path() + "/tasks/export.csv");
        assertEquals(200, csv.status(), csv.describe());
        assertEquals("text/csv; charset=utf-8", csv.header("Content-Type").toLowerCase().replace("\"", ""));
        var file = "acme-tasks-" + LocalDate.now(ZoneOffset.UTC) + ".csv";
        assertEquals("attachment; filename=\"" + file + "\"; filename*=UTF-8''" + file, csv.header("Content-Disposition"));
        assertTrue(csv.body().startsWith("\uFEFFid,title,description,"), csv.body());
        assertTrue(csv.body().contains("\r\n"), "CRLF line ends");
        assertEquals(TRICKY.size() + 1, Downloads.csv(csv.body()).size() - 1, "every task of the org but the deleted one");
    }

    @Test
    void anExportIsRecordedInTheActivityLogWithItsRowCountAndFilters() {
        var before = app.count("activity");
        assertEquals(200, ann.get(acme.org().path() + "/tasks/export.csv?status=REVIEW&assignee=" + acme.bob().id()).status());
        assertEquals(before + 1, app.count("activity"));
        var summary = app.queryOne(String.class, """
                select summary from activity where org_id = ? and actor_id = ? and action = 'exported'
                  and entity_type = 'task' and entity_id is null order by id desc limit 1
                """, acme.org().id(), acme.ann().id());
        var bobsReviews = 0;
        for (var i = 1; i < TRICKY.size(); i += 2) {
            bobsReviews += i % 3 == 0 ? 0 : 1;
        }
        assertTrue(summary.startsWith("Exported " + bobsReviews + " tasks as CSV"), summary);
        assertTrue(summary.contains("Status: Review") && summary.contains("Assignee: " + acme.bob().name()), summary);
    }

    @Test
    void thePdfHasTheTitleTheFiltersInWordsAndTheRows() throws IOException {
        var pdf = Downloads.bytes(app, ann, acme.org().path() + "/tasks/export.pdf?status=TODO&project=" + apollo);
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        var text = Downloads.pdfText(pdf.body());
        for (var expected : List.of("Tasks — Acme", "Status: To do", "Project: Проект Apollo", "Ωμέγα, \"quoted\" title",
                "=1+1", "-2", "plain", "Sorted by Updated, descending", "2026-12-24", "2026-03-04 05:06", acme.ann().name())) {
            assertTrue(text.contains(expected), () -> "missing “" + expected + "” in\n" + text);
        }
        assertFalse(text.contains("+SUM") || text.contains("Кириллица"), "a REVIEW task is not in a TODO view");

        // Japanese is set in a CJK font the reader supplies; OpenPDF's text extractor does not read it back.
        var review = Downloads.bytes(app, ann, acme.org().path() + "/tasks/export.pdf?status=REVIEW&sort=title").body();
        assertTrue(Downloads.pdfText(review).contains("Кириллица и"), Downloads.pdfText(review));
        assertTrue(new String(review, java.nio.charset.StandardCharsets.ISO_8859_1).contains("/HeiseiKakuGo-W5"));
    }

    @Test
    void aPdfOfMoreThanAThousandRowsIsRefusedWithAWayBackAndTheCsv() {
        app.update("""
                insert into tasks (org_id, title, status, priority)
                select ?, 'Bulk row ' || n, 'CANCELLED', 'LOW' from generate_series(1, 1001) n
                """, acme.org().id());
        try {
            var page = ann.get(acme.org().path() + "/tasks/export.pdf?status=CANCELLED");
            assertEquals(422, page.status(), page.describe());
            assertTrue(page.text().contains("Too many tasks for a PDF"), page.describe());
            assertEquals(acme.org().path() + "/tasks?status=CANCELLED",
                    page.document().select("a:contains(Back to the list)").attr("href"));
            assertEquals(acme.org().path() + "/tasks/export.csv?status=CANCELLED",
                    page.document().select("a:contains(Export CSV)").attr("href"));
            var csv = Downloads.csv(ann.get(acme.org().path() + "/tasks/export.csv?status=CANCELLED").body());
            assertEquals(1001, csv.size() - 1, "the CSV has them all");
        } finally {
            app.update("delete from tasks where org_id = ? and title like 'Bulk row %'", acme.org().id());
        }
    }

    @Test
    void whileSeveralDownloadsRunAnotherIsAskedToComeBackLater() throws InterruptedException {
        Exporter.CSV_SLOTS.acquire(Exporter.CONCURRENT_CSV);
        try {
            var busy = ann.get(acme.org().path() + "/tasks/export.csv");
            assertEquals(503, busy.status(), busy.describe());
            assertEquals("10", busy.header("Retry-After"));
            assertTrue(busy.text().contains("Try again in a few seconds"), busy.describe());
        } finally {
            Exporter.CSV_SLOTS.release(Exporter.CONCURRENT_CSV);
        }
        assertEquals(200, ann.get(acme.org().path() + "/tasks/export.csv").status());
    }

    @Test
    void aMemberOfAnotherOrgGetsNotFound() {
        var gus = globex.gus().session();
        for (var path : List.of("/tasks/export.csv", "/tasks/export.pdf", "/customers/export.csv", "/projects/export.pdf")) {
            var response = gus.get(acme.org().path() + path);
            assertEquals(404, response.status(), response.describe());
            assertFalse(response.body().contains("Ωμέγα"), response.describe());
        }
    }

    @Test
    void aFilterNamingSomeoneOutsideTheOrgDoesNotSpellOutTheirName() throws IOException {
        var pdf = Downloads.bytes(app, ann, acme.org().path() + "/tasks/export.pdf?assignee=" + globex.gus().id());
        assertEquals(200, pdf.statusCode());
        var text = Downloads.pdfText(pdf.body());
        assertFalse(text.contains(globex.gus().name()), text);
        assertTrue(text.contains("Assignee: #" + globex.gus().id()), text);
    }

    @Test
    void customersAndProjectsExportTheirLists() {
        Seed.customer(app, acme.org(), "=Evil Corp, Ltd").owner(acme.ann().id()).insert();
        var customers = Downloads.csv(ann.get(acme.org().path() + "/customers/export.csv?q=evil").body());
        assertEquals(List.of("id", "name", "email", "phone", "company", "status", "source", "owner", "notes",
                "created at", "updated at"), customers.get(0));
        assertEquals(2, customers.size());
        assertEquals("'=Evil Corp, Ltd", customers.get(1).get(1));
        assertEquals(acme.ann().name(), customers.get(1).get(7));

        var projects = Downloads.csv(ann.get(acme.org().path() + "/projects/export.csv").body());
        assertEquals("name", projects.get(0).get(1));
        assertTrue(projects.stream().anyMatch(row -> row.get(1).equals("Проект Apollo")), projects.toString());
        var projectsPdf = ann.get(acme.org().path() + "/projects/export.pdf");
        assertEquals(200, projectsPdf.status(), projectsPdf.describe());
    }
}
