package hearth.admin;

import hearth.assistant.Model;
import hearth.orgs.Plan;
import hearth.web.Form;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.Arrays;

/** The model form as typed, checked against what the catalogue's columns accept. */
final class ModelInput {
    static final String[] FIELDS = {"provider", "model_id", "display_name", "class", "context_window", "input_price",
            "output_price", "min_plan", "enabled"};
    /** numeric(12, 4): eight digits before the point. */
    private static final BigDecimal MAX_PRICE = new BigDecimal("99999999.9999");

    private ModelInput() {}

    static Form form(Context ctx) {
        return Form.from(ctx, FIELDS);
    }

    /** A new model: the most common provider and class, offered on no plan but Enterprise until an admin says otherwise. */
    static Form blank() {
        return Form.empty()
                .with("provider", "openrouter")
                .with("class", "BALANCED")
                .with("input_price", "0")
                .with("output_price", "0")
                .with("min_plan", Plan.ENTERPRISE.name())
                .with("enabled", "on");
    }

    static Form formOf(Model model) {
        return Form.empty()
                .with("provider", model.provider())
                .with("model_id", model.modelId())
                .with("display_name", model.displayName())
                .with("class", model.modelClass())
                .with("context_window", String.valueOf(model.contextWindow()))
                .with("input_price", model.inputPrice().stripTrailingZeros().toPlainString())
                .with("output_price", model.outputPrice().stripTrailingZeros().toPlainString())
                .with("min_plan", model.minPlan())
                .with("enabled", model.enabled() ? "on" : "");
    }

    /** The model the form describes, with {@code id}; null when something is wrong (the form then holds the messages). */
    static Model validate(Form form, long id) {
        form.requireOneOf("provider", "Provider", Model.PROVIDERS);
        form.requireText("model_id", "Model id", 200);
        form.requireText("display_name", "Display name", 100);
        form.requireOneOf("class", "Class", Model.CLASSES);
        var contextWindow = form.wholeNumber("context_window", "Context window", 1, Integer.MAX_VALUE, true);
        var inputPrice = form.decimal("input_price", "Input price", 4, MAX_PRICE);
        var outputPrice = form.decimal("output_price", "Output price", 4, MAX_PRICE);
        form.requireOneOf("min_plan", "Plan", Arrays.stream(Plan.values()).map(Enum::name).toList());
        if (!form.valid()) {
            return null;
        }
        return new Model(id, form.value("provider"), form.trimmed("model_id"), form.trimmed("display_name"),
                form.value("class"), contextWindow.intValue(), inputPrice, outputPrice, form.value("min_plan"),
                !form.value("enabled").isEmpty());
    }
}
