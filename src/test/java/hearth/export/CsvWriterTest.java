package hearth.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void quotesCommasNewlinesAndNonLatinTextParseBackToTheSameValues() throws IOException {
        var values = List.of("plain", "a, b", "say \"hi\"", "\"", "\"\"", "line one\nline two", "crlf\r\ninside",
                "lone\rcr", "Ωμέγα", "Кириллица", "日本語", "emoji 🔥 and ü", "", "trailing,", ",leading", "it's");
        var rows = parse(write(csv -> {
            for (var value : values) {
                csv.text(value);
            }
            csv.endRow();
        }));
        assertEquals(1, rows.size());
        assertEquals(values, rows.get(0));
    }

    @Test
    void cellsASpreadsheetWouldExecuteGetALeadingQuote() throws IOException {
        var formulas = List.of("=1+1", "+SUM(A1:A2)", "-2", "@cmd", "\tTAB", "\rCR", "=HYPERLINK(\"http://x\",\"a, b\")");
        var rows = parse(write(csv -> {
            for (var formula : formulas) {
                csv.text(formula);
            }
            csv.endRow();
        }));
        assertEquals(formulas.stream().map(formula -> "'" + formula).toList(), rows.get(0));
    }

    @Test
    void textThatOnlyContainsFormulaCharactersLaterIsLeftAlone() throws IOException {
        var values = List.of("a=b", "1+1", "x-2", "mail@example.com", " =spaced");
        var rows = parse(write(csv -> {
            for (var value : values) {
                csv.text(value);
            }
            csv.endRow();
        }));
        assertEquals(values, rows.get(0));
    }

    @Test
    void valuesOfOurOwnAreNeverAltered() throws IOException {
        var rows = parse(write(csv -> {
            csv.value("-5");
            csv.value("2026-11-22");
            csv.value("IN_PROGRESS");
            csv.endRow();
        }));
        assertEquals(List.of("-5", "2026-11-22", "IN_PROGRESS"), rows.get(0));
    }

    @Test
    void nullIsAnEmptyField() throws IOException {
        var bytes = write(csv -> {
            csv.text((byte[]) null);
            csv.value((byte[]) null);
            csv.timestamp(null);
            csv.endRow();
        });
        assertEquals(",,\r\n", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void theFileStartsWithAByteOrderMarkAndRowsEndWithCrLf() throws IOException {
        var bytes = write(csv -> {
            csv.byteOrderMark();
            csv.value("id");
            csv.value("title");
            csv.endRow();
            csv.value("1");
            csv.text("Ωμέγα");
            csv.endRow();
        });
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3));
        assertEquals("id,title\r\n1,Ωμέγα\r\n", new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
    }

    @Test
    void timestampsBecomeIso8601InUtcToTheSecond() throws IOException {
        var bytes = write(csv -> {
            csv.timestamp(utf8("2026-11-22 09:15:02.123456+00"));
            csv.timestamp(utf8("2026-01-05 23:59:59+00"));
            csv.timestamp(utf8("infinity"));
            csv.endRow();
        });
        assertEquals("2026-11-22T09:15:02Z,2026-01-05T23:59:59Z,infinity\r\n", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void fieldsLargerThanTheBufferSurviveIntact() throws IOException {
        var big = "x\"y,z\n".repeat(5_000) + "Ωμέγα";
        var out = new ByteArrayOutputStream();
        var csv = new CsvWriter(out, 64);
        csv.text("=" + big);
        csv.text(big);
        csv.endRow();
        csv.flush();
        var rows = parse(out.toByteArray());
        assertEquals(List.of("'=" + big, big), rows.get(0));
    }

    @Test
    void randomTextRoundTripsWhateverTheBufferSize() throws IOException {
        var random = new Random(42);
        var alphabet = "ab ,\"\r\n\t=+-@'Ωж日🔥".codePoints().toArray();
        for (var bufferSize : new int[] {64, 97, 1024, 65536}) {
            var expected = new ArrayList<List<String>>();
            var out = new ByteArrayOutputStream();
            var csv = new CsvWriter(out, bufferSize);
            for (var r = 0; r < 200; r++) {
                var row = new ArrayList<String>();
                for (var c = 0; c < 5; c++) {
                    var text = new StringBuilder();
                    var length = random.nextInt(12);
                    for (var i = 0; i < length; i++) {
                        text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
                    }
                    var value = text.toString();
                    csv.text(value);
                    var first = value.isEmpty() ? ' ' : value.charAt(0);
                    row.add("=+-@\t\r".indexOf(first) >= 0 ? "'" + value : value);
                }
                csv.endRow();
                expected.add(row);
            }
            csv.flush();
            assertEquals(expected, parse(out.toByteArray()), "buffer of " + bufferSize);
        }
    }

    @Test
    void theContentDispositionCarriesAPlainAndAUtf8FileName() {
        var header = Exporter.disposition("attachment", "acme-tasks-2026-11-22.csv");
        assertEquals("attachment; filename=\"acme-tasks-2026-11-22.csv\"; filename*=UTF-8''acme-tasks-2026-11-22.csv", header);
        var unusual = Exporter.disposition("attachment", "café \"x\".csv");
        assertTrue(unusual.startsWith("attachment; filename=\"caf___x_.csv\"; filename*=UTF-8''caf%C3%A9%20%22x%22.csv"), unusual);
    }

    private interface Rows {
        void write(CsvWriter csv) throws IOException;
    }

    private static byte[] write(Rows rows) throws IOException {
        var out = new ByteArrayOutputStream();
        var csv = new CsvWriter(out);
        rows.write(csv);
        csv.flush();
        return out.toByteArray();
    }

    private static List<List<String>> parse(byte[] bytes) throws IOException {
        var text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (var parser = CSVFormat.RFC4180.builder().get().parse(new StringReader(text))) {
            return parser.getRecords().stream().map(CSVRecord::toList).toList();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
