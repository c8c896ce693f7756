package hearth.activity;

import java.util.ArrayList;
import java.util.List;

/** What an edit changed, in words for the activity log: "status: To do → Done; assignee: Ann → Bob". */
public final class Changes {
    private final List<String> parts = new ArrayList<>();

    /** Notes "field: before → after" when the two differ; an empty value reads "none". */
    public Changes field(String field, String before, String after) {
        if (!before.equals(after)) {
            parts.add(field + ": " + orNone(before.isEmpty() ? null : before) + " → " + orNone(after.isEmpty() ? null : after));
        }
        return this;
    }

    /** Notes only that a long text changed ("description edited"): its text belongs on the record, not in the log. */
    public Changes text(String field, String before, String after) {
        if (!before.equals(after)) {
            parts.add(field + " edited");
        }
        return this;
    }

    public static String orNobody(String name) {
        return name == null ? "nobody" : name;
    }

    public static String orNone(Object value) {
        return value == null ? "none" : value.toString();
    }

    public String summary() {
        return parts.isEmpty() ? "no changes" : String.join("; ", parts);
    }
}
