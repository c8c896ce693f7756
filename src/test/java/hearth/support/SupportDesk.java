package hearth.support;

import hearth.testing.Fixtures.Org;
import hearth.testing.Fixtures.Person;
import hearth.testing.TestApp;

/**
 * A member's side of the desk for the console's tests: conversations and messages written the way the
 * member's handlers write them (the rows, the counters and the broadcasts, in one transaction).
 */
final class SupportDesk {
    private SupportDesk() {}

    static long open(TestApp app, Org org, Person member, String subject, String firstMessage) {
        return open(app, org, member, subject, firstMessage, "normal");
    }

    static long open(TestApp app, Org org, Person member, String subject, String firstMessage, String priority) {
        var id = app.jdbi().inTransaction(handle -> handle.attach(SupportConversations.class)
                .insert(org.id(), member.id(), subject, priority, null, null, null));
        write(app, id, member, firstMessage);
        return id;
    }

    /** The member writes in their conversation; returns the message's id. */
    static long write(TestApp app, long conversationId, Person member, String body) {
        return app.jdbi().inTransaction(handle -> {
            var messageId = handle.attach(SupportMessages.class).insert(conversationId, member.id(), "user", body);
            var conversations = handle.attach(SupportConversations.class);
            conversations.messageAdded(conversationId, "user", body);
            SupportBroadcasts.messageAdded(handle, conversations.findForStaff(conversationId).orElseThrow(), messageId, false);
            return messageId;
        });
    }

    static String path(long conversationId) {
        return "/admin/support/" + conversationId;
    }
}
