package hearth.lists;

import hearth.db.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * What someone typed into a filter's finder ("Find a project…"): the filter then offers the names that
 * match it rather than only the most recently updated. Case-insensitive. Three characters or more match
 * anywhere in a name ("cme" finds "Acme"); one or two match the start of the name or of a word in it
 * ("q3" finds "Launch Q3", not "FAQ3"), as so short a piece anywhere matches nearly every name and no
 * index can find it.
 */
public final class NameFinder {
    /** Longer text is cut: no name is told apart by more. */
    public static final int MAX_LENGTH = 100;
    /** The matches read at most, of which the most recently updated are offered. */
    static final int CANDIDATES = 1_000;

    private static final Set<String> TABLES = Set.of("projects", "customers");

    /*
     * PostgreSQL estimates how many names match from the whole table, every org's. For a word common in
     * other orgs it expects to find the org's matches at once by reading the org's rows in any order, and
     * when the org has none it reads all of them: 100 ms for 100,000 customers. Through the trigram index
     * (V020) the work is that of the matches, so for this one read the other scans are switched off:
     * set_config(…, true) lasts until the end of the transaction, here the pipeline's implicit one, and
     * the last query puts the settings back for a caller that has a transaction of its own.
     */
    private static final Pipeline.Query<String> INDEX_ONLY = new Pipeline.Query<>("""
            select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
                   set_config('enable_indexonlyscan', 'off', true)""", (rs, ctx) -> rs.getString(1));
    private static final Pipeline.Query<String> AS_BEFORE = new Pipeline.Query<>("""
            select set_config(name, reset_val, true) from pg_settings
            where name in ('enable_seqscan', 'enable_indexscan', 'enable_indexonlyscan')""", (rs, ctx) -> rs.getString(1));

    private NameFinder() {}

    /** Was anything typed? Without it a filter offers what it always did. */
    public static boolean typed(String typed) {
        return typed != null && !typed.isBlank();
    }

    /**
     * The ids of at most {@code limit} of the org's live rows of {@code table} (projects or customers)
     * whose name matches {@code typed}: the most recently updated of the first {@value #CANDIDATES}
     * matches the index yields. None when the text has no letter or digit, which the index cannot look
     * for. Reads in a pipeline of its own.
     */
    public static Long[] ids(Handle handle, String table, long orgId, String typed, int limit) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("No name index on " + table);
        }
        var text = typed == null ? "" : typed.strip();
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH));
        }
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            return new Long[0];
        }
        // The text is a LIKE pattern's literal part, so its own % and _ (and the escape) match themselves.
        var literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        var anywhere = text.codePointCount(0, text.length()) >= 3;
        var matching = anywhere ? "name ilike :nameAnywhere" : "(name ilike :nameStart or name ilike :wordStart)";
        Map<String, Object> bindings = anywhere
                ? Map.of("orgId", orgId, "limit", limit, "candidates", CANDIDATES, "nameAnywhere", "%" + literal + "%")
                : Map.of("orgId", orgId, "limit", limit, "candidates", CANDIDATES,
                        "nameStart", literal + "%", "wordStart", "% " + literal + "%");
        var found = new Pipeline.Query<>("select id from (select id, updated_at from " + table
                + " where org_id = :orgId and deleted_at is null and " + matching + " limit :candidates) candidates"
                + " order by updated_at desc, id desc limit :limit", (rs, ctx) -> rs.getLong(1));
        return Pipeline.run(handle, bindings, List.of(INDEX_ONLY, found, AS_BEFORE), Where.PLANNED_FOR_ITS_VALUES)
                .of(found).toArray(Long[]::new);
    }
}
