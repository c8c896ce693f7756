package hearth.bulk;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import hearth.live.Broadcasts;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
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

    /** Applies a change to the selected rows at once; refused as a whole if any id is not the org's live row. */
    public BulkAction applyNow(long orgId, long actorId, BulkTarget target, BulkChange change, Long[] ids) {
        var unique = Arrays.stream(ids).distinct().toArray(Long[]::new);
        if (unique.length == 0) {
            throw new BulkRefused("Select at least one " + target.singular() + ".");
        }
        if (unique.length > MAX_SELECTED) {
            throw BulkRefused.tooMany(target);
        }
        return jdbi.inTransaction(handle -> {
            var id = insertAction(handle, orgId, actorId, target, change, unique.length);
            var changed = applyBatch(handle, id, orgId, actorId, target, change, unique);
            if (changed != unique.length) {
                // Rolls back everything above: a selection is applied whole or not at all.
                throw new BulkRefused((unique.length - changed) + " of the selected " + target.plural()
                        + " no longer exist or are not in this organization. Nothing was changed; reload and try again.");
            }
            Broadcasts.rowsChanged(handle, orgId, target.entityType(), Arrays.asList(unique));
            return finish(handle, id, orgId, actorId, target, change);
        });
    }

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
                var processed = batch.length;
                jdbi.useTransaction(handle -> {
                    applyBatch(handle, id, orgId, actorId, target, change, batch);
                    handle.createUpdate("update bulk_actions set done = done + :n where id = :id")
                            .bind("n", processed).bind("id", id).execute();
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
                    .map(ConstructorMapper.of(BulkAction.class)).findOne()
                    .orElseThrow(() -> new BulkRefused("There is nothing to undo."));
            if (!action.state().equals("DONE") && !action.state().equals("FAILED")) {
                throw new BulkRefused(action.state().equals("UNDONE") ? "That was already undone." : "Wait until it has finished.");
            }
            if (action.undoUntil() == null || action.undoUntil().plus(UNDO_GRACE).isBefore(java.time.Instant.now())) {
                throw new BulkRefused("Too late to undo: changes can be undone for " + UNDO_WINDOW.toSeconds() + " seconds.");
            }
            var restoredIds = handle.createQuery("update " + target.table() + " x set " + target.restoreSql()
                            + " from bulk_action_rows r where r.bulk_action_id = :id and x.id = r.entity_id and x.org_id = :orgId"
                            + " returning x.id")
                    .bind("id", id).bind("orgId", orgId).mapTo(Long.class).list();
            var restored = restoredIds.size();
            Broadcasts.rowsChanged(handle, orgId, target.entityType(), restoredIds);
            handle.createUpdate("""
                            insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)
                            select :orgId, :actorId, 'undo', :entityType, entity_id, :summary
                            from bulk_action_rows where bulk_action_id = :id
                            """)
                    .bind("orgId", orgId).bind("actorId", actorId).bind("entityType", target.entityType())
                    .bind("summary", "Undid: " + action.summary()).bind("id", id).execute();
            return handle.createQuery("update bulk_actions set state = 'UNDONE', done = :restored where id = :id returning " + COLUMNS)
                    .bind("restored", restored).bind("id", id)
                    .map(ConstructorMapper.of(BulkAction.class)).one();
        });
    }

    public Optional<BulkAction> find(long orgId, long id) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + COLUMNS + " from bulk_actions where org_id = :orgId and id = :id")
                .bind("orgId", orgId).bind("id", id)
                .map(ConstructorMapper.of(BulkAction.class)).findOne());
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
     * Snapshots, changes and logs the org's live rows among {@code ids}; returns how many there were.
     * One statement for the three steps: each row's snapshot, change and activity entry are written
     * set-wise, in one round trip.
     */
    private static int applyBatch(Handle handle, long id, long orgId, long actorId, BulkTarget target,
                                  BulkChange change, Long[] ids) {
        return handle.createQuery("with snapshotted as ("
                        + " insert into bulk_action_rows (bulk_action_id, entity_id, before)"
                        + " select :id, x.id, " + target.snapshotSql() + " from " + target.table() + " x"
                        + " where x.org_id = :orgId and x.id = any(:ids) and x.deleted_at is null"
                        + " on conflict do nothing returning entity_id),"
                        + " changed as ("
                        + " update " + target.table() + " x set " + change.assignment() + ", updated_at = now()"
                        + " from snapshotted r where r.entity_id = x.id and x.org_id = :orgId returning x.id),"
                        + " logged as ("
                        + " insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)"
                        + " select :orgId, :actorId, :action, :entityType, changed.id, :summary from changed)"
                        + " select count(*) from snapshotted")
                .bind("id", id).bind("orgId", orgId).bind("ids", ids)
                .bind("value", change.value()).bind("actorId", actorId)
                .bind("action", change.deletes() ? "deleted" : "bulk update").bind("entityType", target.entityType())
                .bind("summary", ids.length > 1 ? change.summary() + " (bulk)" : change.summary())
                .mapTo(Integer.class).one();
    }

    private static BulkAction finish(Handle handle, long id, long orgId, long actorId, BulkTarget target, BulkChange change) {
        var action = handle.createQuery("""
                        update bulk_actions set state = 'DONE', finished_at = now(),
                               done = (select count(*) from bulk_action_rows where bulk_action_id = :id),
                               undo_until = now() + make_interval(secs => :window)
                        where id = :id returning """ + " " + COLUMNS)
                .bind("id", id).bind("window", (double) UNDO_WINDOW.toSeconds())
                .map(ConstructorMapper.of(BulkAction.class)).one();
        handle.createUpdate("""
                        insert into activity (org_id, actor_id, action, entity_type, entity_id, summary)
                        values (:orgId, :actorId, 'bulk', :entityType, null, :summary)
                        """)
                .bind("orgId", orgId).bind("actorId", actorId).bind("entityType", target.entityType())
                .bind("summary", change.describe(target.count(action.done()))).execute();
        return action;
    }
}
