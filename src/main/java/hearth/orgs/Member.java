package hearth.orgs;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

public record Member(long userId, String name, String email, OrgRole role, Instant joinedAt) {

    /**
     * The org's members, owners first. A query on the handle, not a method of {@link Organizations}: every
     * list page reads them, and attaching that SQL object builds an invoker for each of its methods.
     */
    public static List<Member> of(Handle handle, long orgId) {
        return handle.createQuery("""
                        select u.id, u.name, u.email, m.role, m.created_at
                        from memberships m join users u on u.id = m.user_id
                        where m.org_id = :orgId
                        order by case m.role when 'OWNER' then 0 when 'ADMIN' then 1 else 2 end, lower(u.name), u.id
                        """)
                .bind("orgId", orgId)
                .map((rs, ctx) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3), OrgRole.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    public static boolean isAmong(List<Member> members, long userId) {
        return members.stream().anyMatch(member -> member.userId() == userId);
    }
}
