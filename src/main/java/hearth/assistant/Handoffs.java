package hearth.assistant;

import hearth.assistant.providers.Cancellation;
import hearth.assistant.providers.ChatMessage;
import hearth.assistant.providers.ChatRequest;
import hearth.support.HandoffTranscript;
import hearth.support.SupportBroadcasts;
import hearth.support.RateLimits;
import hearth.support.SupportConversations;
import hearth.support.SupportMessages;
import hearth.web.Current;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Talk to a person": an assistant conversation becomes a support conversation that carries it — a
 * copy of the transcript, a summary, a category and an urgency — and a system message in both
 * threads marks the hand-off. The member lands in the new support conversation.
 */
public final class Handoffs {
    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
    /** The member waits for the triage: a model that takes longer is dropped for the rules. */
    private static final long TRIAGE_SECONDS = 15;

    private final Jdbi jdbi;
    private final OwnRequests own;
    private final AssistantHandlers assistant;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "hearth-handoff-timeout");
        thread.setDaemon(true);
        return thread;
    });

    public Handoffs(Jdbi jdbi, Catalogue catalogue, AssistantHandlers assistant) {
        this.jdbi = jdbi;
        this.own = new OwnRequests(jdbi, catalogue);
        this.assistant = assistant;
    }

    /**
     * {@code POST /o/{org}/assistant/{id}/handoff}. The support conversation is made at once with the
     * rules' triage, under a lock on the assistant conversation, and only then does a model write its
     * triage: a second request (a double click, another tab, a retry) waits for the first's short
     * transaction and is led to the conversation it made instead of making another and paying for
     * another model call. Without the lock, two requests would both find no earlier hand-off.
     */
    public void create(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var conversation = jdbi.withHandle(handle -> Conversations.find(handle, org.id(), user.id(), id))
                .orElseThrow(NotFoundResponse::new);
        var thread = jdbi.withHandle(handle -> Messages.of(handle, org.id(), conversation.id()));
        var rules = Triage.byRules(conversation.title(), thread);
        Started started;
        try {
            started = jdbi.inTransaction(handle -> start(handle, org.id(), user.id(), conversation, rules));
        } catch (RateLimits.Exceeded refused) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            assistant.handoffRefused(ctx, conversation, refused.getMessage());
            return;
        }
        if (started.made()) {
            triageByModel(org.id(), user.id(), conversation, thread).ifPresent(written -> jdbi.useTransaction(handle -> {
                var conversations = handle.attach(SupportConversations.class);
                conversations.retriage(started.supportId(), written.summary(), written.urgency(), written.category(),
                        rules.urgency(), rules.category());
                SupportBroadcasts.conversationChanged(handle, conversations.findForStaff(started.supportId()).orElseThrow());
            }));
        }
        ctx.redirect("/support/" + started.supportId(), HttpStatus.SEE_OTHER);
    }

    /** The support conversation of a hand-off, and whether this request made it. */
    private record Started(long supportId, boolean made) {}

    private Started start(Handle handle, long orgId, long userId, Conversation conversation, Triage.Result triage) {
        if (!Conversations.lock(handle, orgId, userId, conversation.id())) {
            throw new NotFoundResponse();
        }
        var conversations = handle.attach(SupportConversations.class);
        var earlier = conversations.openHandoff(userId, conversation.id());
        if (earlier.isPresent()) {
            return new Started(earlier.get(), false);
        }
        RateLimits.take(handle, RateLimits.HANDOFFS, userId, 1);
        var supportConversationId = conversations.insert(orgId, userId, Triage.shorten(conversation.title(), 200),
                triage.urgency(), triage.category(), conversation.id(), triage.summary());
        HandoffTranscript.copy(handle, supportConversationId, orgId, userId, conversation.id());
        var note = "Handed over from the assistant conversation “" + Triage.shorten(conversation.title(), 150) + "”.";
        var messageId = handle.attach(SupportMessages.class).insert(supportConversationId, null, "system", note);
        conversations.messageAdded(supportConversationId, "system", note);
        SupportBroadcasts.messageAdded(handle, conversations.findForStaff(supportConversationId).orElseThrow(), messageId, false);

        var marker = Messages.insertSystem(handle, orgId, conversation.id(),
                "Handed to a person: support conversation #" + supportConversationId + ".");
        AssistantBroadcasts.messagesAdded(handle, orgId, userId, conversation.id(), List.of(marker));
        return new Started(supportConversationId, true);
    }

    /** A FAST model's triage when one is usable and answers in time with what was asked. */
    private Optional<Triage.Result> triageByModel(long orgId, long userId, Conversation conversation, List<Message> thread) {
        var model = jdbi.withHandle(handle -> own.fastModel(handle, orgId)).orElse(null);
        if (model == null) {
            return Optional.empty();
        }
        var transcript = OwnRequests.transcript(thread, 2000);
        var request = new ChatRequest(model.modelId(), List.of(new ChatMessage("system", Triage.instruction()),
                new ChatMessage("user", transcript.isEmpty() ? conversation.title() : transcript)), 0, 300);
        var cancellation = new Cancellation();
        var timeout = timer.schedule(cancellation::cancel, TRIAGE_SECONDS, TimeUnit.SECONDS);
        try {
            var answer = own.ask(model, request, cancellation, orgId, userId, conversation.id(), "summary");
            return Optional.ofNullable(Triage.parse(answer));
        } catch (Exception e) {
            log.info("Hand-off of conversation {} triaged by the rules: {}", conversation.id(), e.getMessage());
            return Optional.empty();
        } finally {
            timeout.cancel(false);
        }
    }
}
