package hearth.assistant;

import hearth.assistant.providers.Cancellation;
import hearth.assistant.providers.ChatRequest;
import hearth.assistant.providers.ProviderException;
import hearth.assistant.providers.Usage;
import hearth.orgs.Plan;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The app's own requests to a model (conversation titles, hand-off triage): a FAST model of the
 * org's plan, answered whole, recorded with its usage and cost, and never counted against a quota.
 */
final class OwnRequests {
    private final Jdbi jdbi;
    private final Catalogue catalogue;

    OwnRequests(Jdbi jdbi, Catalogue catalogue) {
        this.jdbi = jdbi;
        this.catalogue = catalogue;
    }

    /** The FAST model for the org's own work, if its plan has one this server can reach. */
    Optional<Model> fastModel(Handle handle, long orgId) {
        var plan = Plan.valueOf(handle.createQuery("select plan from organizations where id = :id")
                .bind("id", orgId).mapTo(String.class).one());
        return Catalogue.fast(catalogue.choices(handle, plan));
    }

    /**
     * Asks {@code model} and records the request for {@code purpose} ("title", "summary"); the answer's text.
     * A request that fails (or is cancelled, e.g. for taking too long) is recorded too, as an error with the
     * tokens known: the provider's counts so far, else estimates of the prompt and of what it wrote, as for
     * a failed question.
     */
    String ask(Model model, ChatRequest request, Cancellation cancellation, long orgId, long userId, long conversationId,
               String purpose) throws ProviderException {
        var provider = catalogue.providers().get(model.provider()).orElseThrow();
        var started = System.nanoTime();
        try {
            var result = provider.stream(request, delta -> {}, cancellation);
            record(model, request, result.usage(), result.text(), "ok", null, started, orgId, userId, conversationId, purpose);
            return result.text();
        } catch (ProviderException e) {
            record(model, request, e.partialUsage(), e.partialText(), "error", e.getMessage(), started, orgId, userId,
                    conversationId, purpose);
            throw e;
        }
    }

    private void record(Model model, ChatRequest request, Usage usage, String text, String status, String error, long started,
                        long orgId, long userId, long conversationId, String purpose) {
        int input = Costs.inputTokens(usage, request.messages());
        int output = Costs.outputTokens(usage, text);
        jdbi.useHandle(handle -> UsageLog.record(handle, new UsageLog.Entry(orgId, userId, conversationId, purpose,
                model.modelId(), model.provider(), status, input, output, !Costs.reported(usage), Costs.of(model, input, output),
                false, BigDecimal.ZERO, null, (int) ((System.nanoTime() - started) / 1_000_000), error)));
    }

    /** A conversation as the model reads it: each message cut at {@code perMessage} characters, Hearth's own lines left out. */
    static String transcript(List<Message> messages, int perMessage) {
        var transcript = new StringBuilder();
        for (var message : messages) {
            if (!message.fromHearth()) {
                var content = message.content();
                transcript.append(message.fromUser() ? "User: " : "Assistant: ")
                        .append(content, 0, Math.min(content.length(), perMessage)).append("\n\n");
            }
        }
        return transcript.toString();
    }
}
