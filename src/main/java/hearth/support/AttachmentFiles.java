package hearth.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * What an uploaded file is and what it may be called. The type comes from the file's first bytes
 * (Tika's magic numbers, then a text check) — never from its name or the type the browser declared,
 * which the uploader controls: an HTML page named photo.png must not be served back as anything a
 * browser would render.
 */
public final class AttachmentFiles {
    /** The largest file, as the database's check allows. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    public static final int MAX_FILES = 5;
    static final int MAX_NAME = 200;

    static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final Map<String, Set<String>> EXTENSIONS = Map.of(
            "image/png", Set.of("png"),
            "image/jpeg", Set.of("jpg", "jpeg"),
            "image/gif", Set.of("gif"),
            "image/webp", Set.of("webp"),
            "application/pdf", Set.of("pdf"),
            "text/plain", Set.of("txt", "log", "text", "csv", "md"));
    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();
    private static final MediaType HTML = MediaType.text("html");
    private static final MediaType XML = MediaType.application("xml");

    private AttachmentFiles() {}

    /** The type to store and serve the file as, or empty when it is none of the kinds the desk accepts. */
    public static Optional<String> allowedType(byte[] content) {
        var type = detect(content);
        var base = type.getBaseType().toString();
        if (IMAGES.contains(base) || base.equals("application/pdf")) {
            return Optional.of(base);
        }
        // Logs and other text count as plain text, but not markup or script that is text too: HTML,
        // SVG and other XML, JavaScript. Served as text/plain they could not run, but a user who saves
        // one and opens it locally would run it.
        if (REGISTRY.isInstanceOf(type, MediaType.TEXT_PLAIN) && !REGISTRY.isInstanceOf(type, HTML)
                && !REGISTRY.isInstanceOf(type, XML) && !base.contains("javascript") && !base.contains("ecmascript")) {
            return Optional.of("text/plain");
        }
        return Optional.empty();
    }

    /** What the file's bytes say it is, e.g. {@code text/html} for a page named photo.png. */
    public static String detectedType(byte[] content) {
        return detect(content).getBaseType().toString();
    }

    private static MediaType detect(byte[] content) {
        try {
            return TYPES.detect(new ByteArrayInputStream(content), new Metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A name that is safe to store and to send back in a header: no directories, no control or
     * direction-changing characters (which could make "gpj.exe" read as "exe.jpg"), at most 200
     * characters, and ending in an extension of the type the content really has — a PDF named
     * notes.txt becomes notes.txt.pdf, so the program that opens the download is the right one.
     */
    public static String cleanName(String submitted, String contentType) {
        var name = withoutPathOrControls(submitted);
        var extensions = EXTENSIONS.get(contentType);
        var preferred = extensions == null ? "bin" : preferredExtension(contentType);
        if (name.isEmpty()) {
            name = "attachment";
        }
        var dot = name.lastIndexOf('.');
        var extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        var suffix = extensions != null && extensions.contains(extension) ? "" : "." + preferred;
        var room = MAX_NAME - suffix.length();
        if (name.codePointCount(0, name.length()) > room) {
            // Keep the end, where the extension is, and as much of the start as fits.
            var tail = dot < 0 || !suffix.isEmpty() ? "" : name.substring(dot);
            var head = name.substring(0, name.offsetByCodePoints(0, Math.max(1, room - tail.codePointCount(0, tail.length()) - 1)));
            name = head + "…" + tail;
        }
        return name + suffix;
    }

    private static String withoutPathOrControls(String submitted) {
        var name = submitted == null ? "" : Normalizer.normalize(submitted, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        var kept = new StringBuilder(name.length());
        name.codePoints().filter(c -> !Character.isISOControl(c) && !isFormatting(c)).forEach(kept::appendCodePoint);
        name = kept.toString().replace('"', '\'').strip();
        while (name.startsWith(".")) {
            name = name.substring(1).strip();
        }
        return name;
    }

    private static String preferredExtension(String contentType) {
        return switch (contentType) {
            case "image/jpeg" -> "jpg";
            case "text/plain" -> "txt";
            default -> EXTENSIONS.get(contentType).iterator().next();
        };
    }

    /** Unicode's invisible formatting characters, among them the right-to-left override. */
    private static boolean isFormatting(int codePoint) {
        return Character.getType(codePoint) == Character.FORMAT;
    }

    /** What a refused file's owner reads: the name they gave and what it turned out to be. */
    public static String refusal(String submitted, String detected) {
        var what = switch (detected) {
            case "text/html", "application/xhtml+xml" -> "an HTML page";
            case "image/svg+xml" -> "an SVG image, which can carry script";
            case "application/octet-stream" -> "not a kind of file Hearth recognizes";
            default -> detected.contains("xml") ? "an XML document" : "of type " + detected;
        };
        var shown = withoutPathOrControls(submitted);
        var name = shown.isEmpty() ? "The file" : "“" + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown) + "”";
        return name + " is " + what + ". Attach images (PNG, JPEG, GIF, WebP), PDFs or plain text and log files.";
    }
}
