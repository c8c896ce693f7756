package hearth.assistant;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The model catalogue. Platform-wide reference data: not owned by an org. */
@RegisterConstructorMapper(Model.class)
public interface Models {

    String COLUMNS = """
            id, provider, model_id, display_name, class as model_class, context_window, input_price, output_price,
            min_plan, enabled
            """;
    /** Cheapest tier first, then by name: the order of the catalogue and of a model picker. */
    String ORDER = " order by array_position(array['FREE', 'BASIC', 'PRO', 'ENTERPRISE'], min_plan), lower(display_name), id";

    @SqlQuery("select " + COLUMNS + " from ai_models" + ORDER)
    List<Model> all();

    @SqlQuery("select " + COLUMNS + " from ai_models where id = :id")
    Optional<Model> find(@Bind("id") long id);

    /** Empty when the catalogue already has this provider's model id. */
    @SqlQuery("""
            insert into ai_models (provider, model_id, display_name, class, context_window, input_price, output_price,
                                   min_plan, enabled)
            values (:provider, :modelId, :displayName, :modelClass, :contextWindow, :inputPrice, :outputPrice,
                    :minPlan, :enabled)
            on conflict (provider, model_id) do nothing
            returning\s""" + COLUMNS)
    Optional<Model> insert(@BindMethods Model model);

    /** Everything but the id, from {@code model}; a duplicate provider and model id fails on the unique key. */
    @SqlQuery("""
            update ai_models set provider = :provider, model_id = :modelId, display_name = :displayName,
                   class = :modelClass, context_window = :contextWindow, input_price = :inputPrice,
                   output_price = :outputPrice, min_plan = :minPlan, enabled = :enabled, updated_at = now()
            where id = :id
            returning\s""" + COLUMNS)
    Optional<Model> update(@BindMethods Model model);

    @SqlQuery("update ai_models set enabled = :enabled, updated_at = now() where id = :id returning " + COLUMNS)
    Optional<Model> setEnabled(@Bind("id") long id, @Bind("enabled") boolean enabled);

    /** Conversations that chose the model keep their messages and lose the choice (on delete set null). */
    @SqlQuery("delete from ai_models where id = :id returning " + COLUMNS)
    Optional<Model> delete(@Bind("id") long id);

    /** Across every org: how many conversations would lose their model choice if it were deleted. */
    @SqlQuery("select count(*) from assistant_conversations where model_id = :id")
    long conversationsUsing(@Bind("id") long id);
}
