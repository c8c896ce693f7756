package hearth.support;

import hearth.testing.Fixtures;
import hearth.testing.TestApp;

/**
 * Both sides of the desk written the way their handlers write them — through the repositories and
 * broadcasts, in one transaction — so each side can be tested apart from the other's pages: what the
 * support team does for the member's tests, what members write for the console's.
 */
public final class SupportDesk {
    private SupportDesk() {}

    /** A support agent: someone made SUPPORT_AGENT by the platform. */
    public static Fixtures.Person agent(TestApp app, String name, String email) {
        var person = Fixtures.signUp(app, name, email);
        app.update("update users set platform_role = 'SUPPORT_AGENT' where id = ?", person.id());
        return person;
    }

    /** An agent's reply (kind agent) or an internal note (kind note); returns the message id. */
    public static long write(TestApp app, long conversationId, Fixtures.Person agent, String kind, String body) {
        return app.jdbi().inTransaction(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            var conversation = conversations.findForStaff(conversationId).orElseThrow();
            var id = handle.attach(SupportMessages.class).insert(conversationId, agent.id(), kind, body);
            conversations.messageAdded(conversationId, kind, body);
            SupportBroadcasts.messageAdded(handle, conversation, id, kind.equals("note"));
            return id;
        });
    }

    public static long reply(TestApp app, long conversationId, Fixtures.Person agent, String body) {
        return write(app, conversationId, agent, "agent", body);
    }

    public static long note(TestApp app, long conversationId, Fixtures.Person agent, String body) {
        return write(app, conversationId, agent, "note", body);
    }

    /** The support team has read the conversation up to {@code through}. */
    public static void read(TestApp app, long conversationId, long through) {
        app.jdbi().useTransaction(handle -> {
            var conversations = handle.attach(SupportConversations.class);
            conversations.agentsRead(conversationId, through);
            SupportBroadcasts.conversationChanged(handle, conversations.findForStaff(conversationId).orElseThrow());
        });
    }

    /** A conversation opened by {@code member} with a first message, without the form (and its rate limit). */
    static long open(TestApp app, Fixtures.Org org, Fixtures.Person member, String subject, String firstMessage) {
        return open(app, org, member, subject, firstMessage, "normal");
    }

    static long open(TestApp app, Fixtures.Org org, Fixtures.Person member, String subject, String firstMessage,
                     String priority) {
        var id = app.jdbi().inTransaction(handle -> handle.attach(SupportConversations.class)
                .insert(org.id(), member.id(), subject, priority, null, null, null));
        memberWrites(app, id, member, firstMessage);
        return id;
    }

    /** The member writes in their conversation; returns the message's id. */
    static long memberWrites(TestApp app, long conversationId, Fixtures.Person member, String body) {
        return write(app, conversationId, member, "user", body);
    }

    /** The console's page of a conversation. */
    static String path(long conversationId) {
        return "/admin/support/" + conversationId;
    }

    /** Opens a conversation as {@code member} through the form; returns its id. */
    public static long open(Fixtures.Person member, Fixtures.Org org, String subject, String body) {
        var response = member.session().post("/support", Fixtures.form("subject", subject, "body", body,
                "priority", "normal", "org", String.valueOf(org.id())));
        if (response.status() != 303 || response.location() == null || !response.location().startsWith("/support/")) {
            throw new AssertionError("Opening a support conversation should redirect to it: " + response.describe());
        }
        return Long.parseLong(response.location().substring("/support/".length()));
    }
}
