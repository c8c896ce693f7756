package hearth.assistant;

import java.time.Instant;

/** A message of a conversation. An assistant message is {@code streaming} while its answer is being written. */
public record Message(long id, long orgId, long conversationId, String role, String content, String status, String error,
                     String model, String modelName, String provider, boolean cached, Instant createdAt,
                     String speaker) {

    public boolean fromUser() {
        return role.equals("user");
    }

    public boolean streaming() {
        return status.equals("streaming");
    }

    public boolean failed() {
        return status.equals("error");
    }

    public boolean stopped() {
        return status.equals("stopped");
    }

    /** The same message with the text written so far (fresher in memory than in the table while streaming). */
    public Message withContent(String text) {
        return new Message(id, orgId, conversationId, role, text, status, error, model, modelName, provider, cached, createdAt, speaker);
    }

    public String providerLabel() {
        return provider == null ? "" : Catalogue.providerLabel(provider);
    }

    public boolean fromHearth() {
        return role.equals("system");
    }

    /** The support conversation a hand-off line names, or null. */
    public Long supportConversationId() {
        var match = java.util.regex.Pattern.compile("support conversation #(\\d{1,18})").matcher(content);
        return fromHearth() && match.find() ? Long.valueOf(match.group(1)) : null;
    }

    public String domId() {
        return "message-" + id;
    }
}
