package hearth.orgs;

import org.jdbi.v3.core.mapper.Nested;

/** The logged-in user's place in one organization: every org-scoped handler starts from this. */
public record Membership(@Nested("org") Organization org, OrgRole role) {

    public boolean canManage() {
        return role.canManage();
    }
}
