package hearth.bulk;

import hearth.lists.ListQuery;
import io.javalin.http.Context;
import org.jdbi.v3.core.Handle;

/**
 * A list whose rows can be changed in bulk: which table, the filter its page showed, the rows that
 * filter matches, and the changes its bulk bar offers. {@link BulkRequests} does the rest.
 */
public interface BulkList {
    BulkTarget target();

    /** The list's filter and sort, read from the request exactly as the list page reads them. */
    ListQuery query(Context ctx, String orgPath);

    /** The org's live rows the filter matches, in id order, at most {@code limit} of them. */
    Long[] matching(Handle handle, long orgId, ListQuery query, int limit);

    /**
     * The change the bulk bar's {@code action} asks for (delete is common to all lists and never comes
     * here); any member or value it names is checked against the org.
     */
    BulkChange change(String action, Context ctx, long orgId);
}
