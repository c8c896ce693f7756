package hearth.support;

import hearth.web.Current;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Jdbi;

/**
 * Serving support attachments. They reach two kinds of people: the conversation's member (while
 * still a member of its org, and never a note's files) and the support team, whose console links
 * here too. Anyone else gets a 404. What is served is never rendered by the browser as a page of
 * ours: downloads are attachments in a sandbox with no sources allowed and no sniffing, and only
 * the image types the bytes proved to be are shown inline.
 */
public final class AttachmentHandlers {
    static final String SANDBOX = "default-src 'none'; sandbox";

    private final Jdbi jdbi;

    public AttachmentHandlers(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** {@code GET /support/{id}/attachments/{attachmentId}}: the file, as a download. */
    public void download(Context ctx) {
        send(ctx, find(ctx), "attachment");
    }

    /** {@code GET /support/{id}/attachments/{attachmentId}/preview}: an image, inline; anything else 404. */
    public void preview(Context ctx) {
        var attachment = find(ctx);
        if (!attachment.image()) {
            throw new NotFoundResponse();
        }
        send(ctx, attachment, "inline");
    }

    private void send(Context ctx, SupportAttachment attachment, String disposition) {
        var data = jdbi.withHandle(handle -> handle.attach(SupportAttachments.class).data(attachment.id()));
        ctx.header("Content-Security-Policy", SANDBOX);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.header("Content-Disposition", disposition + "; " + filenameParameters(attachment.filename()));
        ctx.contentType(attachment.contentType().equals("text/plain") ? "text/plain; charset=utf-8" : attachment.contentType());
        ctx.result(data);
    }

    /** {@code filename="ascii"; filename*=UTF-8''…} (RFC 6266): the name survives, and no quote or byte can break the header. */
    static String filenameParameters(String filename) {
        var ascii = new StringBuilder();
        filename.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        var encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private SupportAttachment find(Context ctx) {
        var user = Current.user(ctx);
        var conversationId = ctx.pathParamAsClass("id", Long.class).getOrThrow(e -> new NotFoundResponse());
        var attachmentId = ctx.pathParamAsClass("attachmentId", Long.class).getOrThrow(e -> new NotFoundResponse());
        return jdbi.withHandle(handle -> {
            var attachments = handle.attach(SupportAttachments.class);
            if (user.isSupportStaff()) {
                return attachments.findForStaff(conversationId, attachmentId);
            }
            if (handle.attach(SupportConversations.class).findForUser(user.id(), conversationId).isEmpty()) {
                return java.util.Optional.<SupportAttachment>empty();
            }
            return attachments.findForUser(conversationId, attachmentId);
        }).orElseThrow(NotFoundResponse::new);
    }
}
