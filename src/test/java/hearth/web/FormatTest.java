package hearth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void numbersGroupThousandsWithCommasAsEnglishFormattingDoes() {
        for (long n : new long[] {0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -123_456_789, 100_000_000_000L,
                Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(String.format(Locale.ENGLISH, "%,d", n), Format.number(n), String.valueOf(n));
        }
    }

    @Test
    void datesAndTimesReadAsTheFormatterWritesThem() {
        var day = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
        var dayTime = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
        var random = new SplittableRandom(7);
        var instants = new java.util.ArrayList<Instant>();
        for (int i = 0; i < 20_000; i++) {
            // years 1 to 12,000: the hand-written path and the formatter's fallback for other widths
            instants.add(Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 316_536_000_000L)));
        }
        instants.add(Instant.parse("2026-01-01T00:00:00Z"));
        instants.add(Instant.parse("2026-12-31T23:59:59Z"));
        instants.add(Instant.parse("0999-12-31T23:59:59Z"));
        instants.add(Instant.parse("1000-01-01T00:00:00Z"));
        instants.add(Instant.parse("9999-12-31T23:59:59Z"));
        for (var instant : instants) {
            var date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
            assertEquals(day.format(date), Format.date(date), instant.toString());
            assertEquals(dayTime.format(instant), Format.dateTime(instant), instant.toString());
            for (int nanos : new int[] {0, random.nextInt(1_000_000_000), random.nextInt(1_000_000) * 1_000,
                    random.nextInt(1_000) * 1_000_000, 1, 10_000_000, 100_000}) {
                var precise = instant.plusNanos(nanos);
                assertEquals(precise.toString(), Format.iso(precise));
            }
        }
        assertEquals("", Format.date(null));
        assertEquals("", Format.dateTime(null));
    }
}
