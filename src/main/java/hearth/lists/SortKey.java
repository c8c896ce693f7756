package hearth.lists;

/**
 * A column a list can be sorted by. {@code sql} is a non-null expression (nulls are coalesced to a
 * sentinel) backed by an index on (org_id, sql, id), and {@code pgType} is what a cursor's text value
 * is cast back to, so keyset pagination compares like with like.
 */
public record SortKey(String name, String label, String sql, String pgType, boolean defaultDescending) {}
