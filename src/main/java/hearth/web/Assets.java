package hearth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Cache-busting URLs for files under {@code static/}: the URL carries a hash of the file's content. */
public final class Assets {
    public static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";

    private final Path devDirectory;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    /** With a dev directory the files are read from disk on every call, so edits show without a rebuild. */
    public Assets(Path devDirectory) {
        this.devDirectory = devDirectory;
    }

    public String url(String path) {
        if (devDirectory != null) {
            return build(path);
        }
        return urls.computeIfAbsent(path, this::build);
    }

    private String build(String path) {
        try (var in = open(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No static file " + path);
            }
            return "/static/" + path + "?v=" + Tokens.sha256(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream open(String path) throws IOException {
        if (devDirectory != null) {
            return Files.newInputStream(devDirectory.resolve(path));
        }
        return Assets.class.getResourceAsStream("/static/" + path);
    }
}
