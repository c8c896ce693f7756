package hearth.support;

import hearth.auth.Session;
import hearth.auth.SessionManager;
import hearth.lists.Option;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Format;
import hearth.web.Views;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The member's side of the support desk: their conversations with the instance's support team,
 * across every org they belong to. Every lookup names the member and checks they still belong to
 * the conversation's org, so anyone else — another member of the same org, a member of another org,
 * and the support team too (they work conversations in the console) — gets a 404 here.
 */
public final class SupportHandlers {
    static final int MAX_SUBJECT = 200;
    public static final int MAX_MESSAGE = 10_000;
    static final int CONVERSATIONS_SHOWN = 100;
    private static final List<String> FILTERS = List.of("", "open", "closed");
    private static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final Uploads uploads;

    public SupportHandlers(Jdbi jdbi, Views views, SessionManager sessions) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.uploads = new Uploads();
    }

    /** {@code GET /support}: the member's conversations, {@code ?status=open|closed}, and the form for a new one. */
    public void index(Context ctx) {
        var org = sessions.current(ctx).map(Session::currentOrgId)
                .filter(id -> Current.memberships(ctx).stream().anyMatch(m -> m.org().id() == id))
                .or(() -> Current.memberships(ctx).stream().findFirst().map(m -> m.org().id()));
        renderList(ctx, Form.empty().with("priority", "normal").with("org", org.map(String::valueOf).orElse("")));
    }

    /** {@code POST /support}: a new conversation with its first message, in one of the member's orgs. */
    public void create(Context ctx) {
        var user = Current.user(ctx);
        var form = Form.from(ctx, "subject", "body", "priority", "org").requireText("subject", "Subject", MAX_SUBJECT);
        checkMessage(form, false);
        form.requireOneOf("priority", "Priority", PRIORITIES);
        var orgId = form.optionalId("org", "Choose one of your organizations.");
        // The org must be one of the member's own, from their memberships — never any id the form sends.
        var membership = Current.memberships(ctx).stream().filter(m -> orgId != null && m.org().id() == orgId).findFirst();
        if (membership.isEmpty()) {
            form.reject("org", "Choose one of your organizations.");
        }
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderList(ctx, form);
            return;
        }
        long id;
        try {
            id = jdbi.inTransaction(handle -> {
                RateLimits.take(handle, RateLimits.MESSAGES, user.id(), 1);
                var conversations = handle.attach(SupportConversations.class);
                var conversationId = conversations.insert(membership.get().org().id(), user.id(), form.trimmed("subject"),
                        form.value("priority"), null, null, null);
                var body = form.value("body").strip();
                var messageId = handle.attach(SupportMessages.class).insert(conversationId, user.id(), "user", body);
                conversations.messageAdded(conversationId, "user", body);
                var conversation = conversations.findForUser(user.id(), conversationId).orElseThrow();
                SupportBroadcasts.messageAdded(handle, conversation, messageId, false);
                return conversationId;
            });
        } catch (RateLimits.Exceeded refused) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            renderList(ctx, form.problem(refused.getMessage()));
            return;
        }
        ctx.redirect("/support/" + id, HttpStatus.SEE_OTHER);
    }

    /**
     * {@code GET /support/{id}}: the thread. Opening it marks everything in it read; a fragment the page
     * asks for to refresh a region does not, since a tab in the background refreshes too (the page's
     * script reports what a visible tab shows through {@link #receipt}).
     */
    public void show(Context ctx) {
        var conversation = find(ctx);
        if (!Current.isFragmentRequest(ctx)) {
            conversation = markRead(ctx, conversation, conversation.lastMessageId());
        }
        renderThread(ctx, conversation, Form.empty());
    }

    /** {@code POST /support/{id}/messages}: a message, with files or without, as multipart or a plain form. */
    public void send(Context ctx) {
        var user = Current.user(ctx);
        var conversation = writable(ctx);
        var form = Form.from(ctx, "body");
        var files = uploads.read(ctx, form);
        checkMessage(form, !files.isEmpty());
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderThread(ctx, conversation, form);
            return;
        }
        try {
            jdbi.useTransaction(handle -> {
                refuseIfMerged(handle, user.id(), conversation.id());
                RateLimits.take(handle, RateLimits.MESSAGES, user.id(), 1);
                var body = form.value("body").strip();
                var messageId = handle.attach(SupportMessages.class).insert(conversation.id(), user.id(), "user", body);
                Uploads.store(handle, conversation, messageId, files, RateLimits.UPLOADS);
                handle.attach(SupportConversations.class).messageAdded(conversation.id(), "user", Uploads.preview(body, files));
                SupportBroadcasts.messageAdded(handle, conversation, messageId, false);
            });
        } catch (RateLimits.Exceeded refused) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            renderThread(ctx, conversation, form.problem(refused.getMessage()));
            return;
        }
        ctx.redirect("/support/" + conversation.id(), HttpStatus.SEE_OTHER);
    }

    /** {@code POST /support/{id}/status}: the member closes their conversation ({@code closed}) or reopens it ({@code open}). */
    public void changeStatus(Context ctx) {
        var user = Current.user(ctx);
        var conversation = writable(ctx);
        var status = ctx.formParam("status");
        if (!"closed".equals(status) && !"open".equals(status)) {
            throw new BadRequestResponse("Choose to close or to reopen the conversation.");
        }
        if (status.equals("closed") == conversation.closed()) {
            // Already as asked (another tab did it): nothing to change.
            ctx.redirect("/support/" + conversation.id(), HttpStatus.SEE_OTHER);
            return;
        }
        jdbi.useTransaction(handle -> {
            refuseIfMerged(handle, user.id(), conversation.id());
            handle.attach(SupportConversations.class).changeStatus(conversation.id(), status);
            handle.createUpdate("""
                            insert into support_log (conversation_id, actor_id, action, detail)
                            values (:conversation, :actor, :action, 'by the member')
                            """)
                    .bind("conversation", conversation.id()).bind("actor", user.id())
                    .bind("action", status.equals("closed") ? "closed" : "reopened").execute();
            SupportBroadcasts.conversationChanged(handle, conversation);
        });
        sessions.flash(ctx, status.equals("closed") ? "Conversation closed. Send a message to reopen it."
                : "Conversation reopened.");
        ctx.redirect("/support/" + conversation.id(), HttpStatus.SEE_OTHER);
    }

    /**
     * {@code POST /support/{id}/receipt}: the page showed messages up to {@code through} in a visible tab.
     * Never past the conversation's newest message, so a page cannot mark what it has not been shown.
     */
    public void receipt(Context ctx) {
        var conversation = find(ctx);
        var form = Form.from(ctx, "through");
        var through = form.wholeNumber("through", "Through", 0, Long.MAX_VALUE, true);
        if (through == null) {
            throw new BadRequestResponse("Name the newest message shown.");
        }
        markRead(ctx, conversation, Math.min(through, conversation.lastMessageId()));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private SupportConversation markRead(Context ctx, SupportConversation conversation, long through) {
        return jdbi.inTransaction(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            if (conversations.userRead(conversation.id(), through) == 0) {
                return conversation;
            }
            // The navigation's badge counted these as unread when the request arrived.
            Current.forgetSupportUnread(ctx);
            SupportBroadcasts.conversationChanged(handle, conversation);
            return conversations.findForUser(Current.user(ctx).id(), conversation.id()).orElse(conversation);
        });
    }

    private static void checkMessage(Form form, boolean hasFiles) {
        var body = form.value("body").strip();
        if (body.isEmpty() && !hasFiles) {
            form.reject("body", "Write a message first.");
        } else if (body.length() > MAX_MESSAGE) {
            form.reject("body", "A message can be at most " + Format.number(MAX_MESSAGE) + " characters; this one has "
                    + Format.number(body.length()) + ".");
        }
    }

    private SupportConversation find(Context ctx) {
        var id = ctx.pathParamAsClass("id", Long.class).getOrThrow(e -> new NotFoundResponse());
        return jdbi.withHandle(handle -> handle.attach(SupportConversations.class).findForUser(Current.user(ctx).id(), id))
                .orElseThrow(NotFoundResponse::new);
    }

    /**
     * The member's conversation, refused (409) when it was merged into another: the support team works
     * only the one kept, and the queue leaves merged ones out, so a message here would go unanswered.
     */
    private SupportConversation writable(Context ctx) {
        var conversation = find(ctx);
        if (conversation.mergedInto() != null) {
            throw jdbi.withHandle(handle -> mergedRefusal(handle, conversation.userId(), conversation.mergedInto()));
        }
        return conversation;
    }

    /** Checked again in the write's transaction, with the row locked, for a merge that came in between. */
    private static void refuseIfMerged(Handle handle, long userId, long conversationId) {
        var mergedInto = handle.attach(SupportConversations.class).lockMergedInto(conversationId);
        if (mergedInto != 0) {
            throw mergedRefusal(handle, userId, mergedInto);
        }
    }

    private static ConflictResponse mergedRefusal(Handle handle, long userId, long mergedInto) {
        // A merge joins only one member's conversations in one org, so the one kept is the member's too.
        var where = handle.attach(SupportConversations.class).findForUser(userId, mergedInto)
                .map(kept -> "“" + kept.subject() + "”").orElse("another conversation");
        return new ConflictResponse("This conversation was merged into " + where
                + ": its messages are there now, so please write there. Nothing was changed here.");
    }

    private void renderList(Context ctx, Form form) {
        var user = Current.user(ctx);
        var status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
        var filter = FILTERS.contains(status) ? status : "";
        var conversations = jdbi.withHandle(handle ->
                handle.attach(SupportConversations.class).ofUser(user.id(), filter, CONVERSATIONS_SHOWN));
        var orgs = Option.of(Current.memberships(ctx), m -> m.org().id(), m -> m.org().name());
        views.page(ctx, "support/list.jte", "page", new SupportPages.ListPage(conversations, filter, form, orgs));
    }

    private void renderThread(Context ctx, SupportConversation conversation, Form form) {
        var page = jdbi.withHandle(handle -> {
            var messages = handle.attach(SupportMessages.class).forUser(conversation.id());
            var attachments = handle.attach(SupportAttachments.class)
                    .ofMessages(messages.stream().map(SupportMessage::id).toArray(Long[]::new)).stream()
                    .collect(Collectors.groupingBy(SupportAttachment::messageId));
            var mergedInto = conversation.mergedInto() == null ? null : handle.attach(SupportConversations.class)
                    .findForUser(conversation.userId(), conversation.mergedInto()).orElse(null);
            return new SupportPages.ThreadPage(conversation, messages, attachments, form, mergedInto);
        });
        views.page(ctx, "support/thread.jte", "page", page);
    }
}
