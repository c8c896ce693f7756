package hearth.assistant;

import hearth.assistant.providers.Cancellation;
import hearth.assistant.providers.ChatMessage;
import hearth.assistant.providers.ChatRequest;
import hearth.assistant.providers.ProviderException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversation titles. A new conversation is named after the first words of its first question at
 * once; after the first answer a FAST model is asked for a better one. Neither replaces a title the
 * user gave. The model's request is the app's own work: recorded with its cost, not counted
 * against the user's quota.
 */
final class Titles {
    private static final Logger log = LoggerFactory.getLogger(Titles.class);
    private static final int MAX_LENGTH = 80;

    private final Jdbi jdbi;
    private final OwnRequests own;

    Titles(Jdbi jdbi, Catalogue catalogue) {
        this.jdbi = jdbi;
        this.own = new OwnRequests(jdbi, catalogue);
    }

    /** The first words of a question, for a title until a better one exists. */
    static String fromQuestion(String question) {
        var words = question.strip().replaceAll("\\s+", " ");
        if (words.length() <= 60) {
            return words.isEmpty() ? "New conversation" : words;
        }
        var cut = words.lastIndexOf(' ', 60);
        return words.substring(0, cut > 20 ? cut : 60) + "…";
    }

    /** After an answer: the first of the conversation gets a model-written title. Runs on the answer's thread. */
    void afterAnswer(long orgId, long userId, long conversationId) {
        try {
            var context = jdbi.withHandle(handle -> {
                if (!firstAnswerOfUntitled(handle, orgId, userId, conversationId)) {
                    return null;
                }
                var messages = Messages.of(handle, orgId, conversationId);
                var model = own.fastModel(handle, orgId).orElse(null);
                return model == null ? null : new Object[] {model, messages};
            });
            if (context == null) {
                return;
            }
            var model = (Model) context[0];
            @SuppressWarnings("unchecked")
            var messages = (List<Message>) context[1];
            var request = new ChatRequest(model.modelId(), List.of(
                    new ChatMessage("system", "Write a title of at most six words for this conversation. "
                            + "Answer with the title alone: no quotes, no punctuation at the end."),
                    new ChatMessage("user", OwnRequests.transcript(messages, 1500))), 0, 30);
            var title = clean(own.ask(model, request, new Cancellation(), orgId, userId, conversationId, "title"));
            jdbi.useTransaction(handle -> {
                if (!title.isEmpty() && Conversations.proposeTitle(handle, orgId, conversationId, title) > 0) {
                    AssistantBroadcasts.conversationChanged(handle, orgId, userId, conversationId);
                }
            });
        } catch (ProviderException | RuntimeException e) {
            log.info("No model-written title for conversation {}: {}", conversationId, e.getMessage());
        }
    }

    /**
     * True when the conversation has no title the user gave and holds exactly one finished answer. Asked
     * after every answer, so it reads at most two of its messages: loading the whole conversation to count
     * them made a long conversation's every answer slower to save.
     */
    private static boolean firstAnswerOfUntitled(Handle handle, long orgId, long userId, long conversationId) {
        return handle.createQuery("""
                        select count(*) = 1 from (
                            select 1 from assistant_messages m
                            join assistant_conversations c on c.id = m.conversation_id
                            where c.org_id = :org and c.user_id = :user and c.id = :id and not c.titled
                              and m.conversation_id = :id and m.org_id = :org and m.role <> 'user' and m.status = 'done'
                            limit 2) answers
                        """)
                .bind("org", orgId).bind("user", userId).bind("id", conversationId)
                .mapTo(Boolean.class).one();
    }

    static String clean(String text) {
        var title = text.strip().replaceAll("\\s+", " ").replaceAll("^[\"'“”‘’*#]+|[\"'“”‘’*.]+$", "").strip();
        return title.length() > MAX_LENGTH ? title.substring(0, MAX_LENGTH).strip() : title;
    }
}
