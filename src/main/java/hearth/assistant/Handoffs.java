package hearth.assistant;

import hearth.assistant.providers.Cancellation;
import hearth.assistant.providers.ChatMessage;
import hearth.assistant.providers.ChatRequest;
import hearth.support.SupportBroadcasts;
import hearth.support.SupportConversations;
import hearth.support.SupportMessages;
import hearth.web.Current;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Talk to a person": an assistant conversation becomes a support conversation that carries it — a
 * link to the transcript, a summary, a category and an urgency — and a system message in both
 * threads marks the hand-off. The member lands in the new support conversation.
 */
public final class Handoffs {
    private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
    /** The member waits for the triage: a model that takes longer is dropped for the rules. */
    private static final long TRIAGE_SECONDS = 15;

    private final Jdbi jdbi;
    private final OwnRequests own;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "hearth-handoff-timeout");
        thread.setDaemon(true);
        return thread;
    });

    public Handoffs(Jdbi jdbi, Catalogue catalogue) {
        this.jdbi = jdbi;
        this.own = new OwnRequests(jdbi, catalogue);
    }

    /** {@code POST /o/{org}/assistant/{id}/handoff}. */
    public void create(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var conversation = jdbi.withHandle(handle -> Conversations.find(handle, org.id(), user.id(), id))
                .orElseThrow(NotFoundResponse::new);
        var thread = jdbi.withHandle(handle -> Messages.of(handle, org.id(), conversation.id()));
        var triage = triage(org.id(), user.id(), conversation, thread);
        var supportId = jdbi.inTransaction(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            var supportConversationId = conversations.insert(org.id(), user.id(), Triage.shorten(conversation.title(), 200),
                    triage.urgency(), triage.category(), conversation.id(), triage.summary());
            var note = "Handed over from the assistant conversation “" + Triage.shorten(conversation.title(), 150) + "”.";
            var messageId = handle.attach(SupportMessages.class).insert(supportConversationId, null, "system", note);
            conversations.messageAdded(supportConversationId, "system", note);
            SupportBroadcasts.messageAdded(handle, conversations.findForStaff(supportConversationId).orElseThrow(), messageId, false);

            var marker = Messages.insertSystem(handle, org.id(), conversation.id(),
                    "Handed to a person: support conversation #" + supportConversationId + ".");
            AssistantBroadcasts.messagesAdded(handle, org.id(), user.id(), conversation.id(), List.of(marker));
            return supportConversationId;
        });
        ctx.redirect("/support/" + supportId, HttpStatus.SEE_OTHER);
    }

    /** A FAST model's triage when one is usable and answers in time with what was asked; the rules' otherwise. */
    private Triage.Result triage(long orgId, long userId, Conversation conversation, List<Message> thread) {
        var rules = Triage.byRules(conversation.title(), thread);
        var model = jdbi.withHandle(handle -> own.fastModel(handle, orgId)).orElse(null);
        if (model == null) {
            return rules;
        }
        var transcript = OwnRequests.transcript(thread, 2000);
        var request = new ChatRequest(model.modelId(), List.of(new ChatMessage("system", Triage.instruction()),
                new ChatMessage("user", transcript.isEmpty() ? conversation.title() : transcript)), 0, 300);
        var cancellation = new Cancellation();
        var timeout = timer.schedule(cancellation::cancel, TRIAGE_SECONDS, TimeUnit.SECONDS);
        try {
            var answer = own.ask(model, request, cancellation, orgId, userId, conversation.id(), "summary");
            var written = Triage.parse(answer);
            return written != null ? written : rules;
        } catch (Exception e) {
            log.info("Hand-off of conversation {} triaged by the rules: {}", conversation.id(), e.getMessage());
            return rules;
        } finally {
            timeout.cancel(false);
        }
    }
}
