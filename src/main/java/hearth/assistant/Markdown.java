package hearth.assistant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Assistant answers as HTML that is safe to put into a page unescaped. The text comes from a model
 * that anyone can steer with a prompt ("answer with a link to javascript:…"), so it is treated as
 * hostile: raw HTML is shown as text, only http, https and mailto links become links, images become
 * links too (an {@code <img>} would load a remote address the moment the answer is shown, telling a
 * third party who read it and when), and the result is cleaned again by jsoup's safelist so that a
 * mistake in one layer is not enough.
 */
public final class Markdown {
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");
    private static final String REL = "nofollow noopener noreferrer";
    private static final Pattern CODE_LANGUAGE = Pattern.compile("language-[A-Za-z0-9_+#.-]{1,40}");

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(
            TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .nodeRendererFactory(SafeLinks::new)
            .build();
    private static final Cleaner CLEANER = new Cleaner(new AnswerSafelist());

    private Markdown() {}

    /** The Markdown as cleaned HTML: the one string Hearth puts into a page without escaping it. */
    public static String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        var html = RENDERER.render(PARSER.parse(markdown));
        var clean = CLEANER.clean(org.jsoup.parser.Parser.parseBodyFragment(html, ""));
        clean.outputSettings().prettyPrint(false);
        return clean.body().html().strip();
    }

    /**
     * The text of the Markdown for a one-line preview: no markup, whitespace collapsed, at most
     * {@code maxChars} characters, cut after a whole word and ended with "…" when it is longer.
     */
    public static String toPlainPreview(String markdown, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("A preview needs room for at least one character: " + maxChars);
        }
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        var text = new PlainText();
        PARSER.parse(markdown).accept(text);
        return shorten(collapseWhitespace(text.out), maxChars);
    }

    /** Whether a link or image destination may become an address: http, https and mailto only, nothing relative. */
    static boolean allowedUrl(String url) {
        if (url == null) {
            return false;
        }
        var colon = url.indexOf(':');
        return colon > 0 && LINK_SCHEMES.contains(url.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    private static String collapseWhitespace(CharSequence text) {
        var out = new StringBuilder(text.length());
        var pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String shorten(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        var end = maxChars - 1;
        if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
            end--;
        }
        // Back up to the end of the last whole word, unless the first word alone is already too long.
        if (text.charAt(end) != ' ') {
            var space = text.lastIndexOf(' ', end);
            if (space > 0) {
                end = space;
            }
        }
        var cut = text.substring(0, end).stripTrailing();
        while (!cut.isEmpty() && ",;:-–—(".indexOf(cut.charAt(cut.length() - 1)) >= 0) {
            cut = cut.substring(0, cut.length() - 1).stripTrailing();
        }
        return cut + "…";
    }

    /**
     * Links with a safe address become links with {@code rel} set; any other link is its text alone,
     * so a reader sees what the model wrote without anything to click. Images become links to the image.
     */
    private static final class SafeLinks implements NodeRenderer {
        private final HtmlNodeRendererContext context;

        SafeLinks(HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Link.class, Image.class);
        }

        @Override
        public void render(Node node) {
            if (node instanceof Link link) {
                renderLink(link, link.getDestination(), link.getTitle());
            } else if (node instanceof Image image) {
                renderImage(image);
            }
        }

        private void renderLink(Link link, String url, String title) {
            if (!allowedUrl(url)) {
                renderChildren(link);
                return;
            }
            context.getWriter().tag("a", attributes(link, url, title));
            renderChildren(link);
            context.getWriter().tag("/a");
        }

        private void renderImage(Image image) {
            var alt = new PlainText();
            image.accept(alt);
            var label = collapseWhitespace(alt.out);
            if (!allowedUrl(image.getDestination())) {
                context.getWriter().text(label);
                return;
            }
            context.getWriter().tag("a", attributes(image, image.getDestination(), image.getTitle()));
            context.getWriter().text(label.isEmpty() ? image.getDestination() : label);
            context.getWriter().tag("/a");
        }

        private java.util.Map<String, String> attributes(Node node, String url, String title) {
            var attributes = new LinkedHashMap<String, String>();
            attributes.put("href", context.encodeUrl(url));
            if (title != null) {
                attributes.put("title", title);
            }
            attributes.put("rel", REL);
            return context.extendAttributes(node, "a", attributes);
        }

        private void renderChildren(Node parent) {
            var node = parent.getFirstChild();
            while (node != null) {
                var next = node.getNext();
                context.render(node);
                node = next;
            }
        }
    }

    /** What jsoup keeps of the rendered HTML: text formatting, lists, tables, code, and links to http(s)/mailto. */
    private static final class AnswerSafelist extends Safelist {
        AnswerSafelist() {
            addTags("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre",
                    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td");
            addAttributes("a", "href", "title");
            addAttributes("ol", "start");
            addAttributes("code", "class");
            addAttributes("th", "align");
            addAttributes("td", "align");
            addProtocols("a", "href", "http", "https", "mailto");
            addEnforcedAttribute("a", "rel", REL);
        }

        /** A code block's class is only ever its language, so page styles cannot be borrowed through it. */
        @Override
        public boolean isSafeAttribute(String tagName, Element element, Attribute attribute) {
            if (tagName.equals("code") && attribute.getKey().equals("class")) {
                return CODE_LANGUAGE.matcher(attribute.getValue()).matches();
            }
            return super.isSafeAttribute(tagName, element, attribute);
        }
    }

    /** The text of a document or node: the words and code, no markup or addresses, blocks apart. */
    private static final class PlainText extends AbstractVisitor {
        final StringBuilder out = new StringBuilder();

        @Override
        public void visit(Text text) {
            out.append(text.getLiteral());
        }

        @Override
        public void visit(Code code) {
            out.append(code.getLiteral());
        }

        @Override
        public void visit(FencedCodeBlock block) {
            out.append(' ').append(block.getLiteral()).append(' ');
        }

        @Override
        public void visit(IndentedCodeBlock block) {
            out.append(' ').append(block.getLiteral()).append(' ');
        }

        @Override
        public void visit(HtmlInline html) {
            out.append(html.getLiteral());
        }

        @Override
        public void visit(HtmlBlock html) {
            out.append(' ').append(html.getLiteral()).append(' ');
        }

        @Override
        public void visit(SoftLineBreak softLineBreak) {
            out.append(' ');
        }

        @Override
        public void visit(HardLineBreak hardLineBreak) {
            out.append(' ');
        }

        @Override
        public void visit(CustomNode node) {
            visitChildren(node);
            if (node instanceof TableCell) {
                out.append(' ');
            }
        }

        @Override
        public void visit(CustomBlock block) {
            visitChildren(block);
            out.append(' ');
        }

        @Override
        protected void visitChildren(Node parent) {
            super.visitChildren(parent);
            if (parent instanceof Block) {
                out.append(' ');
            }
        }
    }
}
