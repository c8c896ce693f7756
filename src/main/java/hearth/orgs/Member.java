package hearth.orgs;

import java.time.Instant;
import java.util.List;

public record Member(long userId, String name, String email, OrgRole role, Instant joinedAt) {

    public static boolean isAmong(List<Member> members, long userId) {
        return members.stream().anyMatch(member -> member.userId() == userId);
    }
}
