package hearth.assistant;

import java.math.BigDecimal;

/** A model of the catalogue; prices are USD per million tokens, {@code minPlan} the lowest plan that has it. */
public record Model(long id, String provider, String modelId, String displayName, String modelClass, int contextWindow,
                    BigDecimal inputPrice, BigDecimal outputPrice, String minPlan, boolean enabled) {}
