package hearth.web;

import gg.jte.html.OwaspHtmlTemplateOutput;

/**
 * jte's HTML output over a {@link Utf8Output}, escaping the common cases (text in a tag's body, a plain
 * attribute's value) while encoding them, instead of escaping into pieces that are then encoded one by one.
 * Every other case (scripts, event handler attributes, links) is left to jte's own rules.
 */
final class Utf8Html extends OwaspHtmlTemplateOutput {
    private final Utf8Output output;
    private String tagName;
    private String attributeName;

    Utf8Html(Utf8Output output) {
        super(output);
        this.output = output;
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        super.setContext(tagName, attributeName);
        this.tagName = tagName;
        this.attributeName = attributeName;
    }

    @Override
    public void writeUserContent(String value) {
        if (value == null) {
            return;
        }
        if (tagName != null && attributeName != null) {
            if (attributeName.startsWith("on") || tagName.equals("a") && attributeName.equals("href")) {
                super.writeUserContent(value); // JavaScript, or a link that may be "javascript:"
            } else {
                output.writeEscaped(value, true);
            }
        } else if ("script".equals(tagName)) {
            super.writeUserContent(value);
        } else {
            output.writeEscaped(value, false);
        }
    }
}
