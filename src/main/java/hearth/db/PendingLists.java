package hearth.db;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves what the full-text (GIN) indexes have queued into the indexes themselves, in the background.
 *
 * <p>A GIN index takes new rows into an unsorted pending list and merges that list into the index
 * only when it outgrows {@code gin_pending_list_limit} (4 MB). The statement whose row tips it over
 * does the whole merge before it commits: with a task's search text indexed, every 70th bulk change
 * of 100 tasks took 100 to 400 ms instead of 10 to 20, and every search read the whole list until
 * then. PostgreSQL's documentation advises to have the merge done in the background; autovacuum does
 * it only after a fifth of a table has changed. Merging every second keeps the list short, so no
 * request pays for it and searches read less. (Turning the pending list off instead made every bulk
 * change three times slower: each row's words go into the index one by one.)
 */
public final class PendingLists {
    private static final Logger log = LoggerFactory.getLogger(PendingLists.class);

    /** Every GIN index of our schema, in one statement; an empty list costs a read of its index's first page. */
    private static final String MERGE = """
            select coalesce(sum(gin_clean_pending_list(i.indexrelid)), 0)
            from pg_index i
            join pg_class c on c.oid = i.indexrelid
            join pg_am a on a.oid = c.relam
            where a.amname = 'gin' and c.relnamespace = cast(current_schema() as regnamespace)
            """;

    private final Jdbi jdbi;
    private boolean warned;

    public PendingLists(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Merges every pending list; returns the pending pages merged. */
    public long merge() {
        return jdbi.withHandle(handle -> handle.createQuery(MERGE).mapTo(Long.class).one());
    }

    /**
     * For the housekeeping schedule: a failure (say, the app's database role does not own the indexes)
     * is logged once, and PostgreSQL's own merges go on as before.
     */
    public void mergeQuietly() {
        try {
            merge();
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("Could not merge the search indexes' pending lists (the app goes on; autovacuum merges them): {}",
                        e.getMessage());
            }
        }
    }
}
