package hearth.orgs;

import java.time.Instant;

/**
 * An org as every org-scoped request knows it, read with the caller's session. {@code assistantName} is
 * the name the org gave its assistant, or null for the default. {@code assistantFallback}: whether a model
 * that keeps failing before it answers may be stood in for by another of its class (an owner's choice).
 */
public record Organization(long id, String name, String slug, Plan plan, Instant createdAt, String assistantName,
                           boolean assistantFallback) {
    public static final String DEFAULT_ASSISTANT_NAME = "Hearth Assistant";

    public String path() {
        return "/o/" + slug;
    }

    /** What the assistant is called in this org. */
    public String assistant() {
        return assistantName == null ? DEFAULT_ASSISTANT_NAME : assistantName;
    }
}
