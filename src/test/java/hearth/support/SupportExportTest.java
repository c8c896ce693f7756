package hearth.support;

import static hearth.support.SupportDesk.open;
import static hearth.support.SupportDesk.path;
import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Downloads;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.TestApp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue as CSV (exactly the filtered view), a conversation as CSV and as a PDF transcript. */
class SupportExportTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static Person sam;
    static Acme acme;
    static long tricky;
    static long plain;
    static final String SUBJECT = "Ωμέγα, \"quoted\" subject";

    @BeforeAll
    static void buildConversations() {
        sam = Fixtures.agent(app);
        acme = Fixtures.acme(app);
        tricky = open(app, acme.org(), acme.ann(), SUBJECT, "=1+1 and a line\nbreak, with commas");
        plain = open(app, acme.org(), acme.bob(), "Plain question", "Nothing special");
        sam.session().post(path(tricky) + "/messages", form("body", "Secret: the customer is difficult", "kind", "note"));
        sam.session().post(path(tricky) + "/messages", form("body", "We are on it", "kind", "agent"));
        sam.session().post(path(tricky) + "/tags", form("tag", "billing"));
        sam.session().post(path(tricky) + "/assignee", form("assignee", "me"));
    }

    @Test
    void theQueueCsvIsTheFilteredViewInRfc4180() {
        var response = sam.session().get("/admin/support/export.csv?tag=billing");
        assertEquals(200, response.status(), response.describe());
        assertTrue(response.header("Content-Type").startsWith("text/csv"));
        assertTrue(response.header("Content-Disposition").startsWith("attachment"));
        var records = Downloads.csv(response.body());
        assertEquals(List.of("id", "subject", "status", "priority", "category", "organization", "member", "member email",
                "assignee", "tags", "messages", "created at", "last message at", "first response at", "closed at",
                "archived at", "merged into"), records.get(0));
        assertEquals(2, records.size(), "Only the conversation tagged billing");
        var row = records.get(1);
        assertEquals(String.valueOf(tricky), row.get(0));
        assertEquals(SUBJECT, row.get(1), "Quotes and commas survive the round trip");
        assertEquals("Acme", row.get(5));
        assertEquals("Ann Owner", row.get(6));
        assertEquals("Sam Agent", row.get(8));
        assertEquals("billing", row.get(9));
        assertEquals("2", row.get(10));
        assertTrue(row.get(11).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), row.get(11));

        var all = Downloads.csv(sam.session().get("/admin/support/export.csv?sort=subject&dir=asc").body());
        assertEquals(List.of(String.valueOf(plain), String.valueOf(tricky)), all.stream().skip(1).map(r -> r.get(0)).toList(),
                "In the queue's order");
        assertTrue(app.queryOne(Long.class, "select count(*) from support_log where action = 'exported' and conversation_id is null") >= 2);
    }

    @Test
    void aConversationCsvLeavesNotesOutUnlessAskedFor() {
        var response = sam.session().get(path(tricky) + "/transcript.csv");
        assertEquals(200, response.status());
        var records = Downloads.csv(response.body());
        assertEquals(List.of("id", "created at", "kind", "author", "message"), records.get(0));
        assertEquals(List.of("user", "agent"), records.stream().skip(1).map(r -> r.get(2)).toList());
        assertEquals("'=1+1 and a line\nbreak, with commas", records.get(1).get(4),
                "A formula is neutralized, the line break kept inside its quoted field");
        var withNotes = Downloads.csv(sam.session().get(path(tricky) + "/transcript.csv?notes=include").body());
        assertEquals(List.of("user", "note", "agent"), withNotes.stream().skip(1).map(r -> r.get(2)).toList());
    }

    @Test
    void thePdfTranscriptHasTheSubjectAndTheThread() throws IOException {
        var response = Downloads.bytes(app, sam.session(), path(tricky) + "/transcript.pdf");
        assertEquals(200, response.statusCode());
        assertEquals("application/pdf", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().length > 1000);
        var text = Downloads.pdfText(response.body());
        assertTrue(text.contains("Ωμέγα"), text);
        assertTrue(text.contains("We are on it"), text);
        assertTrue(text.contains("Ann Owner"), text);
        assertFalse(text.contains("Secret"), "No internal notes unless asked for");
        assertTrue(Downloads.pdfText(Downloads.bytes(app, sam.session(), path(tricky) + "/transcript.pdf?notes=include").body())
                .contains("Secret"));
    }
}
