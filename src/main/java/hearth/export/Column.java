package hearth.export;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One column of an export: its header, the SQL expression it reads and how its value is written.
 * {@code pdfWidth} is its relative width in the PDF table (0 leaves it out of the PDF).
 */
public record Column(String header, String sql, Kind kind, NameLookup lookup, Map<String, String> labels,
                     float pdfWidth) {

    public enum Kind {
        /** Text someone typed: quoted as needed and neutralized for spreadsheets. */
        TEXT,
        /** A number or code of ours: written as it is. */
        VALUE,
        /** A date, ISO (yyyy-mm-dd). */
        DATE,
        /** A timestamp, ISO 8601 in UTC. */
        TIMESTAMP,
        /** An id shown as the name a {@link NameLookup} finds for it. */
        NAME
    }

    public static Column text(String header, String sql) {
        return new Column(header, sql, Kind.TEXT, null, Map.of(), 10);
    }

    public static Column number(String header, String sql) {
        return new Column(header, sql, Kind.VALUE, null, Map.of(), 4);
    }

    /** An enum stored by name: the CSV keeps the name (as the list's filter URLs do), the PDF shows the label. */
    public static <E extends Enum<E>> Column choice(String header, String sql, Class<E> type, Function<E, String> label) {
        var labels = Arrays.stream(type.getEnumConstants()).collect(Collectors.toUnmodifiableMap(Enum::name, label));
        return new Column(header, sql, Kind.VALUE, null, labels, 6);
    }

    public static Column date(String header, String sql) {
        return new Column(header, sql, Kind.DATE, null, Map.of(), 6);
    }

    public static Column timestamp(String header, String sql) {
        return new Column(header, sql, Kind.TIMESTAMP, null, Map.of(), 9.5f);
    }

    /** {@code idSql} is the id column (e.g. {@code t.assignee_id}); the export writes the name. */
    public static Column name(String header, String idSql, NameLookup lookup) {
        return new Column(header, idSql, Kind.NAME, lookup, Map.of(), 8);
    }

    public Column width(float pdfWidth) {
        return new Column(header, sql, kind, lookup, labels, pdfWidth);
    }

    public Column notInPdf() {
        return width(0);
    }

    /**
     * What the SELECT reads: text and values in PostgreSQL's text form; ids that are looked up, dates
     * and timestamps as they are, so the CSV can take them in binary (formatting timestamps as text
     * costs PostgreSQL more than the rest of a row).
     */
    String selectSql() {
        return switch (kind) {
            case TEXT, VALUE -> "(" + sql + ")::text";
            case DATE, TIMESTAMP, NAME -> sql;
        };
    }

    String label(String value) {
        return value == null ? "" : labels.getOrDefault(value, value);
    }
}
