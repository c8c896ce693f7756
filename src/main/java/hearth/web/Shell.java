package hearth.web;

import hearth.auth.Flash;
import hearth.auth.User;
import hearth.orgs.Membership;
import java.util.List;

/**
 * What the layout needs around every page: who is looking, in which organization, the CSRF token,
 * a message left by the previous request and the support messages they have not read.
 */
public record Shell(
        User user,
        Membership membership,
        List<Membership> memberships,
        String csrfToken,
        Long rememberedOrgId,
        Flash flash,
        boolean fragment,
        String path,
        String url,
        Assets assets,
        long liveSince,
        int supportUnread) {

    public boolean loggedIn() {
        return user != null;
    }

    public boolean inOrg() {
        return membership != null;
    }

    /** The org the sidebar shows: this page's, else the one the user was last in. */
    public Membership navOrg() {
        if (membership != null || rememberedOrgId == null) {
            return membership;
        }
        return memberships.stream().filter(m -> m.org().id() == rememberedOrgId).findFirst().orElse(null);
    }

    public String orgPath() {
        return membership == null ? "" : membership.org().path();
    }

    public boolean at(String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    public String asset(String file) {
        return assets.url(file);
    }

    public String htmx() {
        return Assets.HTMX;
    }
}
