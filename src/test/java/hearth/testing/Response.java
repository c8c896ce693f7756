package hearth.testing;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** What the server answered, with a jsoup document for HTML assertions. */
public record Response(String method, URI uri, int status, HttpHeaders headers, String body) {

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public List<String> headerValues(String name) {
        return headers.allValues(name);
    }

    public String location() {
        return header("Location");
    }

    public boolean isRedirect() {
        return status >= 300 && status < 400 && location() != null;
    }

    public boolean isHtml() {
        var type = header("Content-Type");
        return type != null && type.startsWith("text/html");
    }

    public Document document() {
        return Jsoup.parse(body, uri.toString());
    }

    /** The visible text of an HTML page, whitespace collapsed, for "does the page say X" assertions. */
    public String text() {
        return document().text();
    }

    /** The value a form input shows, e.g. after a refused submission kept what was typed. */
    public String inputValue(String name) {
        var input = document().selectFirst("input[name=" + name + "], textarea[name=" + name + "]");
        if (input == null) {
            return null;
        }
        return input.tagName().equals("textarea") ? input.text() : input.attr("value");
    }

    /**
     * The error message attached to a form field, found the way a screen reader finds it: the
     * input's {@code aria-describedby} names the element holding the message, and the input is
     * marked {@code aria-invalid}. Null when the field shows no error.
     */
    public String fieldError(String name) {
        var document = document();
        var input = document.selectFirst("input[name=" + name + "], textarea[name=" + name + "], select[name=" + name + "]");
        if (input == null || !"true".equals(input.attr("aria-invalid"))) {
            return null;
        }
        for (var id : input.attr("aria-describedby").split("\\s+")) {
            var described = id.isEmpty() ? null : document.getElementById(id);
            if (described != null && !described.text().isBlank()) {
                return described.text();
            }
        }
        return null;
    }

    /** For assertion messages: the request, the status and the start of the body. */
    public String describe() {
        var excerpt = body == null ? "" : body.length() > 1500 ? body.substring(0, 1500) + "…" : body;
        return method + " " + uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery())
                + " → " + status + (location() == null ? "" : " Location: " + location()) + "\n" + excerpt;
    }
}
