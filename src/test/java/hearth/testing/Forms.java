package hearth.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * Submitting a form a page shows, as a browser would: its action, and the fields it would send
 * (hidden and typed values, checked boxes, selected options), optionally with the button pressed.
 * The CSRF field is left out: {@link HttpSession#post(String, List)} adds the session's own.
 */
public final class Forms {
    private Forms() {}

    /** The first form matching {@code selector}; fails when the page has none. */
    public static Element form(Response page, String selector) {
        var form = page.document().selectFirst(selector);
        if (form == null || !form.tagName().equals("form")) {
            throw new AssertionError("No form " + selector + " on the page: " + page.describe());
        }
        return form;
    }

    public static String action(Response page, String selector) {
        return form(page, selector).attr("action");
    }

    /** What the form sends, in document order, without any submit button's value. */
    public static List<Map.Entry<String, String>> fields(Response page, String selector) {
        var fields = new ArrayList<Map.Entry<String, String>>();
        for (var field : form(page, selector).select("input[name], select[name], textarea[name]")) {
            var name = field.attr("name");
            var type = field.attr("type");
            if (name.equals(HttpSession.CSRF_FIELD) || type.equals("submit") || type.equals("button")) {
                continue;
            }
            if (field.tagName().equals("select")) {
                var option = field.selectFirst("option[selected]");
                option = option != null ? option : field.selectFirst("option");
                if (option != null) {
                    fields.add(Map.entry(name, option.attr("value")));
                }
            } else if (field.tagName().equals("textarea")) {
                fields.add(Map.entry(name, field.text()));
            } else if (type.equals("checkbox") || type.equals("radio")) {
                if (field.hasAttr("checked")) {
                    fields.add(Map.entry(name, field.hasAttr("value") ? field.attr("value") : "on"));
                }
            } else {
                fields.add(Map.entry(name, field.attr("value")));
            }
        }
        return fields;
    }

    /** Submits the form with the fields it holds. */
    public static Response submit(HttpSession session, Response page, String selector) {
        return session.post(action(page, selector), fields(page, selector));
    }
}
