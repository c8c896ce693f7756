package hearth.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Uploads larger than Hearth accepts are refused from their headers, before the body is read: a
 * multipart request announcing more than {@link #MAX_REQUEST_BYTES} gets 413 at once. A body that
 * does not announce its length (chunked) is read only up to the multipart limits set in App, and
 * running past them is the same 413 ({@link #tooLarge}).
 */
public final class UploadLimit {
    /** The largest file (10 MB), as support attachments allow. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** The largest multipart request: one 10 MB file and the rest of its form. */
    public static final long MAX_REQUEST_BYTES = MAX_FILE_BYTES + 1024 * 1024;
    static final String MESSAGE = "Files can be at most 10 MB each, and a message's files at most 11 MB together. "
            + "Nothing was sent: choose a smaller file and send again.";

    private UploadLimit() {}

    /** A request whose body is, or would grow, past the limits. */
    public static final class TooLarge extends HttpResponseException {
        public TooLarge() {
            super(HttpStatus.CONTENT_TOO_LARGE.getCode(), MESSAGE);
        }
    }

    /**
     * The refusal for a failed multipart read: 413 when the body ran past the multipart limits while it
     * streamed in (Jetty stops reading there), 400 for a body that is not valid multipart at all.
     */
    public static Optional<HttpResponseException> refusal(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            var message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof IllegalStateException && (message.contains("max file size exceeded")
                    || message.contains("max length exceeded"))) {
                return Optional.of(new TooLarge());
            }
        }
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadMessageException) {
                return Optional.of(new BadRequestResponse("The form's files did not arrive whole. Send them again."));
            }
        }
        return Optional.empty();
    }

    /** Runs before anything reads the body (the CSRF check reads form fields). */
    public static void check(Context ctx) {
        if (ctx.isMultipartFormData() && ctx.req().getContentLengthLong() > MAX_REQUEST_BYTES) {
            // Jetty answers and closes the connection rather than reading what the client still sends.
            ctx.header("Connection", "close");
            throw new TooLarge();
        }
    }
}
