package hearth.bulk;

import hearth.web.Format;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A table bulk actions work on. {@code restorable} lists every column a bulk change may modify, with
 * its type; their values before the change are saved so that undo puts back exactly what was there.
 */
public record BulkTarget(String table, String entityType, String singular, String plural,
                         Map<String, String> restorable) {

    /** A row of {@code x} as a JSON object of its id and restorable columns: what a batch saves of it. */
    String snapshotSql() {
        return "jsonb_build_object('id', x.id, " + restorable.keySet().stream()
                .map(column -> "'" + column + "', x." + column)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The saved rows of a batch's JSON array {@code rows}, as the record set {@code r}, each column typed. */
    String savedRowsSql(String rows) {
        return "jsonb_to_recordset(" + rows + ") as r(id bigint, " + restorable.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The assignments that put back what the record set {@code r} saved. */
    String restoreSql() {
        return restorable.keySet().stream()
                .map(column -> column + " = r." + column)
                .collect(Collectors.joining(", "));
    }

    public String count(long n) {
        return Format.number(n) + " " + (n == 1 ? singular : plural);
    }
}
