package hearth.assistant;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(Model.class)
public interface Models {
    String SELECT = """
            select id, provider, model_id, display_name, class as model_class, context_window, input_price, output_price,
                   min_plan, enabled
            from ai_models
            """;

    @SqlQuery(SELECT + " order by array_position(array['FREE','BASIC','PRO','ENTERPRISE'], min_plan), display_name")
    List<Model> all();

    @SqlQuery(SELECT + " where id = :id")
    Optional<Model> find(@Bind("id") long id);

    @SqlQuery(SELECT + " where enabled order by array_position(array['FREE','BASIC','PRO','ENTERPRISE'], min_plan), display_name")
    List<Model> enabled();
}
