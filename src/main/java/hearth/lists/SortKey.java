package hearth.lists;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A column a list can be sorted by. {@code sql} is a non-null expression (nulls are coalesced to a
 * sentinel) backed by an index on (org_id, sql, id), and {@code pgType} is what a cursor's text value
 * is cast back to, so keyset pagination compares like with like.
 */
public record SortKey(String name, String label, String sql, String pgType, boolean defaultDescending) {
    /** PostgreSQL's text output of each type a sort can have; text sorts take any value. */
    private static final Map<String, Pattern> SHAPES = Map.of(
            "timestamptz", Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?[+-]\\d{2}(:\\d{2})?"),
            "date", Pattern.compile("\\d{4}-\\d{2}-\\d{2}|infinity"),
            "smallint", Pattern.compile("-?\\d{1,5}"),
            "integer", Pattern.compile("-?\\d{1,10}"),
            "bigint", Pattern.compile("-?\\d{1,19}"));

    /**
     * Could {@code value} have come from this sort? A cursor edited by hand, or kept from another
     * sort, would otherwise fail the cast in SQL; such a cursor is ignored instead.
     */
    public boolean accepts(String value) {
        var shape = SHAPES.get(pgType);
        return shape == null ? value.length() <= 1000 : shape.matcher(value).matches();
    }
}
