package hearth.support;

import static hearth.testing.Fixtures.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.HttpSession;
import hearth.testing.HttpSession.Upload;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files on support messages: sized while they stream in, typed by their bytes, named safely, served
 * so that no browser renders them as a page of ours, and only to the conversation's member and the
 * support team.
 */
class SupportAttachmentsTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final byte[] PNG = Fixtures.PNG;
    static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] HTML = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] SVG = """
            <?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>
            """.getBytes(StandardCharsets.UTF_8);

    static Acme acme;
    static Person agent;
    static long conversation;
    static String thread;

    @BeforeAll
    static void buildFixtures() {
        acme = Fixtures.acme(app);
        agent = SupportDesk.agent(app, "Sam Support", "sam@hearth.test");
        conversation = SupportDesk.open(acme.ann(), acme.org(), "Files", "Here they come");
        thread = "/support/" + conversation;
    }

    @Test
    void aPngIsStoredAsAnImageShownInlineAndDownloadedAsAnAttachment() {
        var sent = attach(new Upload("files", "screen shot.png", "image/png", PNG));
        assertEquals(303, sent.status(), sent.describe());
        var id = newestAttachment();
        assertEquals("image/png|screen shot.png|" + PNG.length,
                app.queryOne(String.class, "select content_type || '|' || filename || '|' || size from support_attachments where id = ?", id));

        var page = acme.ann().session().get(thread);
        assertNotNull(page.document().selectFirst("img[src=" + thread + "/attachments/" + id + "/preview]"), "previewed");

        var preview = acme.ann().session().get(thread + "/attachments/" + id + "/preview");
        assertEquals(200, preview.status(), preview.describe());
        assertEquals("image/png", preview.header("Content-Type"));
        assertTrue(preview.header("Content-Disposition").startsWith("inline;"), preview.header("Content-Disposition"));
        assertServedSafely(preview);

        var download = acme.ann().session().get(thread + "/attachments/" + id);
        assertEquals(200, download.status(), download.describe());
        assertEquals("attachment; filename=\"screen shot.png\"; filename*=UTF-8''screen%20shot.png", download.header("Content-Disposition"));
        assertServedSafely(download);
    }

    @Test
    void anHtmlPageNamedPngIsRefusedAndNothingIsStored() {
        assertRefused(new Upload("files", "cat.png", "image/png", HTML), "“cat.png” is an HTML page");
    }

    @Test
    void anSvgWithScriptIsNotAnAllowedImageWhateverItIsCalled() {
        assertRefused(new Upload("files", "logo.svg", "image/svg+xml", SVG), "“logo.svg” is an SVG image, which can carry script");
        assertRefused(new Upload("files", "logo.png", "image/png", SVG), "“logo.png” is an SVG image, which can carry script");
    }

    @Test
    void aPdfRenamedTxtIsStoredAsAPdfAndNamedSo() {
        assertEquals(303, attach(new Upload("files", "manual.txt", "text/plain", PDF)).status());
        var id = newestAttachment();
        assertEquals("application/pdf|manual.txt.pdf",
                app.queryOne(String.class, "select content_type || '|' || filename from support_attachments where id = ?", id));
        var download = acme.ann().session().get(thread + "/attachments/" + id);
        assertEquals("application/pdf", download.header("Content-Type"));
        assertServedSafely(download);
        assertEquals(404, acme.ann().session().get(thread + "/attachments/" + id + "/preview").status(), "only images are shown inline");
    }

    @Test
    void logsAreTextAndTextNamedLikeAnImageGetsATextName() {
        assertEquals(303, attach(new Upload("files", "server.log", "application/octet-stream",
                "2026-01-01 12:00:00 ERROR it broke\n".getBytes(StandardCharsets.UTF_8))).status());
        assertEquals("text/plain|server.log", app.queryOne(String.class,
                "select content_type || '|' || filename from support_attachments where id = ?", newestAttachment()));
        // Markup the sniffer cannot call HTML is stored as text, and never named .html or .png.
        assertEquals(303, attach(new Upload("files", "pic.png", "image/png",
                "<img src=x onerror=alert(1)>".getBytes(StandardCharsets.UTF_8))).status());
        assertEquals("text/plain|pic.png.txt", app.queryOne(String.class,
                "select content_type || '|' || filename from support_attachments where id = ?", newestAttachment()));
        var download = acme.ann().session().get(thread + "/attachments/" + newestAttachment());
        assertEquals("text/plain;charset=utf-8", download.header("Content-Type"));
        assertServedSafely(download);
    }

    @Test
    void filenamesLoseTheirPathsControlCharactersAndDirectionTricksAndAreCappedKeepingTheExtension() {
        assertEquals("passwd.txt", AttachmentFiles.cleanName("../../etc/passwd", "text/plain"));
        assertEquals("report.pdf", AttachmentFiles.cleanName("C:\\Users\\ann\\report.pdf", "application/pdf"));
        assertEquals("invoicefdp.exe.pdf", AttachmentFiles.cleanName("invoice\u202Efdp.exe", "application/pdf"));
        assertEquals("ab.png", AttachmentFiles.cleanName("a\u0000\nb.png", "image/png"));
        assertEquals("attachment.jpg", AttachmentFiles.cleanName("...", "image/jpeg"));
        var cleaned = AttachmentFiles.cleanName("x".repeat(300) + ".log", "text/plain");
        assertEquals(200, cleaned.length());
        assertTrue(cleaned.endsWith("….log"), cleaned);

        assertEquals(303, attach(new Upload("files", "../../evil\u202Egnp.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8))).status());
        assertEquals("evilgnp.txt", app.queryOne(String.class, "select filename from support_attachments where id = ?", newestAttachment()));
    }

    @Test
    void aFileOverTenMegabytesIsRefusedWithA413AndNothingIsStored() {
        var ann = acme.ann().session();
        ann.get(thread);
        var before = DbSnapshot.take(app);
        var tooBig = new byte[AttachmentFiles.MAX_BYTES + 1];
        var response = ann.postMultipart(thread + "/messages", fields("body", "big"), List.of(new Upload("files", "big.txt", "text/plain", tooBig)));
        assertEquals(413, response.status(), response.describe());
        assertTrue(response.text().contains("Files can be at most 10 MB each"), response.describe());
        // Exactly 10 MB is allowed.
        before.assertUnchangedIn(DbSnapshot.take(app), "A file over 10 MB");
        var justFits = "a".repeat(AttachmentFiles.MAX_BYTES).getBytes(StandardCharsets.US_ASCII);
        assertEquals(303, ann.postMultipart(thread + "/messages", fields("body", ""), List.of(new Upload("files", "big.txt", "text/plain", justFits))).status());
        assertEquals(AttachmentFiles.MAX_BYTES, app.queryOne(Integer.class, "select size from support_attachments where id = ?", newestAttachment()));
    }

    @Test
    void aBodyAnnouncedTooLargeIsRefusedBeforeItIsRead() throws IOException {
        var before = DbSnapshot.take(app);
        var announced = 50L * 1024 * 1024;
        try (var socket = new Socket("127.0.0.1", app.app().port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(requestHead("Content-Length: " + announced).getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            // Only 64 KB of the 50 MB went out, and the answer is already here.
            var answer = readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
        before.assertUnchangedIn(DbSnapshot.take(app), "A body announced as 50 MB");
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsCutOffWithA413() throws IOException {
        var before = DbSnapshot.take(app);
        try (var socket = new Socket("127.0.0.1", app.app().port())) {
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            out.write(requestHead("Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            var start = ("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.log\"\r\n"
                    + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            chunk(out, start);
            var piece = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < AttachmentFiles.MAX_BYTES + 256 * 1024; sent += piece.length) {
                    chunk(out, piece);
                }
                out.flush();
            } catch (IOException closedWhileSending) {
                // The server may answer and close before the last chunks: that is the refusal.
            }
            var answer = readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        }
        before.assertUnchangedIn(DbSnapshot.take(app), "A chunked body past 10 MB");
    }

    @Test
    void anOrgMayAttachFiftyFilesAnHour() {
        var org = acme.org().id();
        var ann = acme.ann().session();
        ann.get(thread);
        // 49 already attached this hour (and the next, in case the hour turns during the test).
        app.update("delete from rate_limits where bucket = ?", "support-uploads:org:" + org);
        app.update("""
                insert into rate_limits (bucket, starts_at, count)
                values (?, date_trunc('hour', now()), 49), (?, date_trunc('hour', now()) + interval '1 hour', 49)
                """, "support-uploads:org:" + org, "support-uploads:org:" + org);
        var before = DbSnapshot.take(app);
        var two = ann.postMultipart(thread + "/messages", fields("body", "Two more"), List.of(
                new Upload("files", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)),
                new Upload("files", "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8))));
        assertEquals(429, two.status(), two.describe());
        assertTrue(two.text().contains("Your organization can attach up to 50 files an hour"), two.describe());
        assertEquals("Two more", two.inputValue("body"), "what was typed is kept");
        before.assertUnchangedIn(DbSnapshot.take(app), "Two files past the org's hourly limit");

        var one = ann.postMultipart(thread + "/messages", fields("body", "One more"), List.of(
                new Upload("files", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8))));
        assertEquals(303, one.status(), one.describe());
        app.update("delete from rate_limits where bucket = ?", "support-uploads:org:" + org);
    }

    @Test
    void onlyTheMemberAndTheSupportTeamGetAFileEveryoneElseGetsNotFound() {
        attach(new Upload("files", "shot.png", "image/png", PNG));
        var file = thread + "/attachments/" + newestAttachment();
        var globex = Fixtures.globex(app);

        assertEquals(200, acme.ann().session().get(file).status());
        assertEquals(200, agent.session().get(file).status(), "a support agent (the console links here)");
        assertEquals(200, Fixtures.admin(app).session().get(file).status(), "a platform admin");
        for (var outsider : List.of(acme.bob().session(), globex.gus().session())) {
            assertEquals(404, outsider.get(file).status());
            assertEquals(404, outsider.get(file + "/preview").status());
        }
        // Another conversation's id with this file's id: not found either.
        var bobs = SupportDesk.open(acme.bob(), acme.org(), "Bob's", "Mine");
        assertEquals(404, acme.bob().session().get("/support/" + bobs + "/attachments/" + newestAttachment()).status());
    }

    @Test
    void theFilesOfAnInternalNoteAreTheSupportTeamsAlone() {
        var sent = agentSends("note", "Customer's config, see file",
                new Upload("files", "internal.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8)));
        assertEquals(303, sent.status(), sent.describe());
        var id = newestAttachment();
        assertEquals("note|internal.txt", app.queryOne(String.class, """
                select m.kind || '|' || a.filename from support_attachments a join support_messages m on m.id = a.message_id
                where a.id = ?
                """, id));
        assertEquals(404, acme.ann().session().get(thread + "/attachments/" + id).status());
        assertEquals(200, agent.session().get(thread + "/attachments/" + id).status());
        assertFalse(acme.ann().session().get(thread).body().contains("internal.txt"));
    }

    @Test
    void anAgentAttachesAFileToAReplyFromTheConsoleAndTheMemberSeesIt() {
        var console = agent.session().get(console());
        var composer = console.document().getElementById("composer");
        assertEquals("multipart/form-data", composer.attr("enctype"), console.describe());
        assertNotNull(composer.selectFirst("input[type=file][name=files]"), console.describe());
        assertNotNull(composer.selectFirst("input[type=hidden][name=_csrf]"), console.describe());

        var sent = agentSends("agent", "", new Upload("files", "steps.png", "image/png", PNG));
        assertEquals(303, sent.status(), sent.describe());
        var id = newestAttachment();
        assertEquals("agent|image/png|steps.png", app.queryOne(String.class, """
                select m.kind || '|' || a.content_type || '|' || a.filename
                from support_attachments a join support_messages m on m.id = a.message_id where a.id = ?
                """, id));
        var page = acme.ann().session().get(thread);
        assertNotNull(page.document().selectFirst("img[src=" + thread + "/attachments/" + id + "/preview]"), page.describe());
        assertEquals(200, acme.ann().session().get(thread + "/attachments/" + id).status());

        // The same form sent by htmx, as the console's boosted form is.
        var boosted = agent.session().postMultipart(console() + "/messages", fields("kind", "agent", "body", "And the log"),
                List.of(new Upload("files", "app.log", "text/plain", "ERROR x\n".getBytes(StandardCharsets.UTF_8))),
                java.util.Map.of("HX-Request", "true"));
        assertTrue(boosted.status() == 303 || boosted.status() == 200, boosted.describe());
        assertEquals("app.log", app.queryOne(String.class, "select filename from support_attachments where id = ?", newestAttachment()));
    }

    @Test
    void anAgentsFilesAreRefusedLikeAMembersWithWhatWasWrittenKept() {
        agent.session().get(console());
        var before = DbSnapshot.take(app);
        var refused = agentSends("agent", "Here is the page", new Upload("files", "cat.png", "image/png", HTML));
        assertEquals(422, refused.status(), refused.describe());
        assertTrue(refused.fieldError("files").startsWith("“cat.png” is an HTML page"), refused.fieldError("files"));
        assertEquals("Here is the page", refused.document().getElementById("field-body").text());
        before.assertUnchangedIn(DbSnapshot.take(app), "An agent attaching an HTML page");

        var tooBig = agentSends("note", "Big", new Upload("files", "big.txt", "text/plain", new byte[AttachmentFiles.MAX_BYTES + 1]));
        assertEquals(413, tooBig.status(), tooBig.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "An agent attaching a file over 10 MB");
    }

    @Test
    void anAgentsFilesCountTowardTheOrgsFiftyAnHour() {
        var org = acme.org().id();
        agent.session().get(console());
        app.update("delete from rate_limits where bucket = ?", "support-uploads:org:" + org);
        app.update("""
                insert into rate_limits (bucket, starts_at, count)
                values (?, date_trunc('hour', now()), 50), (?, date_trunc('hour', now()) + interval '1 hour', 50)
                """, "support-uploads:org:" + org, "support-uploads:org:" + org);
        try {
            var before = DbSnapshot.take(app);
            var refused = agentSends("agent", "One more", new Upload("files", "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)));
            assertEquals(429, refused.status(), refused.describe());
            assertTrue(refused.text().contains("50 files an hour"), refused.describe());
            assertEquals("One more", refused.document().getElementById("field-body").text());
            before.assertUnchangedIn(DbSnapshot.take(app), "An agent's file past the org's hourly limit");
        } finally {
            app.update("delete from rate_limits where bucket = ?", "support-uploads:org:" + org);
        }
    }

    // ---- helpers

    private static Response attach(Upload file) {
        var ann = acme.ann().session();
        ann.get(thread);
        return ann.postMultipart(thread + "/messages", fields("body", "See attached"), List.of(file));
    }

    private static String console() {
        return "/admin/support/" + conversation;
    }

    private static Response agentSends(String kind, String body, Upload file) {
        var session = agent.session();
        session.get(console());
        return session.postMultipart(console() + "/messages", fields("kind", kind, "body", body), List.of(file));
    }

    private static void assertRefused(Upload file, String message) {
        var ann = acme.ann().session();
        ann.get(thread);
        var before = DbSnapshot.take(app);
        var response = ann.postMultipart(thread + "/messages", fields("body", "Look at this"), List.of(file));
        assertEquals(422, response.status(), response.describe());
        assertTrue(response.fieldError("files").startsWith(message), response.fieldError("files"));
        assertEquals("Look at this", response.inputValue("body"), "what was typed is kept");
        before.assertUnchangedIn(DbSnapshot.take(app), "Attaching " + file.filename());
    }

    private static void assertServedSafely(Response response) {
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals("default-src 'none'; sandbox", response.header("Content-Security-Policy"));
    }

    private static long newestAttachment() {
        return app.queryOne(Long.class, "select max(id) from support_attachments where conversation_id = ?", conversation);
    }

    private static String requestHead(String lengthHeader) {
        var ann = acme.ann().session();
        return "POST " + thread + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Cookie: " + HttpSession.SESSION_COOKIE + "=" + ann.sessionCookie() + "\r\n"
                + "X-CSRF-Token: " + ann.csrfToken() + "\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\n" + lengthHeader + "\r\n\r\n";
    }

    private static void chunk(java.io.OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The status line and headers of the response. */
    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

}
