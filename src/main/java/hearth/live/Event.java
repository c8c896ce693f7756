package hearth.live;

/** One row of the outbox: something that changed, for the subscribers of {@code topic}. */
public record Event(long id, Long orgId, String topic, String type, String payload) {}
