package hearth.assistant;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** A message of a conversation. An assistant message is {@code streaming} while its answer is being written. */
public record Message(long id, long orgId, long conversationId, String role, String content, String status, String error,
                     String model, String modelName, String provider, boolean cached, Instant createdAt,
                     String speaker) {

    /** The org's messages among {@code ids}, by id (a live event's rows): a plain query, run for every answer. */
    public static List<Message> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(Messages.SELECT + " where m.org_id = :org and m.id = any(:ids) order by m.id")
                .bind("org", orgId).bind("ids", ids).map(ConstructorMapper.of(Message.class)).list();
    }

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
