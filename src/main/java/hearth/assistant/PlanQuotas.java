package hearth.assistant;

import hearth.orgs.Plan;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The tier policy: the request and token limits of each plan (see {@link PlanQuota}). */
@RegisterConstructorMapper(PlanQuota.class)
public interface PlanQuotas {

    String ORDER = """
             order by array_position(array['FREE', 'BASIC', 'PRO', 'ENTERPRISE'], plan),
                      array_position(array['user', 'org'], scope), array_position(array['hour', 'day', 'month'], period)
            """;

    @SqlQuery("select plan, scope, period, requests, tokens from plan_quotas" + ORDER)
    List<PlanQuota> all();

    @SqlQuery("select plan, scope, period, requests, tokens from plan_quotas where plan = :plan" + ORDER)
    List<PlanQuota> of(@Bind("plan") Plan plan);

    /** Makes {@code quotas} the whole policy of {@code plan}; the unlimited ones are left out as rows. */
    @Transaction
    default void replace(Plan plan, List<PlanQuota> quotas) {
        if (quotas.stream().anyMatch(quota -> quota.plan() != plan)) {
            throw new IllegalArgumentException("Every quota must be of the " + plan + " plan: " + quotas);
        }
        // Two admins saving the same plan at once: without the lock the later delete would miss the
        // rows the first inserts, and its inserts would fail on the primary key.
        lockAgainstOtherWriters();
        deleteOf(plan);
        insert(quotas.stream().filter(quota -> !quota.unlimited()).toList());
    }

    @SqlUpdate("lock table plan_quotas in share row exclusive mode")
    void lockAgainstOtherWriters();

    @SqlUpdate("delete from plan_quotas where plan = :plan")
    int deleteOf(@Bind("plan") Plan plan);

    @SqlBatch("insert into plan_quotas (plan, scope, period, requests, tokens) values (:plan, :scope, :period, :requests, :tokens)")
    void insert(@BindMethods List<PlanQuota> quotas);
}
