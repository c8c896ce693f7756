package hearth.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import hearth.testing.Downloads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdfReportTest {
    private static final List<String> HEADERS = List.of("id", "title", "status", "assignee");
    private static final float[] WIDTHS = {3, 12, 5, 6};

    @Test
    void thePdfContainsTheTitleTheFiltersAndTheRowsText() throws IOException {
        var rows = List.<String[]>of(
                new String[] {"17", "Ωμέγα, \"quoted\" title", "To do", "Ann"},
                new String[] {"18", "Кириллица task", "Done", "Bob"},
                new String[] {"19", "=1+1", "Review", ""});
        var text = Downloads.pdfText(new PdfReport("Tasks — Acme", List.of("Status: To do, Done", "Sorted by Title, ascending"),
                "Tasks — Acme · exported 22 Nov 2026, 10:00 UTC", HEADERS, WIDTHS, rows, "No tasks").render());
        for (var expected : List.of("Tasks — Acme", "Status: To do, Done", "Sorted by Title, ascending",
                "Ωμέγα, \"quoted\" title", "Кириллица task", "=1+1", "Review", "Bob", "page 1")) {
            assertTrue(text.contains(expected), () -> "missing “" + expected + "” in:\n" + text);
        }
    }

    @Test
    void everyRowOfAThousandIsThereAcrossPagesWithTheHeaderRepeated() throws IOException {
        var rows = new ArrayList<String[]>();
        for (var i = 1; i <= 1000; i++) {
            rows.add(new String[] {String.valueOf(i), "Task number " + i, "To do", "Ann"});
        }
        var reader = new PdfReader(new PdfReport("Tasks — Acme", List.of(), "footer", HEADERS, WIDTHS, rows, "none").render());
        assertTrue(reader.getNumberOfPages() > 10, "pages: " + reader.getNumberOfPages());
        var extractor = new PdfTextExtractor(reader);
        var all = new StringBuilder();
        for (var page = 1; page <= reader.getNumberOfPages(); page++) {
            var text = extractor.getTextFromPage(page);
            assertTrue(text.contains("assignee"), "header on page " + page);
            all.append(text).append('\n');
        }
        var found = new java.util.TreeSet<Integer>();
        var matcher = java.util.regex.Pattern.compile("Task number (\\d+)").matcher(all);
        while (matcher.find()) {
            found.add(Integer.parseInt(matcher.group(1)));
        }
        assertEquals(1000, found.size(), () -> "rows found: " + found.size() + "\n" + all.substring(0, 2000));
        assertEquals(1, found.first());
        assertEquals(1000, found.last());
    }

    @Test
    void anEmptyResultSaysSo() throws IOException {
        var text = Downloads.pdfText(new PdfReport("Tasks — Acme", List.of(), "footer", HEADERS, WIDTHS, List.of(),
                "No tasks match these filters.").render());
        assertTrue(text.contains("No tasks match these filters."), text);
    }

    @Test
    void theUnicodeFontIsEmbeddedSoTheFileDoesNotDependOnTheReadersFonts() throws IOException {
        var bytes = new PdfReport("Ωμέγα", List.of(), "footer", HEADERS, WIDTHS, List.of(), "none").render();
        var pdf = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(pdf.contains("LiberationSans") && pdf.contains("/FontFile2"), "embedded TrueType font");
        assertEquals(1, new PdfReader(bytes).getNumberOfPages());
    }
}
