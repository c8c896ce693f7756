package hearth.assistant;

import hearth.orgs.Plan;
import java.math.BigDecimal;
import java.util.List;

/**
 * A model in the catalogue: which provider serves it under which id, its class, context window, and
 * price in USD per million input and output tokens. It is offered to orgs whose plan includes
 * {@code minPlan}, while it is enabled.
 */
public record Model(long id, String provider, String modelId, String displayName, String modelClass, int contextWindow,
                    BigDecimal inputPrice, BigDecimal outputPrice, String minPlan, boolean enabled) {

    /** The providers the catalogue accepts (the database checks the same list). */
    public static final List<String> PROVIDERS = List.of("openrouter", "groq", "openai", "compatible", "anthropic");
    public static final List<String> CLASSES = List.of("FAST", "BALANCED", "POWERFUL");

    public Plan plan() {
        return Plan.valueOf(minPlan);
    }

    /** Whether an org on {@code plan} may use this model, if it is enabled. */
    public boolean availableOn(Plan plan) {
        return plan.includes(plan());
    }

    public static String classLabel(String modelClass) {
        return switch (modelClass) {
            case "FAST" -> "Fast";
            case "BALANCED" -> "Balanced";
            case "POWERFUL" -> "Powerful";
            default -> modelClass;
        };
    }
}
