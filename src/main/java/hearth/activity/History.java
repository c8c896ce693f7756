package hearth.activity;

import io.javalin.http.Context;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A page of one record's history, newest first, and where the next older page starts ({@code null} when
 * there are no older entries). A record's page shows the newest page; its history page the older ones,
 * by a keyset cursor (the id of the last entry shown), so entries recorded meanwhile repeat none.
 * Any member who may see the record sees all of its history, as its page always showed them the newest
 * part; the org's whole activity log stays with owners and admins.
 */
public record History(List<ActivityEntry> entries, Long olderBefore) {
    public static final int PAGE_SIZE = 50;

    /** The page of entries older than {@code before}; the newest when it is null. */
    public static History of(Handle handle, long orgId, String entityType, long entityId, Long before) {
        // By org as well as by record: should a caller skip loading the record in this org first, an id
        // from the URL still shows nothing of another org's.
        var read = handle.attach(Activities.class).forEntity(orgId, entityType, entityId,
                before == null ? Long.MAX_VALUE : before, PAGE_SIZE + 1);
        if (read.size() <= PAGE_SIZE) {
            return new History(read, null);
        }
        var shown = List.copyOf(read.subList(0, PAGE_SIZE));
        return new History(shown, shown.get(PAGE_SIZE - 1).id());
    }

    /** The {@code before} cursor of a history page's URL: null (the newest entries) when absent or not an id. */
    public static Long before(Context ctx) {
        try {
            var before = ctx.queryParam("before");
            return before == null ? null : Long.valueOf(before);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A record's history page: what list the record is in ({@code "tasks"}, shown as {@code listName}),
     * the record, and a page of its history; {@code newest} when it is the first page.
     */
    public record Page(String list, String listName, long recordId, String recordName, History history, boolean newest) {}
}
