package hearth.assistant.providers;

/** Token counts as the provider reported them; a field is null when the provider did not say. */
public record Usage(Integer inputTokens, Integer outputTokens) {
    public static final Usage UNKNOWN = new Usage(null, null);
}
