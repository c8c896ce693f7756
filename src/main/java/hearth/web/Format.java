package hearth.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How dates and numbers read in templates. */
public final class Format {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Format() {}

    public static String date(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    public static String dateTime(Instant instant) {
        return instant == null ? "" : DAY_TIME.format(instant);
    }

    /** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
    public static String ago(Instant instant) {
        if (instant == null) {
            return "";
        }
        var elapsed = Duration.between(instant, Instant.now());
        if (elapsed.toMinutes() < 1) {
            return "just now";
        }
        if (elapsed.toHours() < 1) {
            return elapsed.toMinutes() + " min ago";
        }
        if (elapsed.toDays() < 1) {
            return elapsed.toHours() + " h ago";
        }
        if (elapsed.toDays() < 7) {
            return elapsed.toDays() + " d ago";
        }
        return DAY.format(instant.atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** {@code n} with a comma between thousands ("12,345"), as String.format("%,d") in English, far cheaper. */
    public static String number(long n) {
        var digits = Long.toString(n);
        var sign = n < 0 ? 1 : 0;
        var count = digits.length() - sign;
        if (count <= 3) {
            return digits;
        }
        var out = new StringBuilder(digits.length() + count / 3);
        out.append(digits, 0, sign);
        var first = count % 3 == 0 ? 3 : count % 3;
        out.append(digits, sign, sign + first);
        for (int at = sign + first; at < digits.length(); at += 3) {
            out.append(',').append(digits, at, at + 3);
        }
        return out.toString();
    }
}
