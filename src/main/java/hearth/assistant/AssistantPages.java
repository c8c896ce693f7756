package hearth.assistant;

import hearth.web.Form;
import java.util.List;

/** What the assistant's templates show. */
public final class AssistantPages {
    private AssistantPages() {}

    /**
     * The assistant: the user's conversations beside one conversation (or none yet), the composer and
     * its model picker. {@code missingProvider}: no provider is configured, and what to set.
     * {@code suggestPerson}: the conversation looks like one for the support team (see {@link Triage}).
     */
    public record ChatPage(List<Conversation> conversations, String search, Conversation conversation,
                           List<Message> messages, List<Catalogue.Choice> choices, Form form, String assistantName,
                           String missingProvider, boolean suggestPerson) {

        public boolean streaming() {
            return messages.stream().anyMatch(Message::streaming);
        }

        public boolean canSend() {
            return missingProvider == null && choices.stream().anyMatch(Catalogue.Choice::usable);
        }
    }

    public record RenamePage(Conversation conversation, Form form) {}
}
