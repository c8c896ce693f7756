package hearth.assistant;

/** Placeholder until the safe Markdown renderer lands: escapes everything. */
public final class Markdown {
    private Markdown() {}

    public static String toHtml(String markdown) {
        return "<p>" + markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;") + "</p>";
    }
}
