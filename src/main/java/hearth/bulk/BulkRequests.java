package hearth.bulk;

import hearth.auth.SessionManager;
import hearth.lists.ListQuery;
import hearth.orgs.Organizations;
import hearth.web.Current;
import hearth.web.Views;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The bulk bar's form, the same for every list: an explicit selection is applied at once (after a
 * confirmation for deletes), "all matching" is started in the background and its progress shown.
 */
public final class BulkRequests {
    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final BulkActions bulk;

    public BulkRequests(Jdbi jdbi, Views views, SessionManager sessions, BulkActions bulk) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.bulk = bulk;
    }

    public void apply(Context ctx, BulkList list) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var target = list.target();
        var query = list.query(ctx, org.path());
        var back = Current.safeNext(ctx.formParam("back"));
        if (back == null) {
            back = query.url();
        }
        var all = "matching".equals(ctx.formParam("scope"));
        var change = change(ctx, list, org.id());
        var confirmed = !change.deletes() || "yes".equals(ctx.formParam("confirmed"));
        try {
            if (all) {
                // One more than allowed, so that a filter that matches too many is refused rather than cut short.
                var ids = jdbi.withHandle(handle -> list.matching(handle, org.id(), query, BulkActions.MAX_MATCHING + 1));
                BulkActions.checkMatching(target, ids);
                if (!confirmed) {
                    confirm(ctx, target, ids.length, true, List.of(), back, query);
                    return;
                }
                var action = bulk.startMatching(org.id(), user.id(), target, change, ids);
                ctx.redirect(action.path(org.path()) + "?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8),
                        HttpStatus.SEE_OTHER);
                return;
            }
            var ids = ctx.formParams("ids").stream().map(BulkRequests::parseId).toArray(Long[]::new);
            if (!confirmed) {
                if (ids.length > BulkActions.MAX_SELECTED) {
                    throw BulkRefused.tooMany(target);
                }
                confirm(ctx, target, ids.length, false, List.of(ids), back, query);
                return;
            }
            var action = bulk.applyNow(org.id(), user.id(), target, change, ids);
            sessions.flash(ctx, action.summary() + ".", action.undoPath(org.path()));
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        } catch (BulkRefused refused) {
            // Nothing was changed: say why, and offer the way back to the unchanged list.
            ctx.status(refused.tooMany() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.CONFLICT);
            views.page(ctx, "bulk/refused.jte", "message", refused.getMessage(), "back", back);
        }
    }

    private static BulkChange change(Context ctx, BulkList list, long orgId) {
        var action = ctx.formParam("action");
        if (action == null || action.isEmpty()) {
            throw new BadRequestResponse("Choose what to change.");
        }
        return action.equals("delete") ? BulkChange.delete() : list.change(action, ctx, orgId);
    }

    /** Deletes one record as a bulk action of one, so that the toast can undo it like any other, then shows the list. */
    public void deleteOne(Context ctx, BulkTarget target, long id, String name, String listPath) {
        var org = Current.membership(ctx).org();
        var action = bulk.applyNow(org.id(), Current.user(ctx).id(), target, BulkChange.delete(), new Long[] {id});
        sessions.flash(ctx, "Deleted “" + name + "”.", action.undoPath(org.path()));
        ctx.redirect(listPath, HttpStatus.SEE_OTHER);
    }

    /**
     * Sets a member column (assignee, owner) to one of the org's members, or to nobody for "none".
     * Anyone else is refused: a bulk change must not hand rows to a stranger.
     */
    public BulkChange memberChange(long orgId, String value, String action, String column, String label) {
        if (value == null || value.isEmpty() || value.equals("none")) {
            return BulkChange.set(action, column, "bigint", null, label + " → nobody");
        }
        var member = jdbi.onDemand(Organizations.class).member(orgId, parseId(value))
                .orElseThrow(() -> new BadRequestResponse("Choose a member of this organization."));
        return BulkChange.set(action, column, "bigint", String.valueOf(member.userId()), label + " → " + member.name());
    }

    private void confirm(Context ctx, BulkTarget target, int count, boolean all, List<Long> ids, String back,
                         ListQuery query) {
        var post = query.basePath() + "/bulk" + query.filterQueryString();
        views.page(ctx, "bulk/confirm.jte", "page", new ConfirmPage("delete", target.count(count), all, ids, back, post));
    }

    private static Long parseId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("Not an id: " + value);
        }
    }
}
