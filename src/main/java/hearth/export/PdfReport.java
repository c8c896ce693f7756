package hearth.export;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.FontSelector;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A print-ready table: title, the filters in words, the export time, then the rows on landscape A4. */
public record PdfReport(String title, List<String> lines, String footer, List<String> headers, float[] widths,
                        List<String[]> rows, String emptyMessage) {

    /**
     * Liberation Sans covers Latin, Greek and Cyrillic and ships inside OpenPDF itself, so the PDF
     * never depends on the fonts of the machine it is made on; it is embedded (subset) in the file.
     * Chinese, Japanese and Korean fall back to the standard CJK fonts every PDF viewer supplies.
     */
    private static final String UNICODE_FONT = "font-fallback/LiberationSans-Regular.ttf";
    private static final String[][] CJK_FONTS = {
        {"HeiseiKakuGo-W5", "UniJIS-UCS2-H"}, {"STSong-Light", "UniGB-UCS2-H"}, {"HYGoThic-Medium", "UniKS-UCS2-H"}};
    private static final int MAX_CELL_CHARS = 600;
    private static final Color HEADER_FILL = new Color(0xEE, 0xEC, 0xE8);
    private static final Color STRIPE_FILL = new Color(0xF8, 0xF7, 0xF5);
    private static final Color RULE = new Color(0xCC, 0xC8, 0xC0);
    private static final Color MUTED = new Color(0x5F, 0x5A, 0x52);
    private static volatile byte[] unicodeFont;

    public byte[] render() {
        var bytes = new ByteArrayOutputStream(32 * 1024 + rows.size() * 300);
        var document = new Document(PageSize.A4.rotate(), 28, 28, 28, 34);
        try {
            var writer = PdfWriter.getInstance(document, bytes);
            var fonts = new Fonts();
            writer.setPageEvent(new Footer(fonts, footer));
            document.addTitle(title);
            document.addCreator("Hearth");
            document.open();

            var heading = new Paragraph(fonts.select(title, 16, Font.BOLD, Color.BLACK));
            heading.setSpacingAfter(4);
            document.add(heading);
            for (var line : lines) {
                document.add(new Paragraph(fonts.select(line, 9, Font.NORMAL, MUTED)));
            }

            var table = new PdfPTable(widths);
            table.setWidthPercentage(100);
            table.setSpacingBefore(10);
            table.setHeaderRows(1);
            for (var header : headers) {
                var cell = cell(fonts.select(header, 8, Font.BOLD, Color.BLACK));
                cell.setBackgroundColor(HEADER_FILL);
                table.addCell(cell);
            }
            var stripe = false;
            for (var row : rows) {
                for (var value : row) {
                    var cell = cell(fonts.select(clip(value), 7.5f, Font.NORMAL, Color.BLACK));
                    if (stripe) {
                        cell.setBackgroundColor(STRIPE_FILL);
                    }
                    table.addCell(cell);
                }
                stripe = !stripe;
            }
            if (rows.isEmpty()) {
                var cell = cell(fonts.select(emptyMessage, 9, Font.NORMAL, MUTED));
                cell.setColspan(headers.size());
                cell.setPadding(8);
                table.addCell(cell);
            }
            document.add(table);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("Could not build the PDF", e);
        }
        return bytes.toByteArray();
    }

    private static PdfPCell cell(Phrase phrase) {
        var cell = new PdfPCell(phrase);
        cell.setPadding(3);
        cell.setPaddingBottom(4);
        cell.setBorder(Rectangle.BOTTOM);
        cell.setBorderColor(RULE);
        cell.setBorderWidth(0.5f);
        return cell;
    }

    private static String clip(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= MAX_CELL_CHARS ? value : value.substring(0, MAX_CELL_CHARS) + "…";
    }

    /** Fonts of one document (OpenPDF's fonts keep per-document state, so they are not shared). */
    private static final class Fonts {
        private final BaseFont unicode;
        private final BaseFont[] cjk;
        private final Map<String, FontSelector> selectors = new HashMap<>();

        Fonts() {
            try {
                unicode = BaseFont.createFont("LiberationSans-Regular.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED,
                        false, unicodeFontBytes(), null);
                cjk = new BaseFont[CJK_FONTS.length];
                for (var i = 0; i < CJK_FONTS.length; i++) {
                    cjk[i] = BaseFont.createFont(CJK_FONTS[i][0], CJK_FONTS[i][1], BaseFont.NOT_EMBEDDED);
                }
            } catch (DocumentException | IOException e) {
                throw new IllegalStateException("Could not load the PDF fonts", e);
            }
        }

        /**
         * Each character in the first font that has it: Liberation Sans, then the CJK fonts. Selectors
         * are reused: making one loads OpenPDF's default font from its jar, which would cost per cell.
         */
        Phrase select(String text, float size, int style, Color color) {
            var selector = selectors.computeIfAbsent(size + "/" + style + "/" + color.getRGB(), key -> {
                var made = new FontSelector();
                made.addFont(new Font(unicode, size, style, color));
                for (var font : cjk) {
                    made.addFont(new Font(font, size, style, color));
                }
                return made;
            });
            return selector.process(text);
        }
    }

    private static byte[] unicodeFontBytes() throws IOException {
        var bytes = unicodeFont;
        if (bytes == null) {
            try (var in = PdfReport.class.getClassLoader().getResourceAsStream(UNICODE_FONT)) {
                if (in == null) {
                    throw new IOException(UNICODE_FONT + " is not on the classpath (it comes with OpenPDF)");
                }
                bytes = in.readAllBytes();
            }
            unicodeFont = bytes;
        }
        return bytes;
    }

    /** "Tasks — Acme · exported … · page 3" at the foot of every page. */
    private static final class Footer extends PdfPageEventHelper {
        private final Fonts fonts;
        private final String text;

        Footer(Fonts fonts, String text) {
            this.fonts = fonts;
            this.text = text;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            var phrase = fonts.select(text + " · page " + writer.getPageNumber(), 7, Font.NORMAL, MUTED);
            ColumnText.showTextAligned(writer.getDirectContent(), Element.ALIGN_RIGHT, phrase,
                    document.right(), document.bottom() - 16, 0);
        }
    }
}
