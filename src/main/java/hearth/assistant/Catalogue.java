package hearth.assistant;

import hearth.assistant.providers.Providers;
import hearth.db.Pipeline;
import hearth.orgs.Plan;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Which models of the catalogue an org's plan may use, and which of those this instance can reach. */
public final class Catalogue {
    /** A model as the picker shows it: usable, or why not (a plan that unlocks it, or a variable to set). */
    public record Choice(Model model, boolean inPlan, boolean configured) {
        public boolean usable() {
            return inPlan && configured;
        }

        public String unlockedBy() {
            return Plan.valueOf(model.minPlan()).label();
        }

        public String variable() {
            return Providers.variableFor(model.provider());
        }

        public String providerLabel() {
            return Catalogue.providerLabel(model.provider());
        }
    }

    /** Read by hand: a reflective mapper matched the columns to the record again for every question. */
    private static final RowMapper<Model> MODEL = (rs, ctx) -> new Model(rs.getLong("id"), rs.getString("provider"),
            rs.getString("model_id"), rs.getString("display_name"), rs.getString("model_class"), rs.getInt("context_window"),
            rs.getBigDecimal("input_price"), rs.getBigDecimal("output_price"), rs.getString("min_plan"), rs.getBoolean("enabled"));

    private final Providers providers;

    public Catalogue(Providers providers) {
        this.providers = providers;
    }

    public boolean anyProvider() {
        return providers.any();
    }

    public Providers providers() {
        return providers;
    }

    /** Read on every question and every assistant page: a plain statement rather than an attached SQL object. */
    public List<Choice> choices(Handle handle, Plan plan) {
        return choices(handle.createQuery(ENABLED.sql()).map(MODEL).list(), plan);
    }

    /** The enabled models, as {@link #choices(List, Plan)} takes them. */
    public static final Pipeline.Query<Model> ENABLED = new Pipeline.Query<>(
            "select " + Models.COLUMNS + " from ai_models where enabled" + Models.ORDER, MODEL);

    public List<Choice> choices(List<Model> enabled, Plan plan) {
        return enabled.stream()
                .map(model -> new Choice(model, model.availableOn(plan), providers.get(model.provider()).isPresent()))
                .toList();
    }

    /** The model a request may use: enabled, in the plan, and its provider configured. */
    public static Optional<Model> usable(List<Choice> choices, Long modelId) {
        return choices.stream().filter(Choice::usable).map(Choice::model)
                .filter(model -> modelId != null && model.id() == modelId).findFirst();
    }

    /** A new conversation's model: the fastest class first, then the cheapest. */
    public static Optional<Model> preferred(List<Choice> choices) {
        return choices.stream().filter(Choice::usable).map(Choice::model)
                .min(Comparator.comparing((Model model) -> classRank(model.modelClass()))
                        .thenComparing(model -> model.inputPrice().add(model.outputPrice())));
    }

    /** For the app's own work (titles, summaries): a FAST model, the cheapest. */
    public static Optional<Model> fast(List<Choice> choices) {
        return choices.stream().filter(Choice::usable).map(Choice::model)
                .filter(model -> model.modelClass().equals("FAST"))
                .min(Comparator.comparing(model -> model.inputPrice().add(model.outputPrice())));
    }

    /** Another usable model of the same class, to try when {@code model} keeps failing before it answers. */
    public static Optional<Model> fallbackFor(List<Choice> choices, Model model) {
        return choices.stream().filter(Choice::usable).map(Choice::model)
                .filter(other -> other.id() != model.id() && other.modelClass().equals(model.modelClass()))
                .min(Comparator.comparing(other -> other.inputPrice().add(other.outputPrice())));
    }

    private static int classRank(String modelClass) {
        return switch (modelClass) {
            case "FAST" -> 0;
            case "BALANCED" -> 1;
            default -> 2;
        };
    }

    public static String providerLabel(String provider) {
        return switch (provider) {
            case "openrouter" -> "OpenRouter";
            case "groq" -> "Groq";
            case "openai" -> "OpenAI";
            case "anthropic" -> "Anthropic";
            default -> "OpenAI-compatible";
        };
    }
}
