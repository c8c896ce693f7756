package hearth;

import static hearth.web.Access.ORG_ADMIN;
import static hearth.web.Access.ORG_MEMBER;
import static hearth.web.Access.PLATFORM_ADMIN;
import static hearth.web.Access.PUBLIC;
import static hearth.web.Access.SUPPORT_STAFF;
import static hearth.web.Access.USER;

import hearth.web.RouteTable;

/** Every URL Hearth answers, and who may reach it: the table of contents of the app. */
public final class Routes {
    private Routes() {}

    public static void register(RouteTable routes, Wiring app) {
        var auth = app.auth();
        var orgs = app.orgs();
        var members = app.members();
        var invitations = app.invitations();
        var admin = app.admin();
        var tasks = app.tasks();
        var customers = app.customers();
        var projects = app.projects();
        var bulk = app.bulk();
        var assistant = app.assistant();
        var console = app.console();
        var cannedReplies = app.cannedReplies();

        routes
                .get("/health", PUBLIC, app.health()::check)
                .get("/metrics", PUBLIC, app.metrics()::scrape)

                .get("/", PUBLIC, orgs::home)
                .get("/signup", PUBLIC, auth::signupPage)
                .post("/signup", PUBLIC, auth::signup)
                .get("/login", PUBLIC, auth::loginPage)
                .post("/login", PUBLIC, auth::login)
                .post("/logout", PUBLIC, auth::logout)
                .get("/account/password", USER, auth::passwordPage)
                .post("/account/password", USER, auth::changePassword)

                .get("/orgs", USER, orgs::list)
                .get("/orgs/new", USER, orgs::newPage)
                .post("/orgs", USER, orgs::create)
                .get("/o/{org}", ORG_MEMBER, orgs::show)
                .get("/o/{org}/settings", ORG_ADMIN, orgs::settingsPage)
                .post("/o/{org}/settings", ORG_ADMIN, orgs::rename)
                .post("/o/{org}/settings/assistant", ORG_ADMIN, orgs::assistantSettings)
                .get("/o/{org}/members", ORG_MEMBER, members::list)
                .post("/o/{org}/members/{userId}/role", ORG_ADMIN, members::changeRole)
                .post("/o/{org}/members/{userId}/removal", ORG_MEMBER, members::remove)
                .get("/o/{org}/invitations", ORG_ADMIN, invitations::index)
                .post("/o/{org}/invitations", ORG_ADMIN, invitations::create)
                .post("/o/{org}/invitations/{id}/renewal", ORG_ADMIN, invitations::renew)
                .post("/o/{org}/invitations/{id}/revocation", ORG_ADMIN, invitations::revoke)

                .get("/o/{org}/tasks", ORG_MEMBER, tasks::list)
                .get("/o/{org}/tasks/new", ORG_MEMBER, tasks::newPage)
                .post("/o/{org}/tasks", ORG_MEMBER, tasks::create)
                .post("/o/{org}/tasks/bulk", ORG_MEMBER, app.taskBulk()::apply)
                .get("/o/{org}/tasks/export.csv", ORG_MEMBER, app.taskExport()::csv)
                .get("/o/{org}/tasks/export.pdf", ORG_MEMBER, app.taskExport()::pdf)
                .get("/o/{org}/tasks/{id}", ORG_MEMBER, tasks::show)
                .get("/o/{org}/tasks/{id}/edit", ORG_MEMBER, tasks::editPage)
                .get("/o/{org}/tasks/{id}/history", ORG_MEMBER, tasks::history)
                .post("/o/{org}/tasks/{id}", ORG_MEMBER, tasks::update)
                .get("/o/{org}/tasks/{id}/move", ORG_MEMBER, app.boards()::movePage)
                .post("/o/{org}/tasks/{id}/move", ORG_MEMBER, tasks::move)
                .post("/o/{org}/tasks/{id}/deletion", ORG_MEMBER, tasks::delete)

                .get("/o/{org}/customers", ORG_MEMBER, customers::list)
                .get("/o/{org}/customers/new", ORG_MEMBER, customers::newPage)
                .post("/o/{org}/customers", ORG_MEMBER, customers::create)
                .post("/o/{org}/customers/bulk", ORG_MEMBER, app.customerBulk()::apply)
                .get("/o/{org}/customers/export.csv", ORG_MEMBER, app.customerExport()::csv)
                .get("/o/{org}/customers/export.pdf", ORG_MEMBER, app.customerExport()::pdf)
                .get("/o/{org}/customers/{id}", ORG_MEMBER, customers::show)
                .get("/o/{org}/customers/{id}/edit", ORG_MEMBER, customers::editPage)
                .get("/o/{org}/customers/{id}/history", ORG_MEMBER, customers::history)
                .post("/o/{org}/customers/{id}", ORG_MEMBER, customers::update)
                .post("/o/{org}/customers/{id}/deletion", ORG_MEMBER, customers::delete)

                .get("/o/{org}/projects", ORG_MEMBER, projects::list)
                .get("/o/{org}/projects/new", ORG_MEMBER, projects::newPage)
                .post("/o/{org}/projects", ORG_MEMBER, projects::create)
                .post("/o/{org}/projects/bulk", ORG_MEMBER, app.projectBulk()::apply)
                .get("/o/{org}/projects/export.csv", ORG_MEMBER, app.projectExport()::csv)
                .get("/o/{org}/projects/export.pdf", ORG_MEMBER, app.projectExport()::pdf)
                .get("/o/{org}/projects/{id}", ORG_MEMBER, projects::show)
                .get("/o/{org}/projects/{id}/edit", ORG_MEMBER, projects::editPage)
                .get("/o/{org}/projects/{id}/history", ORG_MEMBER, projects::history)
                .post("/o/{org}/projects/{id}", ORG_MEMBER, projects::update)
                .post("/o/{org}/projects/{id}/deletion", ORG_MEMBER, projects::delete)

                .get("/o/{org}/board", ORG_MEMBER, app.boards()::org)
                .get("/o/{org}/projects/{id}/board", ORG_MEMBER, app.boards()::project)
                .get("/o/{org}/activity", ORG_ADMIN, app.activity()::list)
                .get("/o/{org}/bulk/{id}", ORG_MEMBER, bulk::progress)
                .post("/o/{org}/bulk/{id}/undo", ORG_MEMBER, bulk::undo)

                .get("/o/{org}/assistant", ORG_MEMBER, assistant::index)
                .post("/o/{org}/assistant", ORG_MEMBER, assistant::create)
                .get("/o/{org}/assistant/usage", ORG_MEMBER, app.usage()::page)
                .get("/o/{org}/assistant/{id}", ORG_MEMBER, assistant::show)
                .post("/o/{org}/assistant/{id}/messages", ORG_MEMBER, assistant::send)
                .get("/o/{org}/assistant/{id}/messages/{messageId}", ORG_MEMBER, assistant::message)
                .post("/o/{org}/assistant/{id}/messages/{messageId}/stop", ORG_MEMBER, assistant::stop)
                .post("/o/{org}/assistant/{id}/regeneration", ORG_MEMBER, assistant::regenerate)
                .get("/o/{org}/assistant/{id}/title", ORG_MEMBER, assistant::renamePage)
                .post("/o/{org}/assistant/{id}/title", ORG_MEMBER, assistant::rename)
                .post("/o/{org}/assistant/{id}/deletion", ORG_MEMBER, assistant::delete)
                .post("/o/{org}/assistant/{id}/handoff", ORG_MEMBER, app.handoffs()::create)

                .get("/support", USER, app.support()::index)
                .post("/support", USER, app.support()::create)
                .get("/support/{id}", USER, app.support()::show)
                .post("/support/{id}/messages", USER, app.support()::send)
                .post("/support/{id}/status", USER, app.support()::changeStatus)
                .post("/support/{id}/receipt", USER, app.support()::receipt)
                // The member's files and the support team's (the console links here too): see AttachmentHandlers.
                .get("/support/{id}/attachments/{attachmentId}", USER, app.supportAttachments()::download)
                .get("/support/{id}/attachments/{attachmentId}/preview", USER, app.supportAttachments()::preview)

                .post("/live/typing", USER, app.live()::typing)
                .post("/live/presence", USER, app.live()::presence)

                .get("/invitations/{token}", PUBLIC, invitations::show)
                .post("/invitations/{token}/acceptance", USER, invitations::accept)

                .get("/admin", PLATFORM_ADMIN, admin::index)
                .post("/admin/users/{id}/role", PLATFORM_ADMIN, admin::changeUserRole)
                .post("/admin/orgs/{id}/plan", PLATFORM_ADMIN, admin::changePlan)

                .get("/admin/models", PLATFORM_ADMIN, app.models()::list)
                .get("/admin/models/new", PLATFORM_ADMIN, app.models()::newPage)
                .post("/admin/models", PLATFORM_ADMIN, app.models()::create)
                .get("/admin/models/{id}/edit", PLATFORM_ADMIN, app.models()::editPage)
                .post("/admin/models/{id}", PLATFORM_ADMIN, app.models()::update)
                .post("/admin/models/{id}/enabled", PLATFORM_ADMIN, app.models()::setEnabled)
                .get("/admin/models/{id}/deletion", PLATFORM_ADMIN, app.models()::deletePage)
                .post("/admin/models/{id}/deletion", PLATFORM_ADMIN, app.models()::delete)
                .get("/admin/plans", PLATFORM_ADMIN, app.plans()::index)
                .post("/admin/plans/{plan}", PLATFORM_ADMIN, app.plans()::save)

                // The agent console. Its fixed paths come before /admin/support/{id}, which would take them.
                .get("/admin/support", SUPPORT_STAFF, console::queue)
                .post("/admin/support/bulk", SUPPORT_STAFF, app.consoleBulk()::apply)
                .get("/admin/support/export.csv", SUPPORT_STAFF, app.supportExport()::queueCsv)
                .get("/admin/support/stats", SUPPORT_STAFF, console::stats)
                .get("/admin/support/replies", SUPPORT_STAFF, cannedReplies::list)
                .get("/admin/support/replies/new", SUPPORT_STAFF, cannedReplies::newPage)
                .post("/admin/support/replies", SUPPORT_STAFF, cannedReplies::create)
                .get("/admin/support/replies/{id}/edit", SUPPORT_STAFF, cannedReplies::editPage)
                .post("/admin/support/replies/{id}", SUPPORT_STAFF, cannedReplies::update)
                .post("/admin/support/replies/{id}/deletion", SUPPORT_STAFF, cannedReplies::delete)
                .get("/admin/support/{id}", SUPPORT_STAFF, console::show)
                .post("/admin/support/{id}/messages", SUPPORT_STAFF, console::send)
                .post("/admin/support/{id}/assignee", SUPPORT_STAFF, console::assign)
                .post("/admin/support/{id}/status", SUPPORT_STAFF, console::changeStatus)
                .post("/admin/support/{id}/priority", SUPPORT_STAFF, console::changePriority)
                .post("/admin/support/{id}/tags", SUPPORT_STAFF, console::addTag)
                .post("/admin/support/{id}/tags/{tag}/deletion", SUPPORT_STAFF, console::removeTag)
                .post("/admin/support/{id}/archival", SUPPORT_STAFF, console::archive)
                .post("/admin/support/{id}/restoration", SUPPORT_STAFF, console::restore)
                .get("/admin/support/{id}/merge", SUPPORT_STAFF, console::mergePage)
                .post("/admin/support/{id}/merge", SUPPORT_STAFF, console::merge)
                .get("/admin/support/{id}/transcript.pdf", SUPPORT_STAFF, app.supportExport()::transcriptPdf)
                .get("/admin/support/{id}/transcript.csv", SUPPORT_STAFF, app.supportExport()::transcriptCsv);
    }
}
