package hearth.export;

import hearth.activity.ActivityLog;
import hearth.lists.ListQuery;
import hearth.lists.Where;
import hearth.orgs.Organization;
import hearth.web.Current;
import hearth.web.Format;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CSV and PDF export of exactly the list a user is looking at: same filters, same sort, every row. */
public final class Exporter {
    public static final int PDF_ROW_CAP = 1000;
    /**
     * CSV downloads running at once on this node. Each holds a pooled connection for as long as the
     * client takes to read the file, so a few slow downloads must not be able to take the whole pool
     * (10 connections by default) from every other request.
     */
    static final int CONCURRENT_CSV = 3;
    static final Semaphore CSV_SLOTS = new Semaphore(CONCURRENT_CSV);
    /** Rows PostgreSQL hands over per round trip: the only rows in memory at any time. */
    static final int FETCH_SIZE = 5000;
    private static final Logger log = LoggerFactory.getLogger(Exporter.class);
    /**
     * Asks PostgreSQL for binary results where the driver supports them (dates, timestamps, numbers;
     * text is the same either way): formatting two timestamps as text costs PostgreSQL about as much
     * as the rest of the row, and {@link CsvWriter} formats the binary ones without allocating.
     */
    private static final StatementCustomizer BINARY_DATES_AND_TIMES = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
    };

    /** The page shown instead of a PDF when the view has more rows than a PDF may hold. */
    public record TooManyPage(String plural, int cap, String back, String csv) {}

    private final Jdbi jdbi;
    private final Views views;
    private final ExportDefinition definition;

    public Exporter(Jdbi jdbi, Views views, ExportDefinition definition) {
        this.jdbi = jdbi;
        this.views = views;
        this.definition = definition;
    }

    /**
     * Streams the CSV: the headers and the header row go out before the query runs, then rows as
     * PostgreSQL delivers them, {@link #FETCH_SIZE} at a time, written as bytes with no object per row.
     * Memory stays flat however many rows match.
     */
    public void csv(Context ctx) {
        var org = Current.membership(ctx).org();
        var actorId = Current.user(ctx).id();
        var query = query(ctx, org);
        var where = definition.where().build(org.id(), query);
        var columns = definition.columns().toArray(Column[]::new);
        download(ctx, jdbi, definition.plural(), fileName(org, "csv"), org.id(), columns, select(columns, where, query), where,
                (handle, rows, names) -> ActivityLog.record(handle, org.id(), actorId, "exported",
                        definition.entityType(), null, summary(rows, "CSV", query, names)));
    }

    /** What an export does once its rows are written, in the export's transaction (e.g. log it). */
    @FunctionalInterface
    public interface Written {
        void rows(Handle handle, long rows, Function<NameLookup, Names> names);
    }

    /**
     * Streams the rows of {@code sql} (see {@link #select}) as a CSV download named {@code fileName}: the
     * streaming, the slots and the failure handling of every list's export, for lists that are not an
     * org's list (the support queue). NAME columns look names up within {@code namesOrgId}.
     */
    public static void download(Context ctx, Jdbi jdbi, String what, String fileName, long namesOrgId, Column[] columns,
                                String sql, Where where, Written written) {
        if (!CSV_SLOTS.tryAcquire()) {
            ctx.header("Retry-After", "10");
            throw new HttpResponseException(HttpStatus.SERVICE_UNAVAILABLE.getCode(),
                    "Several exports are running right now. Try again in a few seconds.");
        }
        try {
            stream(ctx, jdbi, what, fileName, namesOrgId, columns, sql, where, written);
        } finally {
            CSV_SLOTS.release();
        }
    }

    private static void stream(Context ctx, Jdbi jdbi, String what, String fileName, long namesOrgId, Column[] columns,
                               String sql, Where where, Written written) {
        // Straight to the servlet's stream: Javalin keeps a ctx.result() until the handler returns,
        // and would compress it on the way; this way each buffer goes to the client as it fills.
        var response = ctx.res();
        response.setStatus(HttpStatus.OK.getCode());
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", disposition("attachment", fileName));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            var csv = new CsvWriter(response.getOutputStream());
            csv.byteOrderMark();
            for (var column : columns) {
                csv.value(column.header());
            }
            csv.endRow();
            csv.flush();
            jdbi.useTransaction(handle -> {
                utc(handle);
                var names = new NamesByLookup(handle, namesOrgId);
                var rows = where.bindTo(handle.createQuery(sql)).setFetchSize(FETCH_SIZE)
                        .addCustomizer(BINARY_DATES_AND_TIMES)
                        .scanResultSet((results, statement) -> writeRows(results.get(), columns, names, csv));
                csv.flush();
                written.rows(handle, rows, names::of);
            });
        } catch (Exception e) {
            abort(ctx, what, e);
        }
    }

    /** A PDF of the view, up to {@link #PDF_ROW_CAP} rows; above that a page that says to narrow it or use CSV. */
    public void pdf(Context ctx) {
        var org = Current.membership(ctx).org();
        var user = Current.user(ctx);
        var query = query(ctx, org);
        var where = definition.where().build(org.id(), query);
        var columns = definition.columns().stream().filter(column -> column.pdfWidth() > 0).toArray(Column[]::new);
        var sql = select(columns, where, query) + " limit " + (PDF_ROW_CAP + 1);
        var exportedAt = Instant.now();

        var pdf = jdbi.inTransaction(handle -> {
            utc(handle);
            var names = new NamesByLookup(handle, org.id());
            var rows = where.bindTo(handle.createQuery(sql))
                    .scanResultSet((results, statement) -> readRows(results.get(), columns, names));
            if (rows.size() > PDF_ROW_CAP) {
                return null;
            }
            var title = definition.title() + " — " + org.name();
            var lines = new ArrayList<>(FilterWords.all(definition.filterWords(), query, names::of));
            if (lines.isEmpty()) {
                lines.add("All " + definition.plural() + ", no filters");
            }
            lines.add(FilterWords.sort(query));
            lines.add("Exported " + Format.dateTime(exportedAt) + " by " + user.name() + " · "
                    + count(rows.size()));
            var widths = new float[columns.length];
            var headers = new ArrayList<String>();
            for (var i = 0; i < columns.length; i++) {
                widths[i] = columns[i].pdfWidth();
                headers.add(columns[i].header());
            }
            var bytes = new PdfReport(title, lines, title + " · exported " + Format.dateTime(exportedAt),
                    headers, widths, rows, "No " + definition.plural() + " match these filters.").render();
            ActivityLog.record(handle, org.id(), user.id(), "exported", definition.entityType(), null,
                    summary(rows.size(), "PDF", query, names::of));
            return bytes;
        });
        if (pdf == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            views.page(ctx, "export/too_many.jte", "page", new TooManyPage(definition.plural(), PDF_ROW_CAP,
                    query.firstPage(), query.basePath() + "/export.csv" + query.filterQueryString()));
            return;
        }
        ctx.contentType("application/pdf");
        ctx.header("Content-Disposition", disposition("inline", fileName(org, "pdf")));
        ctx.header("Cache-Control", "no-store");
        ctx.result(pdf);
    }

    private ListQuery query(Context ctx, Organization org) {
        return ListQuery.from(ctx, org.path() + "/" + definition.plural(), definition.filters(), definition.sorts());
    }

    /** The columns, in the list's order with the id as tiebreak, as the list pages. */
    private String select(Column[] columns, Where where, ListQuery query) {
        var direction = query.descending() ? " desc" : " asc";
        return select(columns, definition.from(), where,
                query.sort().sql() + direction + ", " + definition.idColumn() + direction);
    }

    /** "select <the columns> <from> where <where> order by <orderBy>", for {@link #download}. */
    public static String select(Column[] columns, String from, Where where, String orderBy) {
        return "select " + Arrays.stream(columns).map(Column::selectSql).collect(Collectors.joining(", "))
                + " " + from
                + " where " + where.sql()
                + " order by " + orderBy;
    }

    private static long writeRows(ResultSet rs, Column[] columns, NamesByLookup names, CsvWriter csv) throws SQLException {
        var kinds = new Column.Kind[columns.length];
        var lookups = new Names[columns.length];
        var binary = new boolean[columns.length];
        var metaData = rs.getMetaData().unwrap(PGResultSetMetaData.class);
        for (var i = 0; i < columns.length; i++) {
            kinds[i] = columns[i].kind();
            binary[i] = metaData.getFormat(i + 1) == 1;
            lookups[i] = kinds[i] == Column.Kind.NAME ? names.of(columns[i].lookup()) : null;
        }
        long rows = 0;
        try {
            while (rs.next()) {
                for (var i = 0; i < kinds.length; i++) {
                    switch (kinds[i]) {
                        case TEXT -> csv.text(rs.getBytes(i + 1));
                        case VALUE -> csv.value(rs.getBytes(i + 1));
                        case DATE -> csv.date(rs.getBytes(i + 1), binary[i]);
                        case TIMESTAMP -> csv.timestamp(rs.getBytes(i + 1), binary[i]);
                        case NAME -> {
                            var id = rs.getLong(i + 1);
                            csv.text(rs.wasNull() ? null : lookups[i].utf8(id));
                        }
                    }
                }
                csv.endRow();
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static List<String[]> readRows(ResultSet rs, Column[] columns, NamesByLookup names) throws SQLException {
        var rows = new ArrayList<String[]>();
        while (rs.next()) {
            var row = new String[columns.length];
            for (var i = 0; i < columns.length; i++) {
                var column = columns[i];
                row[i] = switch (column.kind()) {
                    case TEXT, DATE -> nullToEmpty(rs.getString(i + 1));
                    case VALUE -> column.label(rs.getString(i + 1));
                    case TIMESTAMP -> minutes(rs.getString(i + 1));
                    case NAME -> {
                        var id = rs.getLong(i + 1);
                        yield rs.wasNull() ? "" : names.of(column.lookup()).name(id);
                    }
                };
            }
            rows.add(row);
        }
        return rows;
    }

    /** "2026-11-22 09:15:02.123+00" (a UTC session) as "2026-11-22 09:15": the PDF's heading says UTC. */
    private static String minutes(String timestamp) {
        return timestamp == null ? "" : timestamp.length() >= 16 ? timestamp.substring(0, 16) : timestamp;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * Timestamps come out of PostgreSQL as text in the session's zone; exports are in UTC. The export
     * query is server-prepared (for binary dates), so it is also told to be planned for its own filter
     * values every time, as every filtered list query is (Where).
     */
    private static void utc(Handle handle) {
        handle.createQuery("select set_config('timezone', 'UTC', true), set_config('plan_cache_mode', 'force_custom_plan', true)")
                .mapTo(String.class).one();
    }

    private String summary(long rows, String format, ListQuery query, Function<NameLookup, Names> names) {
        var words = FilterWords.all(definition.filterWords(), query, names);
        var summary = "Exported " + count(rows) + " as " + format
                + (words.isEmpty() ? "" : " (" + String.join("; ", words) + ")");
        return summary.length() <= 1000 ? summary : summary.substring(0, 999) + "…";
    }

    private String count(long rows) {
        return Format.number(rows) + " " + (rows == 1 ? definition.entityType() : definition.plural());
    }

    /** "acme-tasks-2026-11-22.csv" */
    private String fileName(Organization org, String extension) {
        return org.slug() + "-" + definition.plural() + "-" + LocalDate.now(ZoneOffset.UTC) + "." + extension;
    }

    /** Both forms of the file name: a plain ASCII one for old clients and the UTF-8 one (RFC 6266). */
    static String disposition(String type, String fileName) {
        var ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A failure after the download started. The status line and part of the file are already sent, so
     * an error page is no longer possible, and ending the response normally would leave the user with
     * a short file that looks complete. Cutting the connection makes the browser report a failed download.
     */
    private static void abort(Context ctx, String what, Exception e) {
        if (clientWentAway(e)) {
            log.info("{} export to {} stopped: {}", what, ctx.ip(), e.toString());
        } else {
            log.error("{} export failed after the download started", what, e);
        }
        ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                .getEndPoint().close(e);
    }

    private static boolean clientWentAway(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The names an export needs, each lookup loaded once, the first time a column or filter asks. */
    private static final class NamesByLookup {
        private final Handle handle;
        private final long orgId;
        private final Map<NameLookup, Names> loaded = new HashMap<>();

        NamesByLookup(Handle handle, long orgId) {
            this.handle = handle;
            this.orgId = orgId;
        }

        Names of(NameLookup lookup) {
            return loaded.computeIfAbsent(lookup, l -> Names.load(handle, l, orgId));
        }
    }
}
