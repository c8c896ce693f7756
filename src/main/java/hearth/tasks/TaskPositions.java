package hearth.tasks;

import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Board order. Positions are doubles spaced 1024 apart; a card dropped between two others takes the
 * midpoint. When the gap gets too small to split, the column is renumbered first.
 */
public interface TaskPositions extends SqlObject {
    double GAP = 1024;
    double MIN_GAP = 1e-6;

    @SqlQuery("select position from tasks where org_id = :orgId and id = :id and status = :status and deleted_at is null")
    Optional<Double> positionIn(@Bind("orgId") long orgId, @Bind("id") long id, @Bind("status") TaskStatus status);

    @SqlQuery("""
            select min(position) from tasks
            where org_id = :orgId and status = :status and deleted_at is null and position > :position and id <> :moving
            """)
    Optional<Double> nextAfter(@Bind("orgId") long orgId, @Bind("status") TaskStatus status,
                               @Bind("position") double position, @Bind("moving") long moving);

    @SqlQuery("""
            select max(position) from tasks
            where org_id = :orgId and status = :status and deleted_at is null and position < :position and id <> :moving
            """)
    Optional<Double> previousBefore(@Bind("orgId") long orgId, @Bind("status") TaskStatus status,
                                    @Bind("position") double position, @Bind("moving") long moving);

    @SqlQuery("select max(position) from tasks where org_id = :orgId and status = :status and deleted_at is null and id <> :moving")
    Optional<Double> last(@Bind("orgId") long orgId, @Bind("status") TaskStatus status, @Bind("moving") long moving);

    @SqlUpdate("""
            update tasks t set position = ordered.n * 1024
            from (select id, row_number() over (order by position, id) as n from tasks
                  where org_id = :orgId and status = :status and deleted_at is null) ordered
            where t.id = ordered.id
            """)
    void renumber(@Bind("orgId") long orgId, @Bind("status") TaskStatus status);

    /** The position for a card placed below {@code after} and above {@code before} (either may be absent). */
    default double between(long orgId, TaskStatus status, long moving, Long after, Long before) {
        var position = tryBetween(orgId, status, moving, after, before);
        if (position.isPresent()) {
            return position.get();
        }
        renumber(orgId, status);
        return tryBetween(orgId, status, moving, after, before).orElseThrow();
    }

    private Optional<Double> tryBetween(long orgId, TaskStatus status, long moving, Long after, Long before) {
        Optional<Double> upper = Optional.empty();
        Optional<Double> lower = Optional.empty();
        if (after != null) {
            lower = positionIn(orgId, after, status);
            upper = lower.flatMap(p -> nextAfter(orgId, status, p, moving));
        } else if (before != null) {
            upper = positionIn(orgId, before, status);
            lower = upper.flatMap(p -> previousBefore(orgId, status, p, moving));
            if (upper.isPresent() && lower.isEmpty()) {
                return Optional.of(upper.get() - GAP);
            }
        }
        if (lower.isEmpty() && upper.isEmpty()) {
            return Optional.of(last(orgId, status, moving).orElse(0.0) + GAP);
        }
        if (upper.isEmpty()) {
            return Optional.of(lower.get() + GAP);
        }
        if (upper.get() - lower.get() < MIN_GAP) {
            return Optional.empty();
        }
        return Optional.of((lower.get() + upper.get()) / 2);
    }
}
