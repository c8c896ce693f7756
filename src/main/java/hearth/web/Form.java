package hearth.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a user typed into a form and what is wrong with it. A form that fails validation is rendered
 * again from this, so every message sits next to its field and nothing typed is lost.
 */
public final class Form {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,30}(\\.[0-9]{1,30})?");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();
    private String problem;

    public static Form empty() {
        return new Form();
    }

    public static Form from(Context ctx, String... fields) {
        var form = new Form();
        for (var field : fields) {
            var value = ctx.formParam(field);
            form.values.put(field, value == null ? "" : value);
        }
        return form;
    }

    public Form with(String field, String value) {
        values.put(field, value == null ? "" : value);
        return this;
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public String trimmed(String field) {
        return value(field).trim();
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    /** A message about the whole form rather than one field (e.g. "wrong email or password"). */
    public String problem() {
        return problem;
    }

    public Form problem(String message) {
        this.problem = message;
        return this;
    }

    public Form reject(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    public boolean valid() {
        return errors.isEmpty() && problem == null;
    }

    public Form requireText(String field, String label, int maxLength) {
        var value = trimmed(field);
        if (value.isEmpty()) {
            reject(field, label + " is required.");
        } else if (value.length() > maxLength) {
            reject(field, label + " must be at most " + maxLength + " characters.");
        }
        return this;
    }

    public Form requireEmail(String field) {
        if (trimmed(field).isEmpty()) {
            return reject(field, "Email is required.");
        }
        return optionalEmail(field);
    }

    public Form optionalEmail(String field) {
        var value = trimmed(field);
        if (!value.isEmpty() && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            reject(field, "Enter an email address like name@example.com.");
        }
        return this;
    }

    public Form maxLength(String field, String label, int maxLength) {
        if (trimmed(field).length() > maxLength) {
            reject(field, label + " must be at most " + Format.number(maxLength) + " characters.");
        }
        return this;
    }

    /** The id chosen in a select, or null when none was; anything else is rejected with {@code message}. */
    public Long optionalId(String field, String message) {
        var value = trimmed(field);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            reject(field, message);
            return null;
        }
    }

    /** The id a select holds, or null when it holds none or anything else: for showing the form, not checking it. */
    public Long idOrNull(String field) {
        try {
            return Long.valueOf(trimmed(field));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The date typed (ISO, as date inputs send it), or null when none was or it is not a date. */
    public LocalDate optionalDate(String field) {
        var value = trimmed(field);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            reject(field, "Enter a date like 2026-12-31.");
            return null;
        }
    }

    public Form requireOneOf(String field, String label, Iterable<String> allowed) {
        for (var option : allowed) {
            if (option.equals(value(field))) {
                return this;
            }
        }
        return reject(field, "Choose a valid " + label.toLowerCase() + ".");
    }

    /**
     * The whole number typed (digits only), from {@code min} to {@code max}; null when the field is
     * blank (rejected if {@code required}) or holds something else (rejected).
     */
    public Long wholeNumber(String field, String label, long min, long max, boolean required) {
        var value = trimmed(field);
        if (value.isEmpty()) {
            if (required) {
                reject(field, label + " is required.");
            }
            return null;
        }
        if (WHOLE_NUMBER.matcher(value).matches()) {
            var number = new BigDecimal(value);
            if (number.compareTo(BigDecimal.valueOf(min)) >= 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return number.longValueExact();
            }
        }
        reject(field, label + " must be a whole number from " + Format.number(min) + " to " + Format.number(max) + ".");
        return null;
    }

    /**
     * The non-negative decimal typed (like 0.25), with at most {@code maxDecimals} places and at most
     * {@code max}; null, with the field rejected, when it is blank or anything else.
     */
    public BigDecimal decimal(String field, String label, int maxDecimals, BigDecimal max) {
        var value = trimmed(field);
        if (value.isEmpty()) {
            reject(field, label + " is required.");
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            reject(field, label + " must be a number of 0 or more, like 0.25.");
            return null;
        }
        var number = new BigDecimal(value);
        if (number.stripTrailingZeros().scale() > maxDecimals) {
            reject(field, label + " may have at most " + maxDecimals + " decimal places.");
            return null;
        }
        if (number.compareTo(max) > 0) {
            reject(field, label + " must be at most " + max.toPlainString() + ".");
            return null;
        }
        return number;
    }
}
