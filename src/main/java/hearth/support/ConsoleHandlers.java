package hearth.support;

import hearth.auth.SessionManager;
import hearth.lists.Filters;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The agent console (Access.SUPPORT_STAFF): the queue, a conversation with its replies, notes,
 * assignment, status, priority, tags, archive, and merging duplicates. Staff see every org's
 * conversations, so nothing here is scoped by org; the route's access is what keeps members out.
 */
public final class ConsoleHandlers {
    static final String QUEUE = "/admin/support";
    static final int MAX_BODY = 10_000;
    private static final int HISTORY = 50;

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final QueueOptions options;
    private final Uploads uploads = new Uploads();

    public ConsoleHandlers(Jdbi jdbi, Views views, SessionManager sessions, QueueOptions options) {
        this.jdbi = jdbi;
        this.options = options;
        this.views = views;
        this.sessions = sessions;
    }

    public void queue(Context ctx) {
        var agent = Current.user(ctx);
        var query = QueueSearch.query(ctx);
        var page = jdbi.withHandle(handle -> {
            var result = QueueSearch.search(handle, query, agent.id());
            var choices = options.choices(handle, Filters.ids(query, "org"), QueueSearch.tags(query));
            return new ConsolePages.QueuePage(query, result.page(), result.count(), result.rankedNewest(), choices.staff(),
                    choices.orgs(), choices.tags(), ConsoleConversations.newestMessageId(handle));
        });
        views.page(ctx, "support/console/queue.jte", "page", page);
    }

    /** The conversation; opening it marks the member's messages read by the support team. */
    public void show(Context ctx) {
        var reply = ctx.queryParam("reply");
        show(ctx, Form.empty(), reply == null || reply.isBlank() ? null : parseId(reply));
    }

    private void show(Context ctx, Form form, Long cannedReplyId) {
        var agent = Current.user(ctx);
        var id = id(ctx);
        var page = jdbi.inTransaction(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            var conversation = conversations.findForStaff(id).orElseThrow(NotFoundResponse::new);
            if (conversation.mergedInto() == null && conversation.lastMessageId() > conversation.agentReadThrough()) {
                conversations.agentsRead(id, conversation.lastMessageId());
                SupportBroadcasts.conversationChanged(handle, conversation);
                conversation = conversations.findForStaff(id).orElseThrow();
            }
            var variables = CannedReplies.variables(conversation, agent.name());
            var replies = handle.attach(CannedReplies.class).all().stream()
                    .map(r -> new ConsolePages.FilledReply(r.id(), r.title(), CannedReplies.fill(r.body(), variables)))
                    .toList();
            if (cannedReplyId != null) {
                // Without script, "Insert" reloads the page with the reply in the box.
                replies.stream().filter(r -> r.id() == cannedReplyId).findFirst()
                        .ifPresent(r -> form.with("body", form.value("body").isEmpty() ? r.text() : form.value("body") + "\n\n" + r.text()));
            }
            var console = handle.attach(ConsoleConversations.class);
            var messages = handle.attach(SupportMessages.class).forStaff(id);
            var attachments = handle.attach(SupportAttachments.class)
                    .ofMessages(messages.stream().map(SupportMessage::id).toArray(Long[]::new)).stream()
                    .collect(java.util.stream.Collectors.groupingBy(SupportAttachment::messageId));
            return new ConsolePages.ConversationPage(conversation, messages,
                    console.tags(id), console.staff(), replies, attachments,
                    handle.attach(ConsoleLog.class).of(id, HISTORY),
                    console.siblings(id, conversation.userId(), conversation.orgId()), form, ConsoleConversations.newestMessageId(handle),
                    HandoffTranscript.of(handle, conversation.id()));
        });
        views.page(ctx, "support/console/conversation.jte", "page", page);
    }

    /**
     * A reply to the member ({@code kind=agent}) or an internal note ({@code kind=note}) the member never
     * sees, with files or without, as multipart or a plain form. The files go through the members' checks
     * and count toward the same hourly limit of the conversation's org.
     */
    public void send(Context ctx) {
        var agent = Current.user(ctx);
        var form = Form.from(ctx, "body", "kind");
        var note = "note".equals(form.value("kind"));
        var files = uploads.read(ctx, form);
        if (files.isEmpty()) {
            form.requireText("body", note ? "A note" : "A reply", MAX_BODY);
        } else {
            form.maxLength("body", note ? "A note" : "A reply", MAX_BODY);
        }
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            show(ctx, form, null);
            return;
        }
        var body = form.trimmed("body");
        var kind = note ? "note" : "agent";
        var id = id(ctx);
        try {
            jdbi.useTransaction(handle -> {
                var conversation = editable(handle, id);
                var messageId = handle.attach(SupportMessages.class).insert(id, agent.id(), kind, body);
                // A note's files hang on the note, so they are served and shown to the support team only.
                Uploads.store(handle, conversation, messageId, files, RateLimits.STAFF_UPLOADS);
                var conversations = handle.attach(SupportConversations.class);
                var preview = Uploads.preview(body, files);
                conversations.messageAdded(id, kind, preview);
                if (!note) {
                    // Whoever answers has read what they answer.
                    conversations.agentsRead(id, conversation.lastMessageId());
                }
                handle.attach(ConsoleLog.class).record(id, agent.id(), note ? "noted" : "replied",
                        (note ? "Internal note: " : "Replied: ") + preview(preview));
                SupportBroadcasts.messageAdded(handle, conversation, messageId, note);
            });
        } catch (RateLimits.Exceeded refused) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            show(ctx, form.problem(refused.getMessage()), null);
            return;
        }
        back(ctx, id, note ? "Internal note added." : "Reply sent.");
    }

    /** {@code assignee}: "me", "none" or a staff member's id. */
    public void assign(Context ctx) {
        var agent = Current.user(ctx);
        var value = ctx.formParam("assignee");
        change(ctx, (handle, conversation) -> {
            var console = handle.attach(ConsoleConversations.class);
            var assignee = assigneeId(value, agent.id());
            if (Objects.equals(assignee, conversation.assigneeId())) {
                return null;
            }
            var name = assignee == null ? "nobody" : console.staffName(assignee)
                    .orElseThrow(() -> new BadRequestResponse("Choose someone from the support team."));
            console.assign(conversation.id(), assignee);
            return new Logged("assigned", "Assigned to " + name);
        });
    }

    public void changeStatus(Context ctx) {
        changeChoice(ctx, "status", QueueSearch.STATUSES, SupportConversation::status, ConsolePages::statusLabel,
                (handle, id, status) -> handle.attach(SupportConversations.class).changeStatus(id, status));
    }

    public void changePriority(Context ctx) {
        changeChoice(ctx, "priority", QueueSearch.PRIORITIES, SupportConversation::priority, ConsolePages::priorityLabel,
                (handle, id, priority) -> handle.attach(ConsoleConversations.class).changePriority(id, priority));
    }

    private interface Setter {
        void set(Handle handle, long conversationId, String value);
    }

    /** Status and priority: one of a few values, from the form field of that name; logged as "Status Open → Closed". */
    private void changeChoice(Context ctx, String field, java.util.List<String> allowed,
                              java.util.function.Function<SupportConversation, String> current,
                              java.util.function.UnaryOperator<String> label, Setter setter) {
        var value = oneOf(ctx.formParam(field), allowed, field);
        change(ctx, (handle, conversation) -> {
            var before = current.apply(conversation);
            if (before.equals(value)) {
                return null;
            }
            setter.set(handle, conversation.id(), value);
            var name = Character.toUpperCase(field.charAt(0)) + field.substring(1);
            return new Logged(field, name + " " + label.apply(before) + " → " + label.apply(value));
        });
    }

    public void addTag(Context ctx) {
        var tag = tag(ctx.formParam("tag"));
        change(ctx, (handle, conversation) -> handle.attach(ConsoleConversations.class).addTag(conversation.id(), tag) == 0
                ? null : new Logged("tagged", "Tagged " + tag));
        options.changed();
    }

    public void removeTag(Context ctx) {
        var tag = tag(ctx.pathParam("tag"));
        change(ctx, (handle, conversation) -> handle.attach(ConsoleConversations.class).removeTag(conversation.id(), tag) == 0
                ? null : new Logged("untagged", "Removed tag " + tag));
        options.changed();
    }

    public void archive(Context ctx) {
        change(ctx, (handle, conversation) -> handle.attach(ConsoleConversations.class).archive(conversation.id()) == 0
                ? null : new Logged("archived", "Archived"));
    }

    public void restore(Context ctx) {
        change(ctx, (handle, conversation) -> handle.attach(ConsoleConversations.class).restore(conversation.id()) == 0
                ? null : new Logged("restored", "Restored from the archive"));
    }

    /**
     * Choosing what to merge: {@code other} is the other conversation's number and {@code keep} says
     * which one stays ("this" or "other"). With both, the page previews what would move.
     */
    public void mergePage(Context ctx) {
        var id = id(ctx);
        var other = Objects.requireNonNullElse(ctx.queryParam("other"), "").trim();
        var keep = "other".equals(ctx.queryParam("keep")) ? "other" : "this";
        var page = jdbi.withHandle(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            var conversation = conversations.findForStaff(id).orElseThrow(NotFoundResponse::new);
            var siblings = handle.attach(ConsoleConversations.class)
                    .siblings(id, conversation.userId(), conversation.orgId());
            if (other.isEmpty()) {
                return new ConsolePages.MergePage(conversation, siblings, null, other, keep, null);
            }
            var otherId = optionalId(other);
            var found = otherId == null ? null : conversations.findForStaff(otherId).orElse(null);
            if (found == null) {
                return new ConsolePages.MergePage(conversation, siblings, null, other, keep,
                        "There is no conversation #" + other + ".");
            }
            var merge = keep.equals("this") ? Merge.preview(handle, found, conversation) : Merge.preview(handle, conversation, found);
            return new ConsolePages.MergePage(conversation, siblings, merge, other, keep, null);
        });
        if (page.problem() != null || (page.merge() != null && !page.merge().allowed())) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        }
        views.page(ctx, "support/console/merge.jte", "page", page);
    }

    /** Merges, in one transaction, after the preview: messages, notes, attachments and tags move to the one kept. */
    public void merge(Context ctx) {
        var agent = Current.user(ctx);
        var id = id(ctx);
        var otherId = parseId(ctx.formParam("other"));
        var keepOther = "other".equals(ctx.formParam("keep"));
        var merge = jdbi.inTransaction(handle -> {
            handle.attach(Merges.class).lock(id, otherId);
            var conversations = handle.attach(SupportConversations.class);
            var conversation = conversations.findForStaff(id).orElseThrow(NotFoundResponse::new);
            var other = conversations.findForStaff(otherId)
                    .orElseThrow(() -> new NotFoundResponse("There is no conversation #" + otherId + "."));
            var planned = keepOther ? Merge.preview(handle, conversation, other) : Merge.preview(handle, other, conversation);
            if (!planned.allowed()) {
                throw new ConflictResponse(planned.refusal());
            }
            var systemMessage = planned.apply(handle);
            var log = handle.attach(ConsoleLog.class);
            log.record(planned.kept().id(), agent.id(), "merged", planned.summary());
            log.record(planned.duplicate().id(), agent.id(), "merged", planned.summary());
            SupportBroadcasts.messageAdded(handle, planned.kept(), systemMessage, false);
            SupportBroadcasts.conversationChanged(handle, planned.duplicate());
            return planned;
        });
        sessions.flash(ctx, merge.summary() + ".");
        ctx.redirect(QUEUE + "/" + merge.kept().id(), HttpStatus.SEE_OTHER);
    }

    public void stats(Context ctx) {
        var newest = jdbi.withHandle(ConsoleConversations::newestMessageId);
        var stats = jdbi.withHandle(handle -> SupportStats.load(handle, java.time.Clock.systemUTC()));
        views.page(ctx, "support/console/stats.jte", "stats", stats, "newestMessageId", newest);
    }

    // ---- the shape every change takes: load, refuse a merged conversation, change, log, broadcast

    /** What a change wrote to the support log; null when it changed nothing. */
    record Logged(String action, String detail) {}

    @FunctionalInterface
    interface Change {
        Logged apply(Handle handle, SupportConversation conversation);
    }

    private void change(Context ctx, Change change) {
        var agent = Current.user(ctx);
        var id = id(ctx);
        var logged = jdbi.inTransaction(handle -> {
            var conversation = editable(handle, id);
            var done = change.apply(handle, conversation);
            if (done != null) {
                handle.attach(ConsoleLog.class).record(id, agent.id(), done.action(), done.detail());
                SupportBroadcasts.conversationChanged(handle, conversation);
            }
            return done;
        });
        back(ctx, id, logged == null ? "Nothing to change." : logged.detail() + ".");
    }

    /** A conversation that can still be worked on: one merged into another is read-only. */
    static SupportConversation editable(Handle handle, long id) {
        var conversation = handle.attach(SupportConversations.class).findForStaff(id).orElseThrow(NotFoundResponse::new);
        if (conversation.mergedInto() != null) {
            throw new ConflictResponse("This conversation was merged into #" + conversation.mergedInto() + ": work on that one.");
        }
        return conversation;
    }

    private void back(Context ctx, long id, String message) {
        sessions.flash(ctx, message);
        ctx.redirect(QUEUE + "/" + id, HttpStatus.SEE_OTHER);
    }

    static Long assigneeId(String value, long agentId) {
        if (value == null || value.isBlank() || value.equals(Filters.NONE)) {
            return null;
        }
        return value.equals(QueueSearch.ME) ? agentId : parseId(value);
    }

    static String tag(String value) {
        var tag = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!QueueSearch.TAG.matcher(tag).matches()) {
            throw new HttpResponseException(HttpStatus.UNPROCESSABLE_CONTENT.getCode(),
                    "A tag is 1 to 30 lowercase letters, digits and dashes, starting with a letter or digit.");
        }
        return tag;
    }

    static String oneOf(String value, java.util.List<String> allowed, String what) {
        if (value == null || !allowed.contains(value)) {
            throw new BadRequestResponse("Choose a " + what + ": one of " + String.join(", ", allowed) + ".");
        }
        return value;
    }

    static String preview(String body) {
        var line = body.replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 119) + "…";
    }

    static long id(Context ctx) {
        return ctx.pathParamAsClass("id", Long.class).get();
    }

    static long parseId(String value) {
        var id = optionalId(value);
        if (id == null) {
            throw new BadRequestResponse("Not a conversation number: " + value);
        }
        return id;
    }

    private static Long optionalId(String value) {
        try {
            return value == null ? null : Long.parseLong(value.trim().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
