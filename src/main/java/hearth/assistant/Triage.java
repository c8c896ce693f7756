package hearth.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a hand-off tells the support team: a summary, a category and an urgency. A FAST model writes
 * them when one is available; these rules do it otherwise, and also decide when to suggest a person.
 */
public final class Triage {
    public record Result(String summary, String category, String urgency, boolean byModel) {}

    static final List<String> CATEGORIES = List.of("technical", "billing", "feature", "bug", "other");
    static final List<String> URGENCIES = List.of("low", "normal", "high", "urgent");

    private static final Pattern ASKS_FOR_PERSON = words("human", "person", "real person", "agent", "someone", "support team",
            "talk to support", "contact support", "speak to", "talk to a", "operator");
    private static final Pattern BILLING = words("bill", "billing", "invoice", "invoices", "charge", "charged", "refund",
            "payment", "pay", "price", "pricing", "subscription", "plan", "credit card", "receipt");
    private static final Pattern ACCOUNT = words("account", "password", "log in", "login", "locked out", "delete my",
            "two-factor", "2fa", "email address");
    private static final Pattern BUG = words("bug", "error", "crash", "crashes", "broken", "doesn't work", "does not work",
            "not working", "exception", "fails", "failing");
    private static final Pattern FEATURE = words("feature", "could you add", "would be nice", "suggestion", "request",
            "wish", "please add");
    private static final Pattern URGENT = words("urgent", "urgently", "asap", "immediately", "outage", "down", "emergency",
            "locked out", "cannot log in", "can't log in");
    private static final Pattern HIGH = words("important", "blocked", "blocking", "deadline", "charged twice");

    private static final ObjectMapper json = new ObjectMapper();

    private Triage() {}

    /** Whether to suggest a person: asked for one, a billing or account matter, or the assistant keeps failing. */
    public static boolean suggestPerson(List<Message> thread) {
        int failures = 0;
        for (var message : thread) {
            if (!message.fromUser() && message.failed()) {
                failures++;
            }
        }
        if (failures >= 2) {
            return true;
        }
        for (int i = thread.size() - 1; i >= 0; i--) {
            if (thread.get(i).fromUser()) {
                var text = thread.get(i).content().toLowerCase(Locale.ROOT);
                return ASKS_FOR_PERSON.matcher(text).find() || BILLING.matcher(text).find() || ACCOUNT.matcher(text).find();
            }
        }
        return false;
    }

    /** The rules' triage of a conversation's questions. */
    public static Result byRules(String title, List<Message> thread) {
        var questions = new StringBuilder();
        for (var message : thread) {
            if (message.fromUser()) {
                questions.append(message.content()).append('\n');
            }
        }
        var text = questions.toString().toLowerCase(Locale.ROOT);
        var category = BILLING.matcher(text).find() ? "billing"
                : BUG.matcher(text).find() ? "bug"
                : FEATURE.matcher(text).find() ? "feature"
                : ACCOUNT.matcher(text).find() ? "technical"
                : text.isBlank() ? "other" : "technical";
        var urgency = URGENT.matcher(text).find() ? "urgent" : HIGH.matcher(text).find() ? "high" : "normal";
        var last = thread.stream().filter(Message::fromUser).reduce((a, b) -> b).map(Message::content).orElse("");
        var summary = "The member asked the assistant about “" + title + "”"
                + (last.isBlank() ? "." : " and last wrote: " + shorten(last, 300))
                + " (" + thread.size() + " messages in the assistant conversation.)";
        return new Result(summary, category, urgency, false);
    }

    /** The instruction for a FAST model; it answers with one JSON object. */
    static String instruction() {
        return "You hand a conversation between a user and an AI assistant over to a human support agent. "
                + "Answer with one JSON object and nothing else: "
                + "{\"summary\": \"two or three sentences for the agent\", "
                + "\"category\": \"technical|billing|feature|bug|other\", \"urgency\": \"low|normal|high|urgent\"}";
    }

    /** The model's answer, if it is the JSON asked for with known values; null otherwise (the rules decide then). */
    static Result parse(String answer) {
        try {
            var start = answer.indexOf('{');
            var end = answer.lastIndexOf('}');
            if (start < 0 || end <= start) {
                return null;
            }
            var node = json.readTree(answer.substring(start, end + 1));
            var summary = node.path("summary").asText("").strip();
            var category = node.path("category").asText("").strip().toLowerCase(Locale.ROOT);
            var urgency = node.path("urgency").asText("").strip().toLowerCase(Locale.ROOT);
            if (summary.isEmpty() || !CATEGORIES.contains(category) || !URGENCIES.contains(urgency)) {
                return null;
            }
            return new Result(shorten(summary, 2000), category, urgency, true);
        } catch (Exception e) {
            return null;
        }
    }

    static String shorten(String text, int max) {
        var flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    private static Pattern words(String... phrases) {
        var alternatives = new StringBuilder();
        for (var phrase : phrases) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(phrase));
        }
        return Pattern.compile("\\b(?:" + alternatives + ")\\b");
    }
}
