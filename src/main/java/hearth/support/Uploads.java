package hearth.support;

import hearth.web.Form;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The files of a message form, read and checked before anything is stored. Their size was capped
 * while the body streamed in ({@link hearth.web.UploadLimit} and the multipart limits in App); here
 * each is sniffed and named. Members and the support team attach through the same two steps: {@link #read}
 * before the transaction, {@link #store} inside it.
 */
final class Uploads {
    /** A file that passed: its clean name, the type its bytes have, and the bytes. */
    record File(String name, String contentType, byte[] content) {}

    /** The files chosen in the form's {@code files} field; what is wrong with them goes on that field. */
    List<File> read(Context ctx, Form form) {
        if (!ctx.isMultipartFormData()) {
            return List.of();
        }
        // A file input with nothing chosen still sends a part: no name, no bytes.
        var chosen = ctx.uploadedFiles("files").stream().filter(f -> !(f.filename().isBlank() && f.size() == 0)).toList();
        if (chosen.size() > AttachmentFiles.MAX_FILES) {
            form.reject("files", "Attach at most " + AttachmentFiles.MAX_FILES + " files to one message.");
            return List.of();
        }
        var files = new ArrayList<File>();
        for (var upload : chosen) {
            byte[] content;
            try (var in = upload.content()) {
                content = in.readNBytes(AttachmentFiles.MAX_BYTES + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (content.length > AttachmentFiles.MAX_BYTES) {
                throw new hearth.web.UploadLimit.TooLarge();
            }
            if (content.length == 0) {
                form.reject("files", "“" + AttachmentFiles.cleanName(upload.filename(), "text/plain") + "” is empty.");
                continue;
            }
            var type = AttachmentFiles.allowedType(content);
            if (type.isEmpty()) {
                form.reject("files", AttachmentFiles.refusal(upload.filename(), AttachmentFiles.detectedType(content)));
                continue;
            }
            files.add(new File(AttachmentFiles.cleanName(upload.filename(), type.get()), type.get(), content));
        }
        return form.hasError("files") ? List.of() : files;
    }

    /**
     * Counts the files against the hourly limit of the conversation's org ({@code limit} says whose words
     * refuse them) and stores them with their message; throws {@link RateLimits.Exceeded} inside the
     * transaction, so the message goes too.
     */
    static void store(Handle handle, SupportConversation conversation, long messageId, List<File> files, RateLimits.Limit limit) {
        if (files.isEmpty()) {
            return;
        }
        RateLimits.take(handle, limit, conversation.orgId(), files.size());
        var attachments = handle.attach(SupportAttachments.class);
        for (var file : files) {
            attachments.insert(conversation.id(), messageId, conversation.orgId(), file.name(), file.contentType(),
                    file.content().length, file.content());
        }
    }

    /** What a message shows in previews: its text, or the names of its files when it has none. */
    static String preview(String body, List<File> files) {
        return body.isEmpty() ? files.stream().map(File::name).collect(Collectors.joining(", ", "📎 ", "")) : body;
    }
}
