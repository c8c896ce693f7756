package hearth.support;

import java.time.Instant;

/** A file that came with a message: what it is (sniffed from its bytes), never the bytes themselves. */
public record SupportAttachment(long id, long conversationId, long messageId, String filename, String contentType, int size,
                                Instant createdAt) {

    /** Only these are shown inline; anything else is offered as a download. */
    public boolean image() {
        return AttachmentFiles.IMAGES.contains(contentType);
    }

    /** "2.4 MB", "318 KB", "12 bytes". */
    public String sizeLabel() {
        if (size >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", size / (1024.0 * 1024.0));
        }
        if (size >= 1024) {
            return (size / 1024) + " KB";
        }
        return size + (size == 1 ? " byte" : " bytes");
    }

    public String path() {
        return "/support/" + conversationId + "/attachments/" + id;
    }
}
