package hearth.support;

import hearth.lists.Option;
import hearth.web.Form;
import java.util.List;
import java.util.Map;

/** What the member's support pages show. */
public final class SupportPages {
    private SupportPages() {}

    public static final List<Option> PRIORITIES = List.of(new Option("low", "Low"), new Option("normal", "Normal"),
            new Option("high", "High"), new Option("urgent", "Urgent"));

    /** {@code /support}: the member's conversations ({@code status} "", "open" or "closed") and the new-conversation form. */
    public record ListPage(List<SupportConversation> conversations, String status, Form form, List<Option> orgs) {
        public List<Option> priorities() {
            return PRIORITIES;
        }
    }

    /**
     * {@code /support/{id}}: the thread as the member sees it (no internal notes) and the composer, or for
     * a conversation merged into another, no composer and {@code mergedInto}: where its messages went.
     */
    public record ThreadPage(SupportConversation conversation, List<SupportMessage> messages,
                             Map<Long, List<SupportAttachment>> attachments, Form form, SupportConversation mergedInto) {
        public List<SupportAttachment> attachmentsOf(SupportMessage message) {
            return attachments.getOrDefault(message.id(), List.of());
        }
    }

    /** The card on an org's home page: the member's open conversations there and what they have not read. */
    public record Card(List<SupportConversation> open, SupportConversations.Summary summary) {}
}
