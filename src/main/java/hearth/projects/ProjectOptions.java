package hearth.projects;

import hearth.db.Pipeline;
import hearth.lists.NameFinder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Projects as choices. Queries on the handle, not an SQL object: every task list and board reads them, and
 * attaching an SQL object builds an invoker for each of its methods on every attach (7% of a list page).
 */
public final class ProjectOptions {
    /** Enough for a select; orgs with more projects than this pick from the most recently updated. */
    public static final int LIMIT = 500;
    /** A filter shows fewer: every option is a checkbox on every list page. */
    public static final int FILTER_LIMIT = 100;

    private static final String RECENT = """
            select id, name from projects
            where org_id = :orgId and deleted_at is null
            order by updated_at desc, id desc limit :limit""";

    private static final RowMapper<ProjectOption> OPTION = (rs, ctx) -> new ProjectOption(rs.getLong(1), rs.getString(2));
    private static final Pipeline.Query<ProjectOption> OPTIONS = new Pipeline.Query<>(
            "select id, name from (" + RECENT + ") recent order by lower(name), id", OPTION);
    private static final Pipeline.Query<ProjectOption> OPTIONS_AND_CHOSEN = new Pipeline.Query<>(
            "select id, name from ((" + RECENT + ") union "
                    + "(select id, name from projects where org_id = :orgId and id = any(:selected))) chosen order by lower(name), id",
            OPTION);

    private static final Pipeline.Query<ProjectOption> FOUND_AND_CHOSEN = new Pipeline.Query<>(
            "select id, name from projects where org_id = :orgId and (id = any(:found) or id = any(:selected))"
                    + " order by lower(name), id", OPTION);

    private ProjectOptions() {}

    public static List<ProjectOption> options(Handle handle, long orgId, int limit) {
        return Pipeline.read(handle, new Pipeline.Bound<>(OPTIONS, Map.of("orgId", orgId, "limit", limit)));
    }

    /**
     * The most recently updated projects plus the ones a filter already names, so a choice never drops
     * out, to read in a pipeline with the rest of a page. Without a choice it is {@link #options}:
     * PostgreSQL keeps a plan for that, while the union with an array of unknown length is planned anew on
     * every list page.
     */
    public static Pipeline.Bound<ProjectOption> filterOptions(long orgId, int limit, Long[] selected) {
        return selected.length == 0
                ? new Pipeline.Bound<>(OPTIONS, Map.of("orgId", orgId, "limit", limit))
                : new Pipeline.Bound<>(OPTIONS_AND_CHOSEN, Map.of("orgId", orgId, "limit", limit, "selected", selected));
    }

    /**
     * As {@link #filterOptions(long, int, Long[])}, but when something was typed into the filter's finder
     * ({@code find}), the projects whose names match it (see {@link NameFinder}) in place of the most
     * recently updated, plus the chosen ones. With nothing typed it is that very query, and reads nothing now.
     */
    public static Pipeline.Bound<ProjectOption> filterOptions(Handle handle, long orgId, int limit, Long[] selected, String find) {
        if (!NameFinder.typed(find)) {
            return filterOptions(orgId, limit, selected);
        }
        var found = NameFinder.ids(handle, "projects", orgId, find, limit);
        return new Pipeline.Bound<>(FOUND_AND_CHOSEN, Map.of("orgId", orgId, "found", found, "selected", selected));
    }

    /**
     * The project a form names, when it is the org's and not deleted: the form keeps it among its options
     * though it may be older than those offered. A foreign or deleted id is none, so it is never shown.
     */
    public static Optional<ProjectOption> chosen(Handle handle, long orgId, Long id) {
        return id == null ? Optional.empty()
                : handle.createQuery("select id, name from projects where org_id = :orgId and id = :id and deleted_at is null")
                        .bind("orgId", orgId).bind("id", id).map(OPTION).findOne();
    }

    public static boolean exists(Handle handle, long orgId, long id) {
        return handle.createQuery("select exists (select 1 from projects where org_id = :orgId and id = :id and deleted_at is null)")
                .bind("orgId", orgId).bind("id", id).mapTo(boolean.class).one();
    }
}
