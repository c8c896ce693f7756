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
            csv.timestamp(null, false);
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
            csv.timestamp(utf8("2026-11-22 09:15:02.123456+00"), false);
            csv.timestamp(utf8("2026-01-05 23:59:59+00"), false);
            csv.timestamp(utf8("infinity"), false);
            csv.endRow();
        });
        assertEquals("2026-11-22T09:15:02Z,2026-01-05T23:59:59Z,infinity\r\n", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void binaryTimestampsAndDatesFromPostgresqlBecomeIso() throws IOException {
        var postgresEpoch = java.time.Instant.parse("2000-01-01T00:00:00Z");
        var instants = List.of("2026-11-22T09:15:02.999999Z", "1999-12-31T23:59:59.5Z", "2000-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z", "2024-02-29T12:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z");
        var days = List.of("2026-11-22", "1999-12-31", "2000-01-01", "2000-02-29", "2100-03-01", "1900-02-28", "0001-01-01");
        var bytes = write(csv -> {
            for (var instant : instants) {
                var at = java.time.Instant.parse(instant);
                var micros = (at.getEpochSecond() - postgresEpoch.getEpochSecond()) * 1_000_000 + at.getNano() / 1000;
                csv.timestamp(java.nio.ByteBuffer.allocate(8).putLong(micros).array(), true);
            }
            csv.timestamp(java.nio.ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array(), true);
            csv.endRow();
            for (var day : days) {
                var sincePostgresEpoch = (int) (java.time.LocalDate.parse(day).toEpochDay() - 10_957);
                csv.date(java.nio.ByteBuffer.allocate(4).putInt(sincePostgresEpoch).array(), true);
            }
            csv.date(java.nio.ByteBuffer.allocate(4).putInt(Integer.MIN_VALUE).array(), true);
            csv.date(utf8("2026-11-22"), false);
            csv.endRow();
        });
        var rows = parse(bytes);
        assertEquals(List.of("2026-11-22T09:15:02Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z", "2024-02-29T12:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                "infinity"), rows.get(0));
        var expectedDays = new ArrayList<>(days);
        expectedDays.add("-infinity");
        expectedDays.add("2026-11-22");
        assertEquals(expectedDays, rows.get(1));
    }

    @Test
    void everyDayOfFourCenturiesMatchesJavaTime() throws IOException {
        var first = java.time.LocalDate.parse("1850-01-01");
        var out = new ByteArrayOutputStream();
        var csv = new CsvWriter(out, 4096);
        for (var day = first; day.getYear() < 2250; day = day.plusDays(1)) {
            csv.date(java.nio.ByteBuffer.allocate(4).putInt((int) (day.toEpochDay() - 10_957)).array(), true);
            csv.endRow();
        }
        csv.flush();
        var expected = new StringBuilder();
        for (var day = first; day.getYear() < 2250; day = day.plusDays(1)) {
            expected.append(day).append("\r\n");
        }
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
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
