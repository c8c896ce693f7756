package hearth.assistant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** One of a user's assistant conversations; {@code preview} is the start of its last message. */
public record Conversation(long id, long orgId, long userId, String title, boolean titled, Long modelId,
                           BigDecimal temperature, Instant createdAt, Instant updatedAt, String preview) {

    /** The org's conversations among {@code ids} (a live event's rows): a plain query, run for every answer. */
    public static List<Conversation> findAll(Handle handle, long orgId, Long[] ids) {
        return handle.createQuery(Conversations.SELECT + " where c.org_id = :org and c.id = any(:ids)")
                .bind("org", orgId).bind("ids", ids).map(ConstructorMapper.of(Conversation.class)).list();
    }
}
