package hearth.support;

import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.web.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The models of the agent console's pages, and the words for the desk's states. */
public final class ConsolePages {

    private ConsolePages() {}

    public static String statusLabel(String status) {
        return SupportConversation.statusLabel(status);
    }

    public static String priorityLabel(String priority) {
        for (var option : SupportPages.PRIORITIES) { // once per queue row: a loop, not a stream pipeline
            if (option.value().equals(priority)) {
                return option.label();
            }
        }
        return priority;
    }

    public static List<Option> statusOptions() {
        return QueueSearch.STATUSES.stream().map(s -> new Option(s, statusLabel(s))).toList();
    }

    public static List<Option> priorityOptions() {
        return SupportPages.PRIORITIES;
    }

    /**
     * @param rankedNewest see {@link QueueSearch.Result}
     * @param newestMessageId the newest message when the page was made: the page announces only newer ones
     */
    public record QueuePage(ListQuery query, Keyset.Page<QueueRow> page, Keyset.Count count, boolean rankedNewest,
                            List<Option> staff, List<Option> orgs, List<String> tags, long newestMessageId) {

        public List<Option> statusOptions() {
            return ConsolePages.statusOptions();
        }

        public List<Option> priorityOptions() {
            return ConsolePages.priorityOptions();
        }

        public List<Option> assigneeOptions() {
            var options = new ArrayList<Option>();
            options.add(new Option(QueueSearch.ME, "Me"));
            options.add(new Option(Filters.NONE, "Unassigned"));
            options.addAll(staff);
            return options;
        }

        public List<Option> tagOptions() {
            var options = new ArrayList<Option>();
            tags.forEach(tag -> options.add(new Option(tag, tag)));
            query.values("tag").stream().filter(tag -> !tags.contains(tag)).forEach(tag -> options.add(new Option(tag, tag)));
            return options;
        }

        public List<Option> showOptions() {
            return List.of(new Option("archived", "Archived"), new Option("merged", "Merged"));
        }
    }

    /** A canned reply with its variables already filled in for this conversation and agent. */
    public record FilledReply(long id, String title, String text) {}

    public record ConversationPage(SupportConversation conversation, List<SupportMessage> messages, List<String> tags,
                                   List<Option> staff, List<FilledReply> replies,
                                   Map<Long, List<SupportAttachment>> attachments,
                                   List<ConsoleLog.Entry> history, List<SupportConversation> siblings, Form form,
                                   long newestMessageId, List<HandoffTranscript.Line> transcript) {

        public List<SupportAttachment> attachmentsOf(SupportMessage message) {
            return attachments.getOrDefault(message.id(), List.of());
        }

        /** Every file of the thread, notes' included, in the order they came. */
        public List<SupportAttachment> allAttachments() {
            return messages.stream().flatMap(message -> attachmentsOf(message).stream()).toList();
        }

        public List<Option> statusOptions() {
            return ConsolePages.statusOptions();
        }

        public List<Option> priorityOptions() {
            return ConsolePages.priorityOptions();
        }
    }

    public record MergePage(SupportConversation conversation, List<SupportConversation> siblings, Merge merge,
                            String other, String keep, String problem) {}

    public record RepliesPage(List<CannedReply> replies) {}

    public record ReplyForm(Form form, CannedReply reply) {
        public boolean editing() {
            return reply != null;
        }

        public List<String> variables() {
            return CannedReplies.VARIABLES;
        }
    }
}
