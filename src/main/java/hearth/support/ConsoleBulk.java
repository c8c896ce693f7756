package hearth.support;

import hearth.auth.SessionManager;
import hearth.bulk.BulkActions;
import hearth.bulk.BulkRefused;
import hearth.web.Current;
import hearth.web.Views;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The queue's bulk bar: assign, close or tag the selected conversations, at most
 * {@value BulkActions#MAX_SELECTED}, all in one transaction. A selection with a conversation that is
 * gone or merged is refused whole, saying which, and nothing changes.
 */
public final class ConsoleBulk {
    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final QueueOptions options;

    public ConsoleBulk(Jdbi jdbi, Views views, SessionManager sessions, QueueOptions options) {
        this.jdbi = jdbi;
        this.options = options;
        this.views = views;
        this.sessions = sessions;
    }

    public void apply(Context ctx) {
        var agent = Current.user(ctx);
        var back = Current.safeNext(ctx.formParam("back"));
        if (back == null || !back.startsWith(ConsoleHandlers.QUEUE)) {
            back = ConsoleHandlers.QUEUE;
        }
        var action = Objects.requireNonNullElse(ctx.formParam("action"), "");
        var ids = ctx.formParams("ids").stream().map(ConsoleHandlers::parseId).collect(Collectors.toCollection(TreeSet::new));
        try {
            if (ids.isEmpty()) {
                throw new BulkRefused("Select at least one conversation.");
            }
            if (ids.size() > BulkActions.MAX_SELECTED) {
                throw new BulkRefused("Select at most " + BulkActions.MAX_SELECTED + " conversations at a time.");
            }
            var change = change(action, ctx, agent.id());
            var done = jdbi.inTransaction(handle -> {
                var found = handle.attach(SupportConversations.class).findAll(ids.toArray(Long[]::new));
                var gone = ids.stream().filter(id -> found.stream().noneMatch(c -> c.id() == id)).toList();
                if (!gone.isEmpty()) {
                    throw new BulkRefused(numbers(gone) + (gone.size() == 1 ? " no longer exists" : " no longer exist")
                            + ". Nothing was changed; reload and try again.");
                }
                var merged = found.stream().filter(c -> c.mergedInto() != null).map(SupportConversation::id).toList();
                if (!merged.isEmpty()) {
                    throw new BulkRefused(numbers(merged) + (merged.size() == 1 ? " was" : " were")
                            + " merged into another conversation. Nothing was changed.");
                }
                var log = handle.attach(ConsoleLog.class);
                var changed = 0;
                for (var conversation : found) {
                    var detail = change.step().apply(handle, conversation);
                    if (detail != null) {
                        log.record(conversation.id(), agent.id(), change.action(), detail + " (bulk)");
                        SupportBroadcasts.conversationChanged(handle, conversation);
                        changed++;
                    }
                }
                return changed;
            });
            options.changed();
            sessions.flash(ctx, change.summary() + ": " + done + " of " + ids.size()
                    + (ids.size() == 1 ? " conversation" : " conversations") + " changed.");
            ctx.redirect(back, HttpStatus.SEE_OTHER);
        } catch (BulkRefused refused) {
            ctx.status(refused.getMessage().startsWith("Select at most") ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.CONFLICT);
            views.page(ctx, "bulk/refused.jte", "message", refused.getMessage(), "back", back);
        }
    }

    /** One change applied to each conversation: the log's detail, or null when it changed nothing there. */
    private interface Step {
        String apply(Handle handle, SupportConversation conversation);
    }

    private record Bulk(String action, String summary, Step step) {}

    private Bulk change(String action, Context ctx, long agentId) {
        return switch (action) {
            case "assign" -> {
                var assignee = ConsoleHandlers.assigneeId(ctx.formParam("to_assignee"), agentId);
                var name = assignee == null ? "nobody" : jdbi.onDemand(ConsoleConversations.class).staffName(assignee)
                        .orElseThrow(() -> new BadRequestResponse("Choose someone from the support team."));
                yield new Bulk("assigned", "Assigned to " + name, (handle, c) -> {
                    if (Objects.equals(c.assigneeId(), assignee)) {
                        return null;
                    }
                    handle.attach(ConsoleConversations.class).assign(c.id(), assignee);
                    return "Assigned to " + name;
                });
            }
            case "close" -> new Bulk("status", "Closed", (handle, c) -> {
                if (c.closed()) {
                    return null;
                }
                handle.attach(SupportConversations.class).changeStatus(c.id(), "closed");
                return "Status " + ConsolePages.statusLabel(c.status()) + " → Closed";
            });
            case "tag" -> {
                var tag = ConsoleHandlers.tag(ctx.formParam("to_tag"));
                yield new Bulk("tagged", "Tagged " + tag, (handle, c) ->
                        handle.attach(ConsoleConversations.class).addTag(c.id(), tag) == 0 ? null : "Tagged " + tag);
            }
            default -> throw new BadRequestResponse("Choose what to do: assign, close or tag.");
        };
    }

    private static String numbers(List<Long> ids) {
        return ids.stream().map(id -> "#" + id).collect(Collectors.joining(", "));
    }
}
