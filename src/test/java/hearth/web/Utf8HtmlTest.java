package hearth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import org.junit.jupiter.api.Test;

/** Our one-pass escaping must write exactly what jte's own HTML output writes, in every context. */
class Utf8HtmlTest {
    private static final String[][] CONTEXTS = {{null, null}, {"td", null}, {"script", null}, {"style", null},
        {"input", "value"}, {"a", "href"}, {"a", "title"}, {"div", "onclick"}, {"img", "src"}, {"button", "hx-vals"}};
    private static final String[] VALUES = {null, "", "plain", "<script>alert('x')</script>", "\" onmouseover=\"alert(1)",
        "' autofocus onfocus='alert(1)", "javascript:alert(1)", "  JavaScript:alert(1)", "a & b > c < d", "&amp; already",
        "Łukasz — café", "日本語", "emoji 😀", "lone \uD800", "</textarea><b>", "{\"json\": \"a<b\"}", "back\\slash\nnew line"};

    @Test
    void everyContextAndValueComesOutAsJteWritesIt() {
        for (var context : CONTEXTS) {
            for (var value : VALUES) {
                var ours = new Utf8Output(1);
                var theirs = new Utf8Output(1);
                write(new Utf8Html(ours), context, value);
                write(new OwaspHtmlTemplateOutput(theirs), context, value);
                assertEquals(theirs.toString(), ours.toString(), context[0] + "/" + context[1] + ": " + value);
                assertEquals(theirs.length(), ours.length());
            }
        }
    }

    @Test
    void theContextIsTheLastOneSet() {
        var ours = new Utf8Output(1);
        var theirs = new Utf8Output(1);
        for (var output : new HtmlTemplateOutput[] {new Utf8Html(ours), new OwaspHtmlTemplateOutput(theirs)}) {
            for (var context : CONTEXTS) {
                write(output, context, "<a href=\"javascript:x\" onclick='y'>&</a>");
            }
        }
        assertEquals(theirs.toString(), ours.toString());
    }

    private static void write(HtmlTemplateOutput output, String[] context, String value) {
        output.setContext(context[0], context[1]);
        output.writeUserContent(value);
        output.writeContent("|");
    }
}
