package hearth.assistant.providers;

/** What one wire format makes of the events of one stream; a new instance per stream. */
interface StreamFormat {
    interface Deltas {
        /** A piece of answer text, in order. */
        void text(String delta);
    }

    /** The SSE event names this format uses, so the parser can match them without allocating. */
    String[] eventTypes();

    /** Handles one event; returns true when it was the stream's terminator. */
    boolean onEvent(String type, byte[] data, int length, Deltas out) throws WireError;

    /** The usage reported so far (fields null where not reported). */
    Usage usage();

    /** The finish reason reported so far, or null. */
    String finishReason();
}
