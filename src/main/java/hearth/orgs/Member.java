package hearth.orgs;

import hearth.db.Pipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

public record Member(long userId, String name, String email, OrgRole role, Instant joinedAt) {

    private static final Pipeline.Query<Member> OF_ORG = new Pipeline.Query<>("""
            select u.id, u.name, u.email, m.role, m.created_at
            from memberships m join users u on u.id = m.user_id
            where m.org_id = :orgId
            order by case m.role when 'OWNER' then 0 when 'ADMIN' then 1 else 2 end, lower(u.name), u.id
            """, (rs, ctx) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3), OrgRole.valueOf(rs.getString(4)),
            rs.getTimestamp(5).toInstant()));

    /**
     * The org's members, owners first. A query on the handle, not a method of {@link Organizations}: every
     * list page reads them, and attaching that SQL object builds an invoker for each of its methods.
     */
    public static List<Member> of(Handle handle, long orgId) {
        return Pipeline.read(handle, of(orgId));
    }

    /** The org's members, to read in a pipeline with the rest of a page. */
    public static Pipeline.Bound<Member> of(long orgId) {
        return new Pipeline.Bound<>(OF_ORG, Map.of("orgId", orgId));
    }

    public static boolean isAmong(List<Member> members, long userId) {
        return members.stream().anyMatch(member -> member.userId() == userId);
    }
}
