package hearth.testing;

import hearth.web.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Named people and organizations, built through the real HTTP endpoints (sign up, create org,
 * invite, accept) so that fixtures exercise the same paths users do.
 *
 * <p>On a fresh database the first account to sign up becomes the platform admin. The named
 * fixtures therefore create {@link #admin} (Ada) first, so Ann, Bob and Gus are ordinary users.
 * Named fixtures are built once per database and shared by the tests of a class that uses
 * {@code new TestApp()}; with {@link TestApp#withFreshDataForEachTest()} each test builds its own.
 */
public final class Fixtures {
    /** Everyone's password: long enough for the 10-character minimum. */
    public static final String PASSWORD = "correct-horse-battery";

    /** The first model the migrations seed into the catalogue (TestApp.reset puts it back with the same id). */
    public static final long SEEDED_MODEL_ID = 1;

    /** The smallest PNG (1×1 pixel): an image attachment, shown inline as well as downloaded. */
    public static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==");

    private static final Pattern INVITATION_LINK = Pattern.compile("https?://[^\\s\"'<>]+/invitations/([A-Za-z0-9_-]+)");

    private Fixtures() {}

    /** A person with an account, logged in through their own {@link HttpSession}. */
    public record Person(long id, String name, String email, String password, HttpSession session) {}

    public record Org(long id, String name, String slug) {
        public String path() {
            return "/o/" + slug;
        }
    }

    /** An open invitation: the link the inviter was shown, its token and its row id. */
    public record Invite(long id, String email, String link, String token) {
        public String path() {
            return "/invitations/" + token;
        }
    }

    /** Acme: Ann owns it, Bob is a plain member. */
    public record Acme(Org org, Person ann, Person bob) {}

    /** Globex: another tenant, owned by Gus, with an open invitation of its own. */
    public record Globex(Org org, Person gus, Invite invite) {}

    /**
     * One of each workspace record in an org, made through the forms: a customer, its project, a task in
     * it, a bulk action; and the owner's assistant conversation with a question and its answer.
     */
    public record Workspace(long customerId, long projectId, long taskId, long bulkActionId, long conversationId,
                            long messageId, long supportConversationId, long supportAttachmentId, long cannedReplyId) {}

    // ---- named fixtures

    /** Ada, the platform admin: she must be the first account on the database. */
    public static Person admin(TestApp app) {
        return app.fixture("admin", () -> {
            var ada = signUp(app, "Ada Admin", "ada@hearth.test");
            var role = app.queryOne(String.class, "select platform_role from users where id = ?", ada.id());
            if (!role.equals("PLATFORM_ADMIN")) {
                throw new IllegalStateException("Fixtures.admin must be the first account on a fresh database, but "
                        + "someone signed up before Ada (she became " + role + ")");
            }
            return ada;
        });
    }

    public static Acme acme(TestApp app) {
        return app.fixture("acme", () -> {
            admin(app);
            var ann = signUp(app, "Ann Owner", "ann@acme.test");
            var org = createOrg(app, ann, "Acme");
            var bob = join(app, org, ann, "Bob Member", "bob@acme.test", "MEMBER");
            return new Acme(org, ann, bob);
        });
    }

    /** Sam, a support agent: made one by Ada in the platform admin. */
    public static Person agent(TestApp app) {
        return app.fixture("agent", () -> {
            var ada = admin(app);
            var sam = signUp(app, "Sam Agent", "sam@hearth.test");
            expect(ada.session().post("/admin/users/" + sam.id() + "/role", form("role", "SUPPORT_AGENT")), 303);
            return sam;
        });
    }

    public static Globex globex(TestApp app) {
        return app.fixture("globex", () -> {
            admin(app);
            var gus = signUp(app, "Gus Owner", "gus@globex.test");
            var org = createOrg(app, gus, "Globex");
            var invite = invite(app, gus, org, "hank@globex.test", "MEMBER");
            return new Globex(org, gus, invite);
        });
    }

    /**
     * The workspace records of {@code org}, made once per database by {@code owner} through the real
     * forms: "Fixture Customer", its "Fixture Project", the "Fixture task" in that project, a bulk
     * status change of that task (its undo window long closed by the time anyone could use it by accident),
     * and the owner's support conversation about the org with an image attached.
     */
    public static Workspace workspace(TestApp app, Org org, Person owner) {
        return app.fixture("workspace " + org.slug(), () -> {
            var session = owner.session();
            var customer = createdId(session.post(org.path() + "/customers", form("name", "Fixture Customer",
                    "email", "", "phone", "", "company", "", "status", "ACTIVE", "source", "OTHER",
                    "owner", String.valueOf(owner.id()), "notes", "")), org.path() + "/customers/");
            var project = createdId(session.post(org.path() + "/projects", form("name", "Fixture Project",
                    "description", "", "customer", String.valueOf(customer), "status", "ACTIVE",
                    "start", "", "due", "", "owner", String.valueOf(owner.id()))), org.path() + "/projects/");
            var task = createdId(session.post(org.path() + "/tasks", form("title", "Fixture task",
                    "description", "", "project", String.valueOf(project), "status", "TODO", "priority", "MEDIUM",
                    "assignee", String.valueOf(owner.id()), "due", "")), org.path() + "/tasks/");
            expect(session.post(org.path() + "/tasks/bulk", form("action", "status", "to_status", "TODO",
                    "ids", String.valueOf(task))), 303);
            var bulkAction = app.queryOne(Long.class, "select max(id) from bulk_actions where org_id = ?", org.id());
            // Written directly: asking through the form needs an AI provider, and these tests run without one.
            var conversation = app.queryOne(Long.class, """
                    insert into assistant_conversations (org_id, user_id, title) values (?, ?, 'Fixture conversation') returning id
                    """, org.id(), owner.id());
            app.queryOne(Long.class, """
                    insert into assistant_messages (org_id, conversation_id, role, content) values (?, ?, 'user', 'Fixture question') returning id
                    """, org.id(), conversation);
            var answer = app.queryOne(Long.class, """
                    insert into assistant_messages (org_id, conversation_id, role, content, model, model_name, provider)
                    values (?, ?, 'assistant', 'Fixture answer', 'llama-3.1-8b-instant', 'Llama 3.1 8B Instant', 'groq') returning id
                    """, org.id(), conversation);
            var support = createdId(session.post("/support", form("subject", "Fixture support question",
                    "body", "Fixture question for support", "priority", "normal", "org", String.valueOf(org.id()))), "/support/");
            expect(session.postMultipart("/support/" + support + "/messages", fields("body", "Fixture attachment"),
                    List.of(new HttpSession.Upload("files", "fixture.png", "image/png", PNG))), 303);
            var attachment = app.queryOne(Long.class, "select max(id) from support_attachments where conversation_id = ?", support);
            // A tag on it and a canned reply of the support team, for the console's routes.
            app.update("insert into support_tags (conversation_id, tag) values (?, 'fixture')", support);
            var reply = app.queryOne(Long.class, """
                    insert into canned_replies (title, body) values (?, 'Hello {{user.name}}') returning id
                    """, "Fixture reply " + org.slug());
            return new Workspace(customer, project, task, bulkAction, conversation, answer, support, attachment, reply);
        });
    }

    /**
     * A value for every path parameter the routes use, all inside {@code org}: add one here when a
     * route brings a new parameter, and every route-walking test covers the route.
     */
    public static PathParams pathParams(Org org, Person member, Invite invite, Workspace records) {
        return new PathParams()
                .with("{org}", org.slug())
                .with("{userId}", member.id())
                .with("users/{id}", member.id())
                .with("orgs/{id}", org.id())
                .with("invitations/{id}", invite.id())
                .with("{token}", invite.token())
                .with("customers/{id}", records.customerId())
                .with("projects/{id}", records.projectId())
                .with("tasks/{id}", records.taskId())
                .with("bulk/{id}", records.bulkActionId())
                .with("assistant/{id}", records.conversationId())
                .with("{messageId}", records.messageId())
                .with("support/{id}", records.supportConversationId())
                .with("{attachmentId}", records.supportAttachmentId())
                .with("models/{id}", SEEDED_MODEL_ID)
                .with("plans/{plan}", "FREE")
                .with("replies/{id}", records.cannedReplyId())
                .with("tags/{tag}", "fixture");
    }

    // ---- building blocks

    /** Signs up through /signup; the returned person's session is logged in. */
    public static Person signUp(TestApp app, String name, String email) {
        var session = app.newSession();
        session.get("/signup");
        var response = session.post("/signup", form("name", name, "email", email, "password", PASSWORD, "next", ""));
        expect(response, 303);
        session.follow(response);
        var id = app.queryOne(Long.class, "select id from users where lower(email) = lower(?)", email);
        return new Person(id, name, email, PASSWORD, session);
    }

    /** The same person on another device: a second, independent logged-in session. */
    public static HttpSession logIn(TestApp app, Person person) {
        return logIn(app, person.email(), person.password());
    }

    public static HttpSession logIn(TestApp app, String email, String password) {
        var session = app.newSession();
        session.get("/login");
        var response = session.post("/login", form("email", email, "password", password, "next", ""));
        expect(response, 303);
        session.follow(response);
        return session;
    }

    /** Creates an org through POST /orgs; the creator is its owner. */
    public static Org createOrg(TestApp app, Person owner, String name) {
        var response = owner.session().post("/orgs", form("name", name));
        expect(response, 303);
        var location = response.location();
        if (location == null || !location.startsWith("/o/")) {
            throw new AssertionError("Creating an org should redirect to it: " + response.describe());
        }
        var slug = location.substring("/o/".length());
        owner.session().follow(response);
        var id = app.queryOne(Long.class, "select id from organizations where slug = ?", slug);
        return new Org(id, name, slug);
    }

    /** Invites {@code email} through the members page and reads the link it shows. */
    public static Invite invite(TestApp app, Person inviter, Org org, String email, String role) {
        var response = inviter.session().post(org.path() + "/invitations", form("email", email, "role", role));
        expect(response, 201);
        return inviteFrom(app, response, email);
    }

    /** The invitation whose link a response (an invitation or renewal) shows. */
    public static Invite inviteFrom(TestApp app, Response response, String email) {
        var matcher = INVITATION_LINK.matcher(response.body());
        if (!matcher.find()) {
            throw new AssertionError("The page shows no invitation link: " + response.describe());
        }
        var token = matcher.group(1);
        var id = app.queryOne(Long.class, "select id from invitations where token_hash = ?", Tokens.sha256(token));
        return new Invite(id, email, matcher.group(), token);
    }

    public static void accept(Person invitee, Invite invite) {
        var response = invitee.session().post(invite.path() + "/acceptance", Map.of());
        expect(response, 303);
        if (response.location() == null || !response.location().startsWith("/o/")) {
            throw new AssertionError(invitee.email() + " could not accept the invitation: "
                    + response.describe() + "\n" + invitee.session().follow(response).text());
        }
        invitee.session().follow(response);
    }

    /** A new person who joins {@code org} the way people do: invited, signs up, accepts. */
    public static Person join(TestApp app, Org org, Person inviter, String name, String email, String role) {
        var invite = invite(app, inviter, org, email, role);
        var person = signUp(app, name, email);
        accept(person, invite);
        return person;
    }

    // ---- small helpers

    public static long userId(TestApp app, String email) {
        return app.queryOne(Long.class, "select id from users where lower(email) = lower(?)", email);
    }

    public static String orgRole(TestApp app, Org org, Person person) {
        return app.queryOptional(String.class, "select role from memberships where org_id = ? and user_id = ?",
                org.id(), person.id()).orElse(null);
    }

    public static String platformRole(TestApp app, Person person) {
        return app.queryOne(String.class, "select platform_role from users where id = ?", person.id());
    }

    /** Form fields that may repeat ({@code "ids", "1", "ids", "2"}), in order, for {@link HttpSession#post(String, List)}. */
    public static List<Map.Entry<String, String>> fields(String... namesAndValues) {
        var fields = new ArrayList<Map.Entry<String, String>>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return fields;
    }

    /** Form fields from name/value pairs, in order. */
    public static Map<String, String> form(String... namesAndValues) {
        var form = new LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** The id at the end of the redirect a successful create answers with, e.g. /o/acme/tasks/42. */
    private static long createdId(Response response, String prefix) {
        expect(response, 303);
        var location = response.location();
        if (location == null || !location.startsWith(prefix) || !location.substring(prefix.length()).matches("[0-9]+")) {
            throw new AssertionError("A create should redirect to the new record under " + prefix + ": " + response.describe());
        }
        return Long.parseLong(location.substring(prefix.length()));
    }

    private static void expect(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("Fixture step expected " + status + ": " + response.describe());
        }
    }
}
