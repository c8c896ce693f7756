package hearth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void numbersGroupThousandsWithCommasAsEnglishFormattingDoes() {
        for (long n : new long[] {0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -123_456_789, 100_000_000_000L,
                Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(String.format(Locale.ENGLISH, "%,d", n), Format.number(n), String.valueOf(n));
        }
    }
}
