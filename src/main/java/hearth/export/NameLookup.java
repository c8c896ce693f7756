package hearth.export;

/**
 * Where the names behind an id column come from. An export loads the whole small table once
 * ({@code preload}, bound to {@code :orgId}) and writes names from memory, instead of joining every
 * row; an id in a row that it did not preload (a former member, say) is read once with {@code one}
 * ({@code :orgId} and {@code :id}) and remembered; ids from the URL (filters) are named from the
 * preload only, see {@link Names#nameFromUrl}. Use it for small tables: a name from a big table
 * (customers behind 10,000 projects) is better read through a join and a {@link Column#text} column.
 */
public record NameLookup(String preload, String one) {

    /**
     * No preload: each id is read when first needed (for a few ids from a big table, as in a filter).
     * Ids may then come from the URL, so {@code one} must itself keep to the org ({@code :orgId}).
     */
    public static NameLookup byId(String one) {
        return new NameLookup(null, one);
    }

    /**
     * The org's members. A row may still point at someone who has left the org; their name is read by
     * id. That is no wider than the list, which shows the same name through its join: the id can only
     * come from a row of this org.
     */
    public static final NameLookup USERS = new NameLookup("""
            select u.id, u.name from memberships m join users u on u.id = m.user_id where m.org_id = :orgId
            """, """
            select name from users where id = :id
            """);

    /** Every project of the org, deleted ones too: the list shows a deleted project's name as well. */
    public static final NameLookup PROJECTS = new NameLookup("""
            select id, name from projects where org_id = :orgId
            """, """
            select name from projects where org_id = :orgId and id = :id
            """);

    /** Customers can be many: read by id, for the few a filter names. */
    public static final NameLookup CUSTOMERS = byId("""
            select name from customers where org_id = :orgId and id = :id
            """);
}
