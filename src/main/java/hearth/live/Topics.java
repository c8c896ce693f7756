package hearth.live;

import hearth.auth.User;
import hearth.orgs.Membership;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The names of live topics and who may read them. A page lists the topics it was rendered with;
 * the stream checks every one of them against the database when it opens, so a browser that edits
 * the list (or replays an old one after losing its membership) gets nothing it may not see.
 */
public final class Topics {
    private static final Pattern SUPPORT_TOPIC = Pattern.compile("support:(queue|(user|conversation|staff):(\\d{1,18}))");
    private static final Pattern ORG_TOPIC = Pattern.compile(
            "org:(\\d{1,18}):(tasks|customers|projects|board|project:(\\d{1,18})|assistant:(\\d{1,18})|conversation:(\\d{1,18}))");

    private Topics() {}

    public static String tasks(long orgId) {
        return "org:" + orgId + ":tasks";
    }

    public static String customers(long orgId) {
        return "org:" + orgId + ":customers";
    }

    public static String projects(long orgId) {
        return "org:" + orgId + ":projects";
    }

    /** The people on an org's board. */
    public static String board(long orgId) {
        return "org:" + orgId + ":board";
    }

    /** The people on one project's pages (its page and its board). */
    public static String project(long orgId, long projectId) {
        return "org:" + orgId + ":project:" + projectId;
    }

    /** One user's assistant conversations in an org: their list, in every tab of theirs. */
    public static String assistant(long orgId, long userId) {
        return "org:" + orgId + ":assistant:" + userId;
    }

    /** One assistant conversation: its messages and the tokens of an answer being written. */
    public static String conversation(long orgId, long conversationId) {
        return "org:" + orgId + ":conversation:" + conversationId;
    }

    /** The support queue: every org's conversations, for the support team. */
    public static final String SUPPORT_QUEUE = "support:queue";
    private static final String SUPPORT_STAFF_PREFIX = "support:staff:";

    /** A member's support conversations (their list and unread badge), in every tab of theirs. */
    public static String supportUser(long userId) {
        return "support:user:" + userId;
    }

    /** One support conversation as its member sees it: no internal notes. */
    public static String supportConversation(long conversationId) {
        return "support:conversation:" + conversationId;
    }

    /** What only the support team sees of a conversation: internal notes, assignment, tags. */
    public static String supportStaff(long conversationId) {
        return SUPPORT_STAFF_PREFIX + conversationId;
    }

    /**
     * Topics whose pages show who is here: an org's boards and projects, and a support conversation's
     * console page (the staff topic, so only the support team sees which agents are on it).
     */
    public static boolean hasPresence(String topic) {
        return topic.contains(":board") || topic.contains(":project:") || topic.startsWith(SUPPORT_STAFF_PREFIX);
    }

    /** The org a topic belongs to, or null for a topic that is not an org's. */
    public static Long orgOf(String topic) {
        var match = ORG_TOPIC.matcher(topic);
        return match.matches() ? Long.parseLong(match.group(1)) : null;
    }

    /**
     * Whether {@code user} may receive {@code topic}. Org topics need a membership of that org today
     * (not when the page was rendered): {@code memberships} are the ones this request's session query
     * read. A project topic also needs the project to be the org's, or a member could follow another
     * org's project by editing the number.
     */
    public static boolean mayRead(Jdbi jdbi, User user, List<Membership> memberships, String topic) {
        var support = SUPPORT_TOPIC.matcher(topic);
        if (support.matches()) {
            return maySupport(jdbi, user, support);
        }
        var match = ORG_TOPIC.matcher(topic);
        if (!match.matches()) {
            return false;
        }
        var orgId = Long.parseLong(match.group(1));
        if (memberships.stream().noneMatch(membership -> membership.org().id() == orgId)) {
            return false;
        }
        if (match.group(3) != null) {
            return exists(jdbi, "select 1 from projects where org_id = :org and id = :id",
                    Map.of("org", orgId, "id", Long.parseLong(match.group(3))));
        }
        // Assistant conversations are personal: other members of the org must not read them, not
        // even the titles, so these topics belong to their user alone.
        if (match.group(4) != null) {
            return Long.parseLong(match.group(4)) == user.id();
        }
        if (match.group(5) != null) {
            return exists(jdbi, "select 1 from assistant_conversations where org_id = :org and id = :id and user_id = :user",
                    Map.of("org", orgId, "id", Long.parseLong(match.group(5)), "user", user.id()));
        }
        return true;
    }

    /**
     * Support topics cross orgs: the staff read them all; a member reads their own list and their own
     * conversations, never the staff-only side (internal notes) and never the queue.
     */
    private static boolean maySupport(Jdbi jdbi, User user, java.util.regex.Matcher match) {
        if (user.isSupportStaff()) {
            return true;
        }
        if (match.group(2) == null) {
            return false;
        }
        return switch (match.group(2)) {
            case "user" -> Long.parseLong(match.group(3)) == user.id();
            case "conversation" -> exists(jdbi, """
                            select 1 from support_conversations c
                            where c.id = :id and c.user_id = :user
                              and exists (select 1 from memberships m where m.org_id = c.org_id and m.user_id = :user)
                            """, Map.of("id", Long.parseLong(match.group(3)), "user", user.id()));
            default -> false;
        };
    }

    /** Whether {@code query} finds a row: the database's part of a topic check, on a connection of its own. */
    private static boolean exists(Jdbi jdbi, String query, Map<String, Object> bindings) {
        return jdbi.withHandle(handle -> handle.createQuery("select exists (" + query + ")")
                .bindMap(bindings).mapTo(Boolean.class).one());
    }

    /** A DOM id for things about a topic, e.g. its presence list: {@code presence-org-1-board}. */
    public static String domId(String prefix, String topic) {
        return prefix + "-" + topic.replaceAll("[^A-Za-z0-9]+", "-");
    }
}
