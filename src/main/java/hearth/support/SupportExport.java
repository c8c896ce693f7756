package hearth.support;

import hearth.export.Column;
import hearth.export.CsvWriter;
import hearth.export.Exporter;
import hearth.export.PdfReport;
import hearth.web.Current;
import hearth.web.Format;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Exports from the console: the queue as the agent filtered it (CSV, streamed like every list's
 * export), and one conversation as a PDF transcript or a CSV. Internal notes go into a transcript
 * only when asked for ({@code ?notes=include}): a transcript is often passed on to the member.
 */
public final class SupportExport {
    private static final String FROM = """
            from support_conversations c
            join organizations o on o.id = c.org_id
            join users u on u.id = c.user_id
            left join users a on a.id = c.assignee_id
            """;
    private static final Column[] QUEUE_COLUMNS = {
        Column.number("id", "c.id"),
        Column.text("subject", "c.subject"),
        Column.number("status", "c.status"),
        Column.number("priority", "c.priority"),
        Column.number("category", "c.category"),
        Column.text("organization", "o.name"),
        Column.text("member", "u.name"),
        Column.text("member email", "u.email"),
        Column.text("assignee", "a.name"),
        Column.text("tags", "nullif(array_to_string(c.tags, ' '), '')"),
        Column.number("messages", "c.message_count"),
        Column.timestamp("created at", "c.created_at"),
        Column.timestamp("last message at", "c.last_message_at"),
        Column.timestamp("first response at", "c.first_response_at"),
        Column.timestamp("closed at", "c.closed_at"),
        Column.timestamp("archived at", "c.archived_at"),
        Column.number("merged into", "c.merged_into")};

    private final Jdbi jdbi;

    public SupportExport(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The queue with its current filters, search and sort, every matching row. */
    public void queueCsv(Context ctx) {
        var agent = Current.user(ctx);
        var query = QueueSearch.query(ctx);
        var where = QueueSearch.where(query, agent.id());
        var sql = Exporter.select(QUEUE_COLUMNS, FROM, where, QueueSearch.orderBy(query));
        Exporter.download(ctx, jdbi, "support queue", "support-queue-" + LocalDate.now(ZoneOffset.UTC) + ".csv", 0,
                QUEUE_COLUMNS, sql, where, (handle, rows, names) -> handle.attach(ConsoleLog.class).record(null, agent.id(),
                        "exported", "Exported " + Format.number(rows) + " conversations of the queue as CSV"
                                + (query.filtered() ? " (" + query.filterQueryString() + ")" : "")));
    }

    private record Transcript(SupportConversation conversation, List<SupportMessage> messages) {}

    private Transcript transcript(Context ctx, String format) {
        var agent = Current.user(ctx);
        var id = ConsoleHandlers.id(ctx);
        var notes = "include".equals(ctx.queryParam("notes"));
        return jdbi.inTransaction(handle -> {
            var conversation = handle.attach(SupportConversations.class).findForStaff(id).orElseThrow(NotFoundResponse::new);
            var messages = handle.attach(SupportMessages.class).forStaff(id).stream()
                    .filter(message -> notes || !message.internal()).toList();
            handle.attach(ConsoleLog.class).record(id, agent.id(), "exported",
                    "Exported the transcript as " + format + (notes ? " with internal notes" : ""));
            return new Transcript(conversation, messages);
        });
    }

    public void transcriptPdf(Context ctx) {
        var agent = Current.user(ctx);
        var transcript = transcript(ctx, "PDF");
        var c = transcript.conversation();
        var title = "Support conversation #" + c.id() + ": " + c.subject();
        var lines = List.of(
                c.userName() + " <" + c.userEmail() + "> · " + c.orgName(),
                ConsolePages.statusLabel(c.status()) + " · " + ConsolePages.priorityLabel(c.priority()) + " priority · "
                        + (c.assigneeName() == null ? "unassigned" : "assigned to " + c.assigneeName()),
                "Opened " + Format.dateTime(c.createdAt()) + " · exported " + Format.dateTime(Instant.now()) + " by "
                        + agent.name() + " · times in UTC");
        var rows = new ArrayList<String[]>();
        for (var message : transcript.messages()) {
            rows.add(new String[] {Format.dateTime(message.createdAt()), message.authorName(), kindLabel(message.kind()),
                message.body()});
        }
        var pdf = new PdfReport(title, lines, "Support conversation #" + c.id(), List.of("When", "From", "Kind", "Message"),
                new float[] {9, 9, 6, 40}, rows, "No messages.").render();
        ctx.contentType("application/pdf");
        ctx.header("Content-Disposition", "inline; filename=\"support-" + c.id() + "-transcript.pdf\"");
        ctx.header("Cache-Control", "no-store");
        ctx.result(pdf);
    }

    public void transcriptCsv(Context ctx) {
        var transcript = transcript(ctx, "CSV");
        var bytes = new ByteArrayOutputStream();
        try {
            var csv = new CsvWriter(bytes);
            csv.byteOrderMark();
            for (var header : List.of("id", "created at", "kind", "author", "message")) {
                csv.value(header);
            }
            csv.endRow();
            for (var message : transcript.messages()) {
                csv.value(String.valueOf(message.id()));
                csv.value(message.createdAt().toString());
                csv.value(message.kind());
                csv.text(message.authorName());
                csv.text(message.body());
                csv.endRow();
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"support-" + transcript.conversation().id() + "-transcript.csv\"");
        ctx.header("Cache-Control", "no-store");
        ctx.result(bytes.toByteArray());
    }

    static String kindLabel(String kind) {
        return switch (kind) {
            case "user" -> "Member";
            case "agent" -> "Support";
            case "note" -> "Internal note";
            default -> "System";
        };
    }
}
