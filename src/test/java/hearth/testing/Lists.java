package hearth.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;

/**
 * Reading a list page (tasks, customers, projects) the way a person reads it: the rows it shows, the
 * number of matches it reports, its pager and sort links, and what its filter form would submit.
 */
public final class Lists {
    private Lists() {}

    /** The ids of the rows shown, top to bottom, from their DOM ids ({@code task-42}). */
    public static List<Long> rowIds(Response page, String entity) {
        var ids = new ArrayList<Long>();
        for (var row : page.document().select("tbody tr[id^=" + entity + "-]")) {
            var id = row.id().substring(entity.length() + 1);
            if (id.matches("[0-9]+")) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }

    /** The number of matches the page reports, as written ("60", "1,000", "about 1,500"). */
    public static String count(Response page) {
        var count = page.document().selectFirst(".results-count strong");
        return count == null ? null : count.text();
    }

    /** The href of the pager's "Next" link, or null on the last page. */
    public static String next(Response page) {
        return href(page, "a[rel=next]");
    }

    /** The href of the pager's "Previous" link, or null on the first page. */
    public static String previous(Response page) {
        return href(page, "a[rel=prev]");
    }

    /** The href of the column header that sorts by {@code label} ("Title", "Due"). */
    public static String sortLink(Response page, String label) {
        for (var link : page.document().select("th a.sort")) {
            if (link.ownText().equals(label) || link.text().equals(label)) {
                return link.attr("href");
            }
        }
        return null;
    }

    /**
     * The URL a browser would load when the list's filter form is submitted as it stands: its action
     * with every checked box, typed value and selected option, in document order.
     */
    public static String submitFilters(Response page) {
        var form = page.document().selectFirst("form.filters");
        if (form == null) {
            throw new AssertionError("The page has no filter form: " + page.describe());
        }
        var parts = new ArrayList<String>();
        for (var field : form.select("input[name], select[name], textarea[name]")) {
            var name = field.attr("name");
            String value = null;
            if (field.tagName().equals("select")) {
                var selected = field.selectFirst("option[selected]");
                if (selected == null) {
                    selected = field.selectFirst("option");
                }
                value = selected == null ? null : selected.attr("value");
            } else if (field.attr("type").equals("checkbox") || field.attr("type").equals("radio")) {
                value = field.hasAttr("checked") ? valueOf(field) : null;
            } else if (!field.attr("type").equals("submit") && !field.attr("type").equals("button")) {
                value = field.attr("value");
            }
            if (value != null) {
                parts.add(encode(name) + "=" + encode(value));
            }
        }
        var action = form.attr("action");
        return action + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    /** The values of the checked boxes named {@code name} in the filter form. */
    public static List<String> checked(Response page, String name) {
        return page.document().select("form.filters input[type=checkbox][name=" + name + "][checked]").stream()
                .map(Lists::valueOf).toList();
    }

    /** The values offered by the filter form's checkboxes named {@code name}, checked or not. */
    public static List<String> offered(Response page, String name) {
        return page.document().select("form.filters input[type=checkbox][name=" + name + "]").stream()
                .map(Lists::valueOf).toList();
    }

    /** The selected option of the filter form's select {@code name}. */
    public static String selected(Response page, String name) {
        var option = page.document().selectFirst("form.filters select[name=" + name + "] option[selected]");
        return option == null ? null : option.attr("value");
    }

    private static String valueOf(Element field) {
        return field.hasAttr("value") ? field.attr("value") : "on";
    }

    private static String href(Response page, String selector) {
        var link = page.document().selectFirst(selector);
        return link == null ? null : link.attr("href");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
