package hearth.bulk;

import hearth.db.Values;
import hearth.live.Broadcasts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk changes with undo. An explicit selection (at most {@value #MAX_SELECTED} ids) is applied in one
 * transaction, all or nothing. "All matching" (at most {@value #MAX_MATCHING} rows) runs in the
 * background in batches of {@value #BATCH}, one transaction each, and reports its progress.
 * Either way the rows' previous values are saved, and the action can be undone for a few seconds.
 */
public final class BulkActions {
    private static final Logger log = LoggerFactory.getLogger(BulkActions.class);

    public static final int MAX_SELECTED = 100;
    public static final int MAX_MATCHING = 10_000;
    public static final int BATCH = 500;
    /** What the toast offers; the server allows a little more for the request to arrive. */
    public static final Duration UNDO_WINDOW = Duration.ofSeconds(5);
    private static final Duration UNDO_GRACE = Duration.ofSeconds(3);

    private static final String COLUMNS = """
            id, org_id, actor_id, entity_type, action, summary, total, done, state, error,
            created_at, finished_at, undo_until""";

    private final Jdbi jdbi;
    private final ExecutorService background;

    public BulkActions(Jdbi jdbi, ExecutorService background) {
        this.jdbi = jdbi;
        this.background = background;
    }

    /**
     * Applies a change to the selected rows at once; refused as a whole if any id is not the org's live
     * row. The action, its rows' snapshot, the change and its activity are one statement; the events
     * are a second.
     */
    public BulkAction applyNow(long orgId, long actorId, BulkTarget target, BulkChange change, Long[] ids) {
        var unique = Arrays.stream(ids).distinct().toArray(Long[]::new);
        if (unique.length == 0) {
            throw new BulkRefused("Select at least one " + target.singular() + ".");
        }
        if (unique.length > MAX_SELECTED) {
            throw BulkRefused.tooMany(target);
        }
        return jdbi.inTransaction(handle -> {
            var applied = bind(handle.createQuery("with action as ("
                            + " insert into bulk_actions (org_id, actor_id, entity_type, action, summary, total, done, state,"
                            + " finished_at, undo_until)"
                            + " values (:orgId, :actorId, :entityType, :action, :summary, :total, :total, 'DONE', now(),"
                            + " now() + make_interval(secs => :window))"
                            + " returning " + COLUMNS + "), "
                            + changes(target, change)
                            + ", summarized as (insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)"
                            + " select org_id, actor_id, 'bulk', entity_type, null, summary from action)"
                            + " select action.*, (select count(*) from changed) from action"),
                    orgId, actorId, target, change, unique, 0)
                    .bind("action", change.action()).bind("summary", change.describe(target.count(unique.length)))
                    .bind("total", unique.length).bind("window", (double) UNDO_WINDOW.toSeconds())
                    .map((rs, ctx) -> new Applied(action(rs), rs.getInt(14))).one();
            if (applied.changed() != unique.length) {
                // Rolls back everything above: a selection is applied whole or not at all.
                throw new BulkRefused((unique.length - applied.changed()) + " of the selected " + target.plural()
                        + " no longer exist or are not in this organization. Nothing was changed; reload and try again.");
            }
            Broadcasts.rowsChanged(handle, orgId, target.entityType(), Arrays.asList(unique));
            return applied.action();
        });
    }

    private record Applied(BulkAction action, int changed) {}

    /** Starts a change of every matching row in the background; the caller shows its progress. */
    public BulkAction startMatching(long orgId, long actorId, BulkTarget target, BulkChange change, Long[] ids) {
        checkMatching(target, ids);
        var id = jdbi.withHandle(handle -> insertAction(handle, orgId, actorId, target, change, ids.length));
        background.submit(() -> runBatches(id, orgId, actorId, target, change, ids));
        return find(orgId, id).orElseThrow();
    }

    /** Refuses "all matching" when nothing matches or more than {@value #MAX_MATCHING} rows do. */
    public static void checkMatching(BulkTarget target, Long[] ids) {
        if (ids.length == 0) {
            throw new BulkRefused("No " + target.plural() + " match this filter.");
        }
        if (ids.length > MAX_MATCHING) {
            throw new BulkRefused("This filter matches more than " + String.format("%,d", MAX_MATCHING) + " "
                    + target.plural() + ". Narrow it down and try again.");
        }
    }

    private void runBatches(long id, long orgId, long actorId, BulkTarget target, BulkChange change, Long[] ids) {
        try {
            for (int from = 0; from < ids.length; from += BATCH) {
                var batch = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + BATCH));
                var number = from / BATCH;
                jdbi.useTransaction(handle -> {
                    bind(handle.createQuery("with action as ("
                                    + " update bulk_actions set done = done + :n where id = :id returning id), "
                                    + changes(target, change) + " select count(*) from changed"),
                            orgId, actorId, target, change, batch, number)
                            .bind("n", batch.length).bind("id", id)
                            .mapTo(Integer.class).one();
                    Broadcasts.rowsChanged(handle, orgId, target.entityType(), Arrays.asList(batch));
                });
            }
            jdbi.useTransaction(handle -> finish(handle, id, orgId, actorId, target, change));
        } catch (RuntimeException e) {
            log.error("Bulk action {} failed", id, e);
            jdbi.useHandle(handle -> handle.createUpdate(
                            "update bulk_actions set state = 'FAILED', error = :error, finished_at = now() where id = :id")
                    .bind("error", "Stopped after an error; the batches before it were applied and can still be undone.")
                    .bind("id", id).execute());
        }
    }

    /** Puts back what the rows held before the action, if the undo window is still open. */
    public BulkAction undo(long orgId, long actorId, long id, BulkTarget target) {
        return jdbi.inTransaction(handle -> {
            var action = handle.createQuery("select " + COLUMNS + " from bulk_actions where org_id = :orgId and id = :id for update")
                    .bind("orgId", orgId).bind("id", id)
                    .map((rs, ctx) -> action(rs)).findOne()
                    .orElseThrow(() -> new BulkRefused("There is nothing to undo."));
            if (!action.state().equals("DONE") && !action.state().equals("FAILED")) {
                throw new BulkRefused(action.state().equals("UNDONE") ? "That was already undone." : "Wait until it has finished.");
            }
            if (action.undoUntil() == null || action.undoUntil().plus(UNDO_GRACE).isBefore(java.time.Instant.now())) {
                throw new BulkRefused("Too late to undo: changes can be undone for " + UNDO_WINDOW.toSeconds() + " seconds.");
            }
            var restoredIds = handle.createQuery("with restored as ("
                            + " update " + target.table() + " x set " + target.restoreSql()
                            + " from bulk_action_batches b, " + target.savedRowsSql("b.rows")
                            + " where b.bulk_action_id = :id and x.id = r.id and x.org_id = :orgId returning x.id),"
                            + " logged as (insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)"
                            + " select :orgId, :actorId, 'undo', :entityType, id, :summary from restored)"
                            + " select id from restored")
                    .bind("id", id).bind("orgId", orgId).bind("actorId", actorId).bind("entityType", target.entityType())
                    .bind("summary", "Undid: " + action.summary())
                    .mapTo(Long.class).list();
            Broadcasts.rowsChanged(handle, orgId, target.entityType(), restoredIds);
            return handle.createQuery("update bulk_actions set state = 'UNDONE', done = :restored where id = :id returning " + COLUMNS)
                    .bind("restored", restoredIds.size()).bind("id", id)
                    .map((rs, ctx) -> action(rs)).one();
        });
    }

    /**
     * Deletes the saved rows of actions that can no longer be undone, an hour after their window
     * closed (or after they stopped, or started, for those that never finished): only undo reads
     * them, and an action of 10,000 tasks saves 1.4 MB of JSON (about 100 KB once compressed). The
     * actions themselves stay.
     */
    public static int pruneSnapshots(Handle handle) {
        return handle.createUpdate("""
                        delete from bulk_action_batches b using bulk_actions a
                        where a.id = b.bulk_action_id
                          and coalesce(a.undo_until, a.finished_at, a.created_at) < now() - interval '1 hour'
                        """)
                .execute();
    }

    public Optional<BulkAction> find(long orgId, long id) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS + " from bulk_actions where org_id = :orgId and id = :id")
                .bind("orgId", orgId).bind("id", id)
                .map((rs, ctx) -> action(rs)).findOne());
    }

    private static long insertAction(Handle handle, long orgId, long actorId, BulkTarget target, BulkChange change, int total) {
        return handle.createQuery("""
                        insert into bulk_actions (org_id, actor_id, entity_type, action, summary, total)
                        values (:orgId, :actorId, :entityType, :action, :summary, :total) returning id
                        """)
                .bind("orgId", orgId).bind("actorId", actorId).bind("entityType", target.entityType())
                .bind("action", change.action()).bind("summary", change.describe(target.count(total)))
                .bind("total", total)
                .mapTo(Long.class).one();
    }

    /**
     * The common part of applying a batch, as common table expressions after one named {@code action}
     * (whose {@code id} is the bulk action's): the org's live rows among {@code :ids} ({@code target}),
     * their snapshot as batch {@code :batch} ({@code saved}), the change ({@code changed}, their ids) and
     * each row's activity entry ({@code logged}). Set-wise, in the statement that also writes the action.
     */
    private static String changes(BulkTarget target, BulkChange change) {
        return "target as (select x.id, " + target.snapshotSql() + " as before from " + target.table() + " x"
                + " where x.org_id = :orgId and x.id = any(:ids) and x.deleted_at is null),"
                + " saved as (insert into bulk_action_batches (bulk_action_id, batch, rows)"
                + " select action.id, :batch, jsonb_agg(target.before) from action, target group by action.id),"
                + " changed as (update " + target.table() + " x set " + change.assignment() + ", updated_at = now()"
                + " from target where x.id = target.id returning x.id),"
                + " logged as (insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)"
                + " select :orgId, :actorId, :rowAction, :entityType, changed.id, :rowSummary from changed)";
    }

    /** Binds what {@link #changes} reads. */
    private static <S extends SqlStatement<S>> S bind(S statement, long orgId, long actorId, BulkTarget target,
                                                      BulkChange change, Long[] ids, int batch) {
        return Values.bind(statement, "ids", ids).bind("orgId", orgId).bind("actorId", actorId).bind("batch", batch).bind("value", change.value())
                .bind("rowAction", change.deletes() ? "deleted" : "bulk update").bind("entityType", target.entityType())
                .bind("rowSummary", ids.length > 1 ? change.summary() + " (bulk)" : change.summary());
    }

    private static BulkAction finish(Handle handle, long id, long orgId, long actorId, BulkTarget target, BulkChange change) {
        var action = handle.createQuery("""
                        update bulk_actions set state = 'DONE', finished_at = now(),
                               done = (select coalesce(sum(jsonb_array_length(rows)), 0) from bulk_action_batches
                                       where bulk_action_id = :id),
                               undo_until = now() + make_interval(secs => :window)
                        where id = :id returning """ + " " + COLUMNS)
                .bind("id", id).bind("window", (double) UNDO_WINDOW.toSeconds())
                .map((rs, ctx) -> action(rs)).one();
        handle.createUpdate("""
                        insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)
                        values (:orgId, :actorId, 'bulk', :entityType, null, :summary)
                        """)
                .bind("orgId", orgId).bind("actorId", actorId).bind("entityType", target.entityType())
                .bind("summary", change.describe(target.count(action.done()))).execute();
        return action;
    }

    /** A bulk action from the first columns of a row read as {@link #COLUMNS}. */
    private static BulkAction action(ResultSet rs) throws SQLException {
        return new BulkAction(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getString(10),
                instant(rs, 11), instant(rs, 12), instant(rs, 13));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        var time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
