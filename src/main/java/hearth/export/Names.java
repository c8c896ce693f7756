package hearth.export;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;

/** The names of one {@link NameLookup} for one export, as text and as UTF-8 bytes ready for the CSV. */
public final class Names {
    private static final byte[] UNKNOWN = {};

    private final Handle handle;
    private final NameLookup lookup;
    private final long orgId;
    private final Map<Long, byte[]> utf8 = new HashMap<>();

    private Names(Handle handle, NameLookup lookup, long orgId) {
        this.handle = handle;
        this.lookup = lookup;
        this.orgId = orgId;
    }

    static Names load(Handle handle, NameLookup lookup, long orgId) {
        var names = new Names(handle, lookup, orgId);
        if (lookup.preload() == null) {
            return names;
        }
        handle.createQuery(lookup.preload()).bind("orgId", orgId)
                .scanResultSet((supplier, ctx) -> {
                    var rs = supplier.get();
                    while (rs.next()) {
                        names.utf8.put(rs.getLong(1), rs.getString(2).getBytes(StandardCharsets.UTF_8));
                    }
                    return null;
                });
        return names;
    }

    byte[] utf8(long id) {
        var name = utf8.get(id);
        if (name == null) {
            name = handle.createQuery(lookup.one()).bind("orgId", orgId).bind("id", id)
                    .configure(SqlStatements.class, statements -> statements.setUnusedBindingAllowed(true))
                    .mapTo(String.class).findOne()
                    .map(found -> found.getBytes(StandardCharsets.UTF_8)).orElse(UNKNOWN);
            utf8.put(id, name);
        }
        return name;
    }

    /** The name behind an id read from a row of this org's table. */
    public String name(long id) {
        return new String(utf8(id), StandardCharsets.UTF_8);
    }

    /**
     * The name behind an id someone put in the URL (a filter), or null. Only names this org may see:
     * preloaded ones, ones already read for this org's rows, or, for a lookup without preload, what its
     * own org-scoped query finds. Reading any id with an unscoped query would let a URL spell out the
     * names of every user of the instance.
     */
    public String nameFromUrl(long id) {
        if (lookup.preload() == null) {
            return name(id);
        }
        var name = utf8.get(id);
        return name == null || name.length == 0 ? null : new String(name, StandardCharsets.UTF_8);
    }
}
