package hearth.admin;

import hearth.assistant.Catalogue;
import hearth.assistant.Model;
import hearth.lists.Option;
import hearth.orgs.Plan;
import hearth.web.Form;
import java.math.BigDecimal;
import java.util.List;

/** The models of the model catalogue and tier policy pages. */
public final class CataloguePages {
    private CataloguePages() {}

    public static List<Option> providerOptions() {
        return Option.of(Model.PROVIDERS, provider -> provider, Catalogue::providerLabel);
    }

    public static List<Option> classOptions() {
        return Option.of(Model.CLASSES, modelClass -> modelClass, Model::classLabel);
    }

    public static List<Option> planOptions() {
        return Option.of(Plan.class, Plan::label);
    }

    /** "$0.05", "$3.00", "$0.0125": a price per million tokens with cents, and more places only when it has them. */
    public static String price(BigDecimal usd) {
        var stripped = usd.stripTrailingZeros();
        return "$" + usd.setScale(Math.max(2, stripped.scale())).toPlainString();
    }

    public record ModelList(List<Model> models) {}

    public record ModelForm(Form form, Model model) {
        public boolean editing() {
            return model != null;
        }
    }

    /** Deleting a model: how many conversations, in any org, chose it. */
    public record ModelDeletion(Model model, long conversations) {}

    /** One plan's limits as a form, and the models the plan has (read-only here). */
    public record PlanPolicy(Plan plan, Form form, List<Model> models) {}

    public record PlansPage(List<PlanPolicy> plans) {}
}
