package hearth;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import gg.jte.resolve.DirectoryCodeResolver;
import hearth.activity.ActivityHandlers;
import hearth.assistant.AssistantHandlers;
import hearth.assistant.Catalogue;
import hearth.assistant.Conversation;
import hearth.assistant.Conversations;
import hearth.assistant.Generator;
import hearth.assistant.Handoffs;
import hearth.assistant.Message;
import hearth.assistant.Messages;
import hearth.assistant.Quotas;
import hearth.assistant.ResponseCache;
import hearth.assistant.UsageHandlers;
import hearth.assistant.providers.Providers;
import java.time.Clock;
import hearth.admin.AdminHandlers;
import hearth.admin.ModelAdminHandlers;
import hearth.admin.PlanAdminHandlers;
import hearth.auth.AuthHandlers;
import hearth.bulk.BulkActions;
import hearth.bulk.BulkHandlers;
import hearth.bulk.BulkRequests;
import hearth.customers.CustomerBulk;
import hearth.customers.CustomerExport;
import hearth.export.Exporter;
import hearth.customers.CustomerHandlers;
import hearth.projects.ProjectBulk;
import hearth.projects.ProjectExport;
import hearth.projects.ProjectHandlers;
import hearth.tasks.BoardHandlers;
import hearth.tasks.TaskBulk;
import hearth.tasks.TaskExport;
import hearth.tasks.TaskHandlers;
import hearth.support.ConsoleBulk;
import hearth.support.ConsoleHandlers;
import hearth.support.ConsoleQueueRenderer;
import hearth.support.ConsoleReplies;
import hearth.support.QueueOptions;
import hearth.support.SupportExport;
import hearth.auth.Authentication;
import hearth.auth.Guard;
import hearth.auth.LoginThrottle;
import hearth.auth.PasswordAuthenticator;
import hearth.auth.SessionManager;
import hearth.db.Database;
import hearth.db.PendingLists;
import hearth.mail.Mailer;
import hearth.ops.DemoData;
import hearth.ops.Health;
import hearth.ops.Metrics;
import hearth.orgs.InvitationHandlers;
import hearth.orgs.MemberHandlers;
import hearth.orgs.OrgHandlers;
import hearth.customers.Customer;
import hearth.live.Live;
import hearth.live.LiveHandlers;
import hearth.live.RowRenderer;
import hearth.live.StreamHandler;
import hearth.projects.Project;
import hearth.tasks.Task;
import hearth.tasks.Tasks;
import hearth.support.AttachmentHandlers;
import hearth.support.RateLimits;
import hearth.support.SupportHandlers;
import hearth.support.SupportRenderers;
import hearth.web.Assets;
import hearth.web.Current;
import hearth.web.Csrf;
import hearth.web.Errors;
import hearth.web.RouteTable;
import hearth.web.SecurityHeaders;
import hearth.web.UploadLimit;
import hearth.web.Views;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.ServletException;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Hearth: configuration, database and migrations, templates, wiring, HTTP server. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Database database;
    private final Javalin server;
    private final List<RouteTable.Route> routes;
    private final ScheduledExecutorService housekeeping;
    private final Live live;
    private final Generator generator;

    private App(Database database, Javalin server, List<RouteTable.Route> routes, ScheduledExecutorService housekeeping,
                Live live, Generator generator) {
        this.generator = generator;
        this.database = database;
        this.server = server;
        this.routes = routes;
        this.housekeeping = housekeeping;
        this.live = live;
    }

    public static void main(String[] args) {
        var config = Config.fromEnv();
        var app = start(config, null);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "hearth-shutdown"));
        if (config.demo() || List.of(args).contains("--demo")) {
            DemoData.seed(app.database().jdbi());
        }
        log.info("Hearth is running on http://localhost:{}", app.port());
    }

    /** Starts on {@code config.port()} (0 picks a free port); a given database is used instead of opening one. */
    public static App start(Config config, Database givenDatabase) {
        var metrics = new Metrics(config.metricsToken().orElse(null));
        var database = givenDatabase != null ? givenDatabase
                : Database.open(config.databaseUrl().orElse(null), config.dataDir(), config.dbPoolSize(), metrics.registry());
        if (givenDatabase != null) {
            givenDatabase.dataSource().setMetricRegistry(metrics.registry());
        }
        database.migrate();
        var jdbi = database.jdbi();

        var assets = new Assets(config.devMode() ? Path.of("static") : null);
        var sessions = new SessionManager(jdbi, config.baseUrl().map(url -> url.startsWith("https:")).orElse(false));
        var views = new Views(templates(config.devMode()), sessions, jdbi, assets);
        var errors = new Errors(views);
        var live = Live.start(jdbi, database.dataSource(), views, config.liveHeartbeatSeconds());
        // Streams are answered in front of Javalin, so its request timers never see them (nor should they: a
        // stream lasts as long as its page); how many are open is what an operator wants to know.
        Gauge.builder("hearth.live.streams", live.hub(), hub -> hub.streamCount())
                .description("Open event streams on this node").register(metrics.registry());
        live.hub().renderer("task", new RowRenderer<>(views, "tasks/row.jte", "task", "task",
                Task::findAll, Task::id));
        live.hub().renderer("customer", new RowRenderer<>(views, "customers/row.jte", "customer", "customer",
                Customer::findAll, Customer::id));
        live.hub().renderer("project", new RowRenderer<>(views, "projects/row.jte", "project", "project",
                Project::findAll, Project::id));
        var catalogue = new Catalogue(Providers.fromEnv(config.ai()));
        var generator = new Generator(jdbi, catalogue, live.signals(), new ResponseCache(config.aiCacheTtl()), live.node(),
                background(), config.liveHeartbeatSeconds());
        live.hub().renderer("conversation", new RowRenderer<>(views, "assistant/item.jte", "conversation", "conversation",
                Conversations::findAll, Conversation::id));
        live.hub().renderer("message", new RowRenderer<>(views, "assistant/message.jte", "message", "message",
                Messages::findAll, Message::id));
        live.hub().renderer("supportmessage", SupportRenderers.messages(views));
        live.hub().renderer("supportlist", SupportRenderers.list(views));
        live.hub().renderer("supportconversation", SupportRenderers.state(views));
        live.hub().renderer("supportqueue", new ConsoleQueueRenderer(views));
        var members = new MemberHandlers(jdbi, views, sessions);
        var bulk = new BulkActions(jdbi, background());
        var bulkRequests = new BulkRequests(jdbi, views, sessions, bulk);
        var queueOptions = new QueueOptions();
        var assistant = new AssistantHandlers(jdbi, views, catalogue, generator, Clock.systemUTC());
        var wiring = new Wiring(
                new Health(jdbi),
                metrics,
                new AuthHandlers(jdbi, views, sessions, new LoginThrottle(jdbi), new PasswordAuthenticator(jdbi)),
                new OrgHandlers(jdbi, views, sessions),
                members,
                new InvitationHandlers(jdbi, views, sessions, members, new Mailer(config.smtp().orElse(null)),
                        config.baseUrl().orElse(null)),
                new AdminHandlers(jdbi, views, sessions),
                new TaskHandlers(jdbi, views, sessions, bulkRequests),
                new TaskBulk(bulkRequests),
                new CustomerHandlers(jdbi, views, sessions, bulkRequests),
                new CustomerBulk(bulkRequests),
                new ProjectHandlers(jdbi, views, sessions, bulkRequests),
                new ProjectBulk(bulkRequests),
                new BoardHandlers(jdbi, views),
                new Exporter(jdbi, views, TaskExport.DEFINITION),
                new Exporter(jdbi, views, CustomerExport.DEFINITION),
                new Exporter(jdbi, views, ProjectExport.DEFINITION),
                new BulkHandlers(bulk, views, sessions, Map.of("task", TaskBulk.TARGET,
                        "customer", CustomerBulk.TARGET, "project", ProjectBulk.TARGET)),
                new ActivityHandlers(jdbi, views),
                new LiveHandlers(jdbi, live),
                assistant,
                new UsageHandlers(jdbi, views, Clock.systemUTC()),
                new ModelAdminHandlers(jdbi, views, sessions),
                new PlanAdminHandlers(jdbi, views, sessions),
                new Handoffs(jdbi, catalogue, assistant),
                new SupportHandlers(jdbi, views, sessions),
                new AttachmentHandlers(jdbi),
                new ConsoleHandlers(jdbi, views, sessions, queueOptions),
                new ConsoleBulk(jdbi, views, sessions, queueOptions),
                new ConsoleReplies(jdbi, views, sessions),
                new SupportExport(jdbi));
        var authentication = new Authentication(sessions, jdbi);
        var csrf = new Csrf(sessions);
        var guard = new Guard(jdbi, sessions);

        var table = new RouteTable[1];
        var server = Javalin.create(javalin -> {
            javalin.jetty.port = config.port();
            // Every open page holds a stream: 10,000 browsers reconnecting at once must not wait in
            // Jetty's default accept queue of 50.
            javalin.jetty.addConnector((jetty, http) -> {
                var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
                connector.setPort(config.port());
                connector.setAcceptQueueSize(8192);
                return connector;
            });
            // Javalin's default server puts Jetty's StatisticsHandler in front of everything. Nothing here
            // reads its counters (/metrics keeps its own), but every write of every response went through it:
            // a read-only copy of the buffer, a wrapped callback, and the response's status looked up through
            // the wrappers, once per frame per live stream (a sixth of a fan-out's time in the profile).
            // In its place the event stream's own handler, which Javalin puts its servlet context inside.
            javalin.jetty.modifyServer(jetty -> jetty.setHandler(new StreamHandler(authentication, sessions, jdbi, live)));
            javalin.startup.showJavalinBanner = false;
            javalin.startup.showOldJavalinVersionWarning = false;
            javalin.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            javalin.http.maxRequestSize = 1024 * 1024;
            // Browsers get pages gzipped. Javalin's default level 6 took 480 µs for a 70 KB page here, about as
            // long as rendering it; level 1 takes 100 µs for a 29% larger body, still an eighth of the page
            // (nginx's default level is 1 too).
            javalin.http.compressionStrategy = new CompressionStrategy(null, new Gzip(1));
            javalin.jetty.multipartConfig.maxFileSize(10, SizeUnit.MB);
            javalin.jetty.multipartConfig.maxTotalRequestSize(11, SizeUnit.MB);
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = config.devMode() ? "static" : "/static";
                files.location = config.devMode() ? Location.EXTERNAL : Location.CLASSPATH;
                // Every link to a static file carries a content hash (Assets), so it can be cached forever.
                files.headers = Map.of("Cache-Control", config.devMode() ? "no-cache" : "public, max-age=31536000, immutable");
            });
            javalin.staticFiles.enableWebjars();
            if (config.trustProxy()) {
                javalin.contextResolver.ip = App::forwardedIp;
                javalin.contextResolver.scheme = ctx -> ctx.header("X-Forwarded-Proto") != null
                        ? ctx.header("X-Forwarded-Proto") : ctx.req().getScheme();
            }
            javalin.requestLogger.http(metrics::record);

            javalin.routes.before(SecurityHeaders::apply);
            javalin.routes.before(ctx -> {
                if (!isStatic(ctx)) {
                    // Before anything is read: a page resumes its stream from here, so a change
                    // committed while it renders arrives over the stream instead of being lost.
                    Current.setLiveSince(ctx, live.hub().cursor());
                    authentication.load(ctx);
                    // Before the CSRF check, which reads form fields and so the body: too large is refused unread.
                    UploadLimit.check(ctx);
                    csrf.check(ctx);
                }
            });
            javalin.routes.beforeMatched(guard::check);
            javalin.routes.exception(HttpResponseException.class, errors::httpError);
            // A multipart body that ran past its limits while streaming in: 413, not a failure of ours.
            javalin.routes.exception(ServletException.class, (e, ctx) -> UploadLimit.refusal(e)
                    .ifPresentOrElse(refused -> errors.httpError(refused, ctx), () -> errors.unexpected(e, ctx)));
            javalin.routes.exception(Exception.class, errors::unexpected);
            javalin.routes.error(404, errors::notFound);
            table[0] = new RouteTable(javalin.routes);
            Routes.register(table[0], wiring);
        });
        server.start();

        var housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "hearth-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        hourly(housekeeping, 1, "delete expired sessions", () -> jdbi.useTransaction(SessionManager::deleteExpired));
        hourly(housekeeping, 5, "prune the AI cache and old quota counters", () -> jdbi.useHandle(handle -> {
            ResponseCache.pruneExpired(handle);
            Quotas.pruneBefore(handle, Clock.systemUTC().instant());
        }));
        hourly(housekeeping, 7, "prune old rate-limit windows", () -> jdbi.useHandle(RateLimits::prune));
        hourly(housekeeping, 9, "prune the saved rows of bulk actions past their undo",
                () -> jdbi.useHandle(BulkActions::pruneSnapshots));
        // Once a second, so that no request's write is the one that merges a search index's backlog.
        var pendingLists = new PendingLists(jdbi);
        housekeeping.scheduleWithFixedDelay(pendingLists::mergeQuietly, 1, 1, TimeUnit.SECONDS);
        return new App(database, server, table[0].all(), housekeeping, live, generator);
    }

    /** Runs {@code job} every hour from minute {@code first}; a failure is logged, and the next hour tries again. */
    private static void hourly(ScheduledExecutorService housekeeping, int first, String what, Runnable job) {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("Could not " + what, e);
            }
        }, first, 60, TimeUnit.MINUTES);
    }

    /** Background work (bulk batches): virtual threads on Java 21+, a cached pool of daemon threads before. */
    private static ExecutorService background() {
        if (Runtime.version().feature() >= 21) {
            try {
                return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            } catch (ReflectiveOperationException e) {
                log.warn("Virtual threads unavailable, using platform threads", e);
            }
        }
        return Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "hearth-background");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static TemplateEngine templates(boolean devMode) {
        if (devMode) {
            // Hot reload: templates are compiled from ./templates whenever they change.
            var engine = TemplateEngine.create(new DirectoryCodeResolver(Path.of("templates")), Path.of("target/jte-dev"),
                    ContentType.Html, App.class.getClassLoader());
            engine.setBinaryStaticContent(true); // as the Maven plugin compiles them
            return engine;
        }
        return TemplateEngine.createPrecompiled(ContentType.Html);
    }

    private static boolean isStatic(Context ctx) {
        var path = ctx.path();
        return path.startsWith("/static/") || path.startsWith("/webjars/");
    }

    /** Behind our own proxy the client is the last address it appended; earlier entries are client-supplied. */
    private static String forwardedIp(Context ctx) {
        var forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return ctx.req().getRemoteAddr();
        }
        var parts = forwarded.split(",");
        return parts[parts.length - 1].trim();
    }

    public int port() {
        return server.port();
    }

    public Database database() {
        return database;
    }

    public List<RouteTable.Route> routes() {
        return routes;
    }

    public Live live() {
        return live;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        generator.close();
        live.close();
        server.stop();
        database.close();
    }
}
