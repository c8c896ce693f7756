package hearth.orgs;

import java.time.Instant;

public record Organization(long id, String name, String slug, Plan plan, Instant createdAt) {

    public String path() {
        return "/o/" + slug;
    }
}
