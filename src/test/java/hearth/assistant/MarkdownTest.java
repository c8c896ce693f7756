package hearth.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MarkdownTest {
    /** What a model can be talked into writing. None of it may survive as markup or as an address. */
    static final List<String> HOSTILE = List.of(
            "<script>alert(1)</script>",
            "before <script>alert(1)</script> after",
            "<img src=x onerror=alert(1)>",
            "text <img src=x onerror=alert(1)> inline",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](  javascript:alert(1)  )",
            "[x](<javascript:alert(1)>)",
            "[x](java\tscript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](vbscript:msgbox(1))",
            "[x](javascript&#58;alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](javascript%3Aalert(1))",
            "[x][ref]\n\n[ref]: javascript:alert(1)",
            "<javascript:alert(1)>",
            "<data:text/html,<script>alert(1)</script>>",
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "![x](https://tracker.example/pixel.gif)",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<a href=\"https://example.com\" onclick=\"alert(1)\">click</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<style>body{display:none}</style>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<object data=\"x\"></object><embed src=\"x\">",
            "<form action=\"https://evil.example\"><input name=q><button>go</button></form>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<details open ontoggle=alert(1)>",
            "`<script>alert(1)</script>`",
            "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
            "    <script>alert(1)</script>",
            "```\"><script>alert(1)</script>\ncode\n```",
            "```x onmouseover=alert(1)\ncode\n```",
            "[x](https://example.com \"a\\\" onmouseover=\\\"alert(1)\")",
            "[x](https://example.com 'it''s \"quoted\" <b>')",
            "[**bold _and_ `code`** <img src=x onerror=alert(1)>](https://example.com)",
            "[a [nested](javascript:alert(1)) link](https://example.com)",
            "[x](https://example.com\"onmouseover=\"alert(1))",
            "www.example.com/<script>alert(1)</script>",
            "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
            "> <script>alert(1)</script>\n> [x](vbscript:alert(1))",
            "- <img src=x onerror=alert(1)>\n- [y](data:text/html,hi)",
            "<!-- comment --><script>alert(1)</script>",
            "<![CDATA[<script>alert(1)</script>]]>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "<scr<script>ipt>alert(1)</script>");

    private static final Set<String> ALLOWED_TAGS = Set.of("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
            "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody",
            "tr", "th", "td");

    @TestFactory
    Stream<DynamicTest> hostileMarkdownRendersWithoutScriptsHandlersOrUnsafeAddresses() {
        return HOSTILE.stream().map(markdown -> dynamicTest(markdown.replace('\n', '⏎'), () -> {
            var html = Markdown.toHtml(markdown);
            assertSafe(html, markdown);
        }));
    }

    @Test
    void rawHtmlIsShownAsText() {
        var html = Markdown.toHtml("Hello <script>alert(1)</script> and <b>bold</b>");

        assertEquals("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;</p>", html);
        assertEquals("Hello <script>alert(1)</script> and <b>bold</b>", Jsoup.parse(html).text());
    }

    @Test
    void anUnsafeLinkKeepsItsTextAndLosesItsAddress() {
        for (var markdown : List.of("[click me](javascript:alert(1))", "[click me](JaVaScRiPt:alert(1))",
                "[click me](data:text/html;base64,PHNjcmlwdD4=)", "[click me](vbscript:x)",
                "[click me](javascript&#58;alert(1))", "[click me](/relative/path)", "[click me](#anchor)")) {
            var body = Jsoup.parse(Markdown.toHtml(markdown)).body();
            assertTrue(body.select("a").isEmpty(), markdown + " → " + body.html());
            assertEquals("click me", body.text(), markdown);
        }
    }

    @Test
    void anAngleBracketAutolinkToJavascriptIsText() {
        var body = Jsoup.parse(Markdown.toHtml("<javascript:alert(1)>")).body();

        assertTrue(body.select("a").isEmpty(), body.html());
        assertEquals("javascript:alert(1)", body.text());
    }

    @Test
    void httpHttpsAndMailtoLinksAreLinksThatDoNotLeakTheReferrer() {
        var body = Jsoup.parse(Markdown.toHtml("""
                See [the docs](https://example.com/docs?a=1&b=2 "The docs"), [plain](http://example.org),
                <https://example.net/auto>, www.example.com and write to [us](mailto:help@example.com)
                or team@example.com.
                """)).body();

        var links = body.select("a");
        assertEquals(List.of("https://example.com/docs?a=1&b=2", "http://example.org", "https://example.net/auto",
                        "http://www.example.com", "mailto:help@example.com", "mailto:team@example.com"),
                links.eachAttr("href"));
        assertEquals("The docs", links.first().attr("title"));
        for (var link : links) {
            assertEquals("nofollow noopener noreferrer", link.attr("rel"), link.outerHtml());
            assertFalse(link.hasAttr("target"), link.outerHtml());
        }
    }

    @Test
    void anImageBecomesALinkToItAndNothingIsLoaded() {
        var body = Jsoup.parse(Markdown.toHtml("![a *chart*](https://img.example/chart.png \"Chart\") and ![](https://img.example/x.png)")).body();

        assertTrue(body.select("img").isEmpty(), body.html());
        var links = body.select("a");
        assertEquals(List.of("https://img.example/chart.png", "https://img.example/x.png"), links.eachAttr("href"));
        assertEquals("a chart", links.get(0).text());
        assertEquals("https://img.example/x.png", links.get(1).text(), "An image without alt text shows its address");
        assertEquals("Chart", links.get(0).attr("title"));
    }

    @Test
    void aLinkTitleWithQuotesStaysInsideItsAttribute() {
        var link = Jsoup.parse(Markdown.toHtml("[x](https://example.com \"say \\\"hi\\\" onmouseover='alert(1)'\")"))
                .selectFirst("a");

        assertEquals("say \"hi\" onmouseover='alert(1)'", link.attr("title"));
        assertEquals(Set.of("href", "title", "rel"), attributeNames(link));
    }

    @Test
    void markdownInsideLinkTextIsRendered() {
        var document = Jsoup.parse(Markdown.toHtml("[**bold** and `code` and ~~gone~~](https://example.com)"));
        document.outputSettings().prettyPrint(false);
        var link = document.selectFirst("a");

        assertEquals("<strong>bold</strong> and <code>code</code> and <del>gone</del>", link.html());
    }

    @Test
    void fencedCodeKeepsItsTextVerbatimAndItsLanguage() {
        var code = """
                if (a < b && c > "d") {
                    el.innerHTML = '<img src=x onerror=alert(1)>';
                }
                """;
        var body = Jsoup.parse(Markdown.toHtml("Here:\n\n```javascript\n" + code + "```\n")).body();

        var block = body.selectFirst("pre > code");
        assertEquals("language-javascript", block.className());
        assertEquals(code, block.wholeText());
        assertTrue(block.children().isEmpty(), block.html());
    }

    @Test
    void aCodeBlockWhoseInfoIsNotALanguageLosesItsClass() {
        var block = Jsoup.parse(Markdown.toHtml("```\"><b>\ncode\n```")).selectFirst("pre > code");

        assertFalse(block.hasAttr("class"), block.outerHtml());
        assertEquals("code\n", block.wholeText());
    }

    @Test
    void indentedCodeAndCodeSpansAreKeptAsText() {
        var body = Jsoup.parse(Markdown.toHtml("Use `<br>` here:\n\n    <p>indented</p>\n")).body();

        assertEquals("<br>", body.selectFirst("p > code").text());
        assertEquals("<p>indented</p>\n", body.selectFirst("pre > code").wholeText());
    }

    @Test
    void tablesListsQuotesHeadingsAndEmphasisRender() {
        var body = Jsoup.parse(Markdown.toHtml("""
                ## Plan

                | Model | Price |
                |:------|------:|
                | Fast  | $0.05 |

                1. one
                2. **two**

                - a
                - *b*

                > quoted ~~text~~

                ---
                line one\\
                line two
                """)).body();

        assertEquals("Plan", body.selectFirst("h2").text());
        assertEquals(List.of("Model", "Price"), body.select("table thead th").eachText());
        assertEquals(List.of("Fast", "$0.05"), body.select("table tbody td").eachText());
        assertEquals("right", body.select("table tbody td").get(1).attr("align"));
        assertEquals(List.of("one", "two"), body.select("ol > li").eachText());
        assertEquals("two", body.selectFirst("ol strong").text());
        assertEquals(List.of("a", "b"), body.select("ul > li").eachText());
        assertEquals("b", body.selectFirst("ul em").text());
        assertEquals("text", body.selectFirst("blockquote del").text());
        assertEquals(1, body.select("hr").size());
        assertEquals(1, body.select("br").size());
    }

    @Test
    void anOrderedListMayStartElsewhere() {
        var list = Jsoup.parse(Markdown.toHtml("3. three\n4. four")).selectFirst("ol");

        assertEquals("3", list.attr("start"));
    }

    @Test
    void nothingRendersAsNothing() {
        assertEquals("", Markdown.toHtml(null));
        assertEquals("", Markdown.toHtml(" \n "));
    }

    @Test
    void aPreviewIsTheTextWithoutMarkup() {
        assertEquals("Hello world, see the docs and code() here. one two",
                Markdown.toPlainPreview("# Hello *world*,\n\nsee [the docs](https://example.com) and `code()` here.\n\n- one\n- two", 100));
    }

    @Test
    void aPreviewCollapsesWhitespaceAndKeepsTableCellsApart() {
        assertEquals("a b 1 2 x = 1",
                Markdown.toPlainPreview("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n   x   =\n\t1\n```", 100));
    }

    @Test
    void aLongPreviewIsCutAfterAWholeWord() {
        var preview = Markdown.toPlainPreview("The quick brown fox jumps over the lazy dog", 20);

        assertEquals("The quick brown fox…", preview);
        assertTrue(preview.length() <= 20);
        assertEquals("The quick brown…", Markdown.toPlainPreview("The quick brown, fox jumps", 19));
        assertEquals("Supercalifragilisti…", Markdown.toPlainPreview("Supercalifragilisticexpialidocious", 20),
                "A single word longer than the preview is cut inside it");
        assertEquals("short", Markdown.toPlainPreview("short", 5));
        assertEquals("", Markdown.toPlainPreview("  ", 5));
    }

    @Test
    void aPreviewNeverSplitsASurrogatePair() {
        var preview = Markdown.toPlainPreview("ab😀😀😀😀", 4);

        assertEquals("ab…", preview);
    }

    @Test
    void aPreviewOfRawHtmlIsItsText() {
        // Shown through an escaping template, so the tags appear as typed, as they do in the answer.
        assertEquals("<b>hi</b> there", Markdown.toPlainPreview("<b>hi</b> there", 50));
    }

    private static void assertSafe(String html, String markdown) {
        var document = Jsoup.parse(html);
        for (Element element : document.body().getAllElements()) {
            if (element == document.body()) {
                continue;
            }
            var what = markdown + " → " + html;
            assertTrue(ALLOWED_TAGS.contains(element.normalName()), "<" + element.normalName() + "> in " + what);
            for (var attribute : element.attributes()) {
                var name = attribute.getKey().toLowerCase(Locale.ROOT);
                assertFalse(name.startsWith("on"), name + " in " + what);
                assertFalse(name.equals("style") || name.equals("src") || name.equals("srcset"), name + " in " + what);
                if (name.equals("href")) {
                    var scheme = attribute.getValue().split(":", 2)[0].toLowerCase(Locale.ROOT);
                    assertTrue(Set.of("http", "https", "mailto").contains(scheme), attribute + " in " + what);
                }
                if (name.equals("class")) {
                    assertTrue(attribute.getValue().matches("language-[A-Za-z0-9_+#.-]+"), attribute + " in " + what);
                }
            }
        }
        for (var tag : List.of("script", "style", "iframe", "svg", "img", "object", "embed", "form", "input", "math")) {
            assertTrue(document.select(tag).isEmpty(), tag + " in " + markdown + " → " + html);
        }
    }

    private static Set<String> attributeNames(Element element) {
        var names = new java.util.HashSet<String>();
        element.attributes().forEach(attribute -> names.add(attribute.getKey()));
        return names;
    }
}
