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

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /**
     * "7 Mar 2026", as {@code DAY} writes it. Written by hand for four-digit years: a list page shows two
     * or three dates a row, and the formatter's general machinery was a twentieth of the page's time.
     */
    public static String date(LocalDate date) {
        if (date == null) {
            return "";
        }
        if (!fourDigits(date.getYear())) {
            return DAY.format(date);
        }
        return day(new StringBuilder(11), date).toString();
    }

    /** "7 Mar 2026, 09:05 UTC", as {@code DAY_TIME} writes it. */
    public static String dateTime(Instant instant) {
        if (instant == null) {
            return "";
        }
        var time = instant.atOffset(ZoneOffset.UTC);
        if (!fourDigits(time.getYear())) {
            return DAY_TIME.format(instant);
        }
        var out = day(new StringBuilder(22), time.toLocalDate()).append(", ");
        twoDigits(out, time.getHour()).append(':');
        return twoDigits(out, time.getMinute()).append(" UTC").toString();
    }

    /**
     * "2026-03-07T09:05:42.123456Z", as {@link Instant#toString} writes it (the {@code datetime} of a
     * {@code <time>}): a list row has one, and the ISO formatter was a twelfth of its rendering.
     */
    public static String iso(Instant instant) {
        var time = instant.atOffset(ZoneOffset.UTC);
        if (!fourDigits(time.getYear())) {
            return instant.toString();
        }
        var out = new StringBuilder(30).append(time.getYear()).append('-');
        twoDigits(out, time.getMonthValue()).append('-');
        twoDigits(out, time.getDayOfMonth()).append('T');
        twoDigits(out, time.getHour()).append(':');
        twoDigits(out, time.getMinute()).append(':');
        twoDigits(out, time.getSecond());
        var nanos = time.getNano();
        if (nanos != 0) {
            // In groups of three digits, as many as needed: .120, .123450, .123456789
            var digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            var fraction = Integer.toString(1_000_000_000 + nanos);
            out.append('.').append(fraction, 1, 1 + digits);
        }
        return out.append('Z').toString();
    }

    /** The years written by hand; the formatter pads shorter ones and signs longer ones. */
    private static boolean fourDigits(int year) {
        return year >= 1000 && year <= 9999;
    }

    private static StringBuilder day(StringBuilder out, LocalDate date) {
        return out.append(date.getDayOfMonth()).append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ')
                .append(date.getYear());
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
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
        return date(instant.atZone(ZoneOffset.UTC).toLocalDate());
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
