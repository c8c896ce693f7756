package hearth.assistant;

import hearth.assistant.providers.ChatMessage;
import hearth.assistant.providers.ChatRequest;
import hearth.assistant.providers.Providers;
import hearth.db.Pipeline;
import hearth.lists.Search;
import hearth.orgs.Organization;
import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The assistant: a user's conversations with a model, in an org. Conversations are personal: every
 * query names the user as well as the org, so another member — even an admin — gets a 404.
 */
public final class AssistantHandlers {
    static final int MAX_QUESTION = 20_000;
    static final int CONVERSATIONS_SHOWN = 100;
    private static final List<String> TEMPERATURES = List.of("0", "0.7", "1");

    private final Jdbi jdbi;
    private final Views views;
    private final Catalogue catalogue;
    private final Generator generator;
    private final Clock clock;

    public AssistantHandlers(Jdbi jdbi, Views views, Catalogue catalogue, Generator generator, Clock clock) {
        this.jdbi = jdbi;
        this.views = views;
        this.catalogue = catalogue;
        this.generator = generator;
        this.clock = clock;
    }

    /** The conversation list, with a composer that starts a new conversation. */
    public void index(Context ctx) {
        render(ctx, null, Form.empty().with("temperature", "0.7"));
    }

    public void show(Context ctx) {
        var conversation = find(ctx);
        render(ctx, conversation, Form.empty().with("temperature", conversation.temperature().stripTrailingZeros().toPlainString())
                .with("model", conversation.modelId() == null ? "" : conversation.modelId().toString()));
    }

    /** The conversation again with why its hand-off to a person was refused, shown by the button. */
    void handoffRefused(Context ctx, Conversation conversation, String message) {
        render(ctx, conversation, Form.empty().with("temperature", conversation.temperature().stripTrailingZeros().toPlainString())
                .with("model", conversation.modelId() == null ? "" : conversation.modelId().toString())
                .reject("handoff", message));
    }

    /** {@code POST /o/{org}/assistant}: a new conversation with its first question. */
    public void create(Context ctx) {
        ask(ctx, null);
    }

    /** {@code POST /o/{org}/assistant/{id}/messages}: a question in a conversation. */
    public void send(Context ctx) {
        ask(ctx, ctx.pathParamAsClass("id", Long.class).get());
    }

    /**
     * Checks the question and the model, admits the request against the plan's limits, and writes the
     * question and an empty answer with their event, all in one transaction; then the answer is written
     * in the background. A refused or invalid request writes nothing.
     */
    private void ask(Context ctx, Long askedIn) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var form = Form.from(ctx, "content", "model", "temperature");
        var question = form.value("content").strip();
        if (question.isEmpty()) {
            form.reject("content", "Write a question first.");
        } else if (question.length() > MAX_QUESTION) {
            form.reject("content", "A question can be at most " + String.format("%,d", MAX_QUESTION) + " characters.");
        }
        if (!TEMPERATURES.contains(form.value("temperature"))) {
            form.reject("temperature", "Choose how precise the answer should be.");
        }
        // Everything the provider's request needs, read in one round trip before anything is written (the
        // conversation, its thread, the models, whether the limits had room): under load every wait for a
        // round trip is a wait for a core as well, and the question's first token waits for all of them.
        // Another user's conversation is not found, and its thread, read alongside, is never looked at.
        var prepared = jdbi.withHandle(handle -> {
            var bindings = new HashMap<String, Object>(Quotas.hadRoomBindings(org.id(), user.id(), org.plan(), clock.instant()));
            var reads = new ArrayList<Pipeline.Query<?>>(List.of(Catalogue.ENABLED, Quotas.HAD_ROOM));
            if (askedIn != null) {
                bindings.put("conversation", askedIn);
                reads.addAll(List.of(Conversations.FIND, Messages.THREAD));
            }
            var read = Pipeline.run(handle, bindings, reads);
            var existing = askedIn == null ? null
                    : read.of(Conversations.FIND).stream().findFirst().orElseThrow(NotFoundResponse::new);
            var choices = catalogue.choices(read.of(Catalogue.ENABLED), org.plan());
            var model = Catalogue.usable(choices, parseId(form.value("model"))).orElse(null);
            if (model == null) {
                form.reject("model", modelProblem(choices, parseId(form.value("model"))));
            }
            if (!form.valid()) {
                return new Prepared(existing, choices, null, null, false);
            }
            // The request as the provider will get it (the thread so far and this question) and, unless the
            // cache may answer it or a limit was reached, the provider asked already: its first token is
            // then on its way while the question is written and the request admitted.
            var thread = existing == null ? List.<Message>of() : read.of(Messages.THREAD);
            var request = request(org, model, thread, question, Double.parseDouble(form.value("temperature")));
            return new Prepared(existing, choices, model, request, !ResponseCache.cacheable(request)
                    && read.of(Quotas.HAD_ROOM).get(0));
        });
        var existing = prepared.existing();
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, existing, form);
            return;
        }
        var model = prepared.model();
        var choices = prepared.choices();
        var temperature = new BigDecimal(form.value("temperature"));
        var early = prepared.early() ? generator.speculate(model, prepared.request()) : null;
        Generator.Job job;
        try {
            job = jdbi.inTransaction(handle -> {
                long conversationId;
                if (existing == null) {
                    conversationId = Conversations.insert(handle, org.id(), user.id(), model.id());
                    Conversations.proposeTitle(handle, org.id(), conversationId, Titles.fromQuestion(question));
                } else {
                    conversationId = existing.id();
                }
                Conversations.touch(handle, org.id(), user.id(), conversationId, model.id(), temperature);
                var questionId = Messages.insertQuestion(handle, org.id(), conversationId, question);
                var admittedAt = clock.instant();
                var answerId = Messages.insertAnswer(handle, org.id(), conversationId, model, generator.node(), admittedAt);
                // Late: every request and every answer of the org waits for these counters' rows, so they stay
                // locked only from here to the commit (a refusal rolls back what came before). Only the events
                // come later, since the live feed waits for a transaction that holds an event id open.
                var reservation = Quotas.admit(handle, org.id(), user.id(), org.plan(), admittedAt);
                AssistantBroadcasts.messagesAdded(handle, org.id(), user.id(), conversationId, List.of(questionId, answerId));
                return new Generator.Job(org.id(), user.id(), conversationId, answerId, model,
                        fallback(org, choices, model), prepared.request(), reservation, true);
            });
        } catch (Quotas.Exceeded refused) {
            abandon(early);
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            render(ctx, existing, form.problem(refused.getMessage()));
            return;
        } catch (RuntimeException | Error e) {
            abandon(early);
            throw e;
        }
        if (early != null) {
            generator.start(job, early);
        } else {
            generator.start(job);
        }
        ctx.redirect(org.path() + "/assistant/" + job.conversationId(), HttpStatus.SEE_OTHER);
    }

    /** {@code POST …/regeneration}: the last answer again, from the model (never from the cache). */
    public void regenerate(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var conversation = find(ctx);
        var choices = jdbi.withHandle(handle -> catalogue.choices(handle, org.plan()));
        var model = Catalogue.usable(choices, conversation.modelId()).orElse(null);
        var form = Form.empty().with("temperature", conversation.temperature().stripTrailingZeros().toPlainString())
                .with("model", conversation.modelId() == null ? "" : conversation.modelId().toString());
        if (model == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            render(ctx, conversation, form.problem(modelProblem(choices, conversation.modelId())));
            return;
        }
        Generator.Job job;
        try {
            job = jdbi.inTransaction(handle -> {
                var thread = new ArrayList<>(Messages.of(handle, org.id(), conversation.id()));
                thread.removeIf(message -> message.role().equals("system"));
                if (thread.isEmpty() || thread.get(thread.size() - 1).streaming()) {
                    return null;
                }
                var changed = new ArrayList<Long>();
                var last = thread.get(thread.size() - 1);
                if (!last.fromUser()) {
                    Messages.delete(handle, org.id(), conversation.id(), last.id());
                    changed.add(last.id());
                    thread.remove(thread.size() - 1);
                }
                var admittedAt = clock.instant();
                var answerId = Messages.insertAnswer(handle, org.id(), conversation.id(), model, generator.node(), admittedAt);
                changed.add(answerId);
                var request = request(org, model, thread, null, conversation.temperature().doubleValue());
                var reservation = Quotas.admit(handle, org.id(), user.id(), org.plan(), admittedAt); // late, as in ask
                AssistantBroadcasts.messagesChanged(handle, org.id(), conversation.id(), changed);
                return new Generator.Job(org.id(), user.id(), conversation.id(), answerId, model,
                        fallback(org, choices, model), request, reservation, false);
            });
        } catch (Quotas.Exceeded refused) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            render(ctx, conversation, form.problem(refused.getMessage()));
            return;
        }
        if (job != null) {
            generator.start(job);
        }
        ctx.redirect(org.path() + "/assistant/" + conversation.id(), HttpStatus.SEE_OTHER);
    }

    /** {@code POST …/messages/{messageId}/stop}: stops an answer being written, on whichever node writes it. */
    public void stop(Context ctx) {
        var org = Current.membership(ctx).org();
        var conversation = find(ctx);
        var messageId = ctx.pathParamAsClass("messageId", Long.class).get();
        jdbi.useHandle(handle -> {
            Messages.find(handle, org.id(), conversation.id(), messageId).orElseThrow(NotFoundResponse::new);
            Messages.requestStop(handle, org.id(), conversation.id(), messageId);
        });
        generator.stop(messageId);
        ctx.redirect(org.path() + "/assistant/" + conversation.id(), HttpStatus.SEE_OTHER);
    }

    /** {@code GET …/messages/{messageId}}: one message as the thread shows it, for a tab that missed part of an answer. */
    public void message(Context ctx) {
        var org = Current.membership(ctx).org();
        var conversation = find(ctx);
        var messageId = ctx.pathParamAsClass("messageId", Long.class).get();
        var message = jdbi.withHandle(handle -> Messages.find(handle, org.id(), conversation.id(), messageId))
                .orElseThrow(NotFoundResponse::new);
        if (message.streaming()) {
            message = message.withContent(generator.partial(message.id()).orElse(message.content()));
        }
        ctx.header("Cache-Control", "no-store");
        ctx.html(views.render("assistant/message.jte", Map.of("message", message, "orgPath", org.path(),
                "csrf", views.shell(ctx).csrfToken())));
    }

    public void renamePage(Context ctx) {
        var conversation = find(ctx);
        views.page(ctx, "assistant/rename.jte", "page", new AssistantPages.RenamePage(conversation,
                Form.empty().with("title", conversation.title())));
    }

    public void rename(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var conversation = find(ctx);
        var form = Form.from(ctx, "title").requireText("title", "Title", 200);
        if (!form.valid()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            views.page(ctx, "assistant/rename.jte", "page", new AssistantPages.RenamePage(conversation, form));
            return;
        }
        jdbi.useTransaction(handle -> {
            if (Conversations.rename(handle, org.id(), user.id(), conversation.id(), form.trimmed("title")) == 0) {
                throw new NotFoundResponse();
            }
            AssistantBroadcasts.conversationChanged(handle, org.id(), user.id(), conversation.id());
        });
        ctx.redirect(org.path() + "/assistant/" + conversation.id(), HttpStatus.SEE_OTHER);
    }

    /**
     * Deleting a conversation stops its answer, if one is being written (here at once, on another node at
     * its next save); that request then ends as a stopped one does: recorded, and counted with its tokens.
     */
    public void delete(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var conversation = find(ctx);
        var streaming = jdbi.inTransaction(handle -> {
            var ids = handle.createQuery("""
                            select id from assistant_messages where org_id = :org and conversation_id = :id and status = 'streaming'
                            """)
                    .bind("org", org.id()).bind("id", conversation.id()).mapTo(Long.class).list();
            Conversations.delete(handle, org.id(), user.id(), conversation.id());
            AssistantBroadcasts.conversationChanged(handle, org.id(), user.id(), conversation.id());
            return ids;
        });
        streaming.forEach(generator::stop);
        ctx.redirect(org.path() + "/assistant", HttpStatus.SEE_OTHER);
    }

    private Conversation find(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        return jdbi.withHandle(handle -> Conversations.find(handle, org.id(), Current.user(ctx).id(), id))
                .orElseThrow(NotFoundResponse::new);
    }

    private void render(Context ctx, Conversation conversation, Form form) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var search = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        var page = jdbi.withHandle(handle -> {
            var tsquery = Search.prefixQuery(search);
            var list = search.isEmpty() ? Conversations.recent(handle, org.id(), user.id(), CONVERSATIONS_SHOWN)
                    : Conversations.search(handle, org.id(), user.id(), likePattern(search), tsquery == null ? "" : tsquery, CONVERSATIONS_SHOWN);
            var messages = conversation == null ? List.<Message>of()
                    : Messages.of(handle, org.id(), conversation.id()).stream()
                    .map(m -> m.streaming() ? m.withContent(generator.partial(m.id()).orElse(m.content())) : m).toList();
            var choices = catalogue.choices(handle, org.plan());
            if (form.value("model").isEmpty()) {
                Catalogue.preferred(choices).ifPresent(model -> form.with("model", String.valueOf(model.id())));
            }
            return new AssistantPages.ChatPage(list, search, conversation, messages, choices, form, org.assistant(),
                    catalogue.anyProvider() ? null : missingProvider(choices), Triage.suggestPerson(messages));
        });
        if (Current.isHtmx(ctx) && ctx.method() != HandlerType.GET) {
            // A question answered in place (refused, invalid) leaves the address where it was: htmx would
            // show the form's action instead (…/messages, …/regeneration), a page that does not exist.
            ctx.header("HX-Push-Url", "false");
        }
        views.page(ctx, "assistant/chat.jte", "page", page);
    }

    /**
     * A question prepared before its transaction: its conversation (null for a new one), the catalogue,
     * and, when the form is valid, the model, the provider's request and whether to ask it early.
     */
    private record Prepared(Conversation existing, List<Catalogue.Choice> choices, Model model, ChatRequest request,
                            boolean early) {}

    /** Another model to answer when {@code model} keeps failing before it answers, if the org allows one. */
    private static Optional<Model> fallback(Organization org, List<Catalogue.Choice> choices, Model model) {
        return org.assistantFallback() ? Catalogue.fallbackFor(choices, model) : Optional.empty();
    }

    private static void abandon(Generator.Early early) {
        if (early != null) {
            early.abandon();
        }
    }

    /**
     * What the provider is asked: the system prompt and the conversation's questions and finished
     * answers, then {@code question} when it is not in {@code thread} yet, cut from the oldest to fit.
     */
    private static ChatRequest request(Organization org, Model model, List<Message> thread, String question,
                                       double temperature) {
        var history = new ArrayList<ChatMessage>();
        for (var message : thread) {
            if (message.fromUser()) {
                history.add(new ChatMessage("user", message.content()));
            } else if (message.role().equals("assistant") && (message.status().equals("done") || message.status().equals("stopped"))
                    && !message.content().isEmpty()) {
                history.add(new ChatMessage("assistant", message.content()));
            }
        }
        if (question != null) {
            history.add(new ChatMessage("user", question));
        }
        var system = new ChatMessage("system", "You are " + org.assistant() + ", the assistant in Hearth, the team workspace of "
                + org.name() + ". Answer in Markdown, briefly unless asked for detail.");
        var budget = model.contextWindow() * 3 / 4;
        while (history.size() > 1 && Costs.estimateTokens(prepend(system, history)) > budget) {
            history.remove(0);
        }
        return new ChatRequest(model.modelId(), prepend(system, history), temperature, 0);
    }

    private static List<ChatMessage> prepend(ChatMessage first, List<ChatMessage> rest) {
        var all = new ArrayList<ChatMessage>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String modelProblem(List<Catalogue.Choice> choices, Long modelId) {
        var choice = choices.stream().filter(c -> modelId != null && c.model().id() == modelId).findFirst();
        if (choice.isEmpty()) {
            return "Choose a model.";
        }
        if (!choice.get().inPlan()) {
            return choice.get().model().displayName() + " comes with the " + choice.get().unlockedBy() + " plan.";
        }
        return choice.get().model().displayName() + " needs " + choice.get().variable() + " to be set on the server.";
    }

    /** Which variable to set, naming the one that unlocks the models of the org's plan first. */
    private static String missingProvider(List<Catalogue.Choice> choices) {
        var inPlan = choices.stream().filter(Catalogue.Choice::inPlan).map(Catalogue.Choice::variable).distinct().toList();
        var variables = inPlan.isEmpty() ? List.of(Providers.variableFor("groq")) : inPlan;
        return String.join(" or ", variables);
    }

    private static Long parseId(String value) {
        try {
            return value == null || value.isBlank() ? null : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String likePattern(String search) {
        return search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
