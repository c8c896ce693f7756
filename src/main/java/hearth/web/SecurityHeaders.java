package hearth.web;

import io.javalin.http.Context;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** Headers that every response carries. No inline script anywhere, so script-src can be 'self' alone. */
public final class SecurityHeaders {
    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /** Shared by every response: Jetty writes a pre-encoded field's bytes as they are. */
    private static final List<HttpField> FIELDS = List.of(
            new PreEncodedHttpField("Content-Security-Policy", CSP),
            new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
            new PreEncodedHttpField("Referrer-Policy", "strict-origin-when-cross-origin"),
            new PreEncodedHttpField("X-Frame-Options", "DENY"),
            new PreEncodedHttpField("Cross-Origin-Opener-Policy", "same-origin"),
            new PreEncodedHttpField("Permissions-Policy", "camera=(), microphone=(), geolocation=()"));

    private SecurityHeaders() {}

    public static void apply(Context ctx) {
        for (var field : FIELDS) {
            ctx.header(field.getName(), field.getValue());
        }
    }

    /** The same for a response Javalin does not see (the event stream). */
    public static void apply(HttpFields.Mutable headers) {
        FIELDS.forEach(headers::add);
    }
}
