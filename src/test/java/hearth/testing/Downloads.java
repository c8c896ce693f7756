package hearth.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reading exports as a spreadsheet or a PDF viewer would: CSV by RFC 4180, PDFs as bytes and their text. */
public final class Downloads {
    private Downloads() {}

    /** The records of a CSV download, which starts with a byte order mark for Excel. */
    public static List<List<String>> csv(String body) {
        assertTrue(body.startsWith("\uFEFF"), "starts with a byte order mark");
        try (var parser = CSVFormat.RFC4180.builder().get().parse(new StringReader(body.substring(1)))) {
            return parser.getRecords().stream().map(CSVRecord::toList).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A download as bytes (the harness reads bodies as text), with {@code session}'s cookie. */
    public static HttpResponse<byte[]> bytes(TestApp app, HttpSession session, String path) {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Cookie", HttpSession.SESSION_COOKIE + "=" + session.sessionCookie()).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String pdfText(byte[] pdf) throws IOException {
        var reader = new PdfReader(pdf);
        var extractor = new PdfTextExtractor(reader);
        var text = new StringBuilder();
        for (var page = 1; page <= reader.getNumberOfPages(); page++) {
            text.append(extractor.getTextFromPage(page)).append('\n');
        }
        return text.toString();
    }
}
