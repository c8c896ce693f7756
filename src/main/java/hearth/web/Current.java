package hearth.web;

import hearth.auth.User;
import hearth.orgs.Membership;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What the guard established about the request: the logged-in user and, on org routes, their membership. */
public final class Current {
    private static final String USER = "hearth.user";
    private static final String MEMBERSHIP = "hearth.membership";
    private static final String LIVE_SINCE = "hearth.liveSince";
    private static final String MEMBERSHIPS = "hearth.memberships";
    private static final String SUPPORT_UNREAD = "hearth.supportUnread";

    private Current() {}

    public static void setUser(Context ctx, User user) {
        ctx.attribute(USER, user);
    }

    public static void setMembership(Context ctx, Membership membership) {
        ctx.attribute(MEMBERSHIP, membership);
    }

    /** The live cursor when the request arrived: the page's stream resumes after it. */
    public static void setLiveSince(Context ctx, long cursor) {
        ctx.attribute(LIVE_SINCE, cursor);
    }

    public static long liveSince(Context ctx) {
        Long since = ctx.attribute(LIVE_SINCE);
        return since == null ? 0 : since;
    }

    /**
     * How many messages from support the user has not seen, read with the session for a page request;
     * null when it was not, or when the request changed it since ({@link #forgetSupportUnread}).
     */
    public static void setSupportUnread(Context ctx, int unread) {
        ctx.attribute(SUPPORT_UNREAD, unread);
    }

    public static Integer supportUnread(Context ctx) {
        return ctx.attribute(SUPPORT_UNREAD);
    }

    public static void forgetSupportUnread(Context ctx) {
        ctx.req().removeAttribute(SUPPORT_UNREAD);
    }

    /** Every org the logged-in user belongs to, loaded with the user. */
    public static void setMemberships(Context ctx, List<Membership> memberships) {
        ctx.attribute(MEMBERSHIPS, List.copyOf(memberships));
    }

    public static List<Membership> memberships(Context ctx) {
        List<Membership> memberships = ctx.attribute(MEMBERSHIPS);
        return memberships == null ? List.of() : memberships;
    }

    public static User userOrNull(Context ctx) {
        return ctx.attribute(USER);
    }

    public static User user(Context ctx) {
        User user = ctx.attribute(USER);
        if (user == null) {
            throw new UnauthorizedResponse();
        }
        return user;
    }

    public static Membership membershipOrNull(Context ctx) {
        return ctx.attribute(MEMBERSHIP);
    }

    public static Membership membership(Context ctx) {
        Membership membership = ctx.attribute(MEMBERSHIP);
        if (membership == null) {
            throw new NotFoundResponse();
        }
        return membership;
    }

    public static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    /** A boosted link or form: htmx asks for the whole page and swaps its body. */
    public static boolean isBoosted(Context ctx) {
        return "true".equals(ctx.header("HX-Boosted"));
    }

    /**
     * An htmx request that replaces part of a page, as opposed to a boosted navigation or a history
     * restore (back button after the cache is gone), which both want the whole page.
     */
    public static boolean isFragmentRequest(Context ctx) {
        return isHtmx(ctx) && !isBoosted(ctx) && !"true".equals(ctx.header("HX-History-Restore-Request"));
    }

    /**
     * The path and query of a URL the browser reported (Referer, HX-Current-URL), made safe to redirect
     * to: only the path is kept, so whatever site the URL names, the redirect stays on ours.
     */
    public static Optional<String> localPath(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            var uri = URI.create(url);
            return Optional.ofNullable(safeNext(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** A path we may send the browser to after login: ours, never another site's. */
    public static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return null;
        }
        return next;
    }
}
