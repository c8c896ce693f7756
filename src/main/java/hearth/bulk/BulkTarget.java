package hearth.bulk;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A table bulk actions work on. {@code restorable} lists every column a bulk change may modify, with
 * its type; their values before the change are saved so that undo puts back exactly what was there.
 */
public record BulkTarget(String table, String entityType, String singular, String plural,
                         Map<String, String> restorable) {

    String snapshotSql() {
        return "jsonb_build_object(" + restorable.keySet().stream()
                .map(column -> "'" + column + "', x." + column)
                .collect(Collectors.joining(", ")) + ")";
    }

    String restoreSql() {
        return restorable.entrySet().stream()
                .map(e -> e.getKey() + " = cast(r.before ->> '" + e.getKey() + "' as " + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    public String count(long n) {
        return String.format("%,d", n) + " " + (n == 1 ? singular : plural);
    }
}
