package hearth.orgs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
    @Test
    void eachPlanIncludesItselfAndThePlansBelowIt() {
        var included = new ArrayList<String>();
        for (var plan : Plan.values()) {
            for (var other : Plan.values()) {
                if (plan.includes(other)) {
                    included.add(plan + "⊇" + other);
                }
            }
        }

        assertEquals(List.of("FREE⊇FREE", "BASIC⊇FREE", "BASIC⊇BASIC", "PRO⊇FREE", "PRO⊇BASIC", "PRO⊇PRO",
                "ENTERPRISE⊇FREE", "ENTERPRISE⊇BASIC", "ENTERPRISE⊇PRO", "ENTERPRISE⊇ENTERPRISE"), included);
    }
}
