package hearth.ops;

import hearth.auth.Passwords;
import hearth.auth.PlatformRole;
import hearth.auth.Users;
import hearth.orgs.OrgRole;
import hearth.orgs.Organizations;
import org.jdbi.v3.core.Jdbi;

/** A demo organization with an owner, a member and a support agent, so a newcomer can look around at once. */
public final class DemoData {
    public static final String PASSWORD = "hearth-demo-password";
    public static final String ORG_SLUG = "acme-demo";

    private record Person(String name, String email, PlatformRole platformRole, OrgRole orgRole) {}

    private static final Person[] PEOPLE = {
        new Person("Olivia Owner", "owner@demo.hearth.test", PlatformRole.USER, OrgRole.OWNER),
        new Person("Max Member", "member@demo.hearth.test", PlatformRole.USER, OrgRole.MEMBER),
        new Person("Sam Support", "agent@demo.hearth.test", PlatformRole.SUPPORT_AGENT, OrgRole.MEMBER),
    };

    private DemoData() {}

    /** Idempotent: people and the org that already exist are left as they are. */
    public static void seed(Jdbi jdbi) {
        jdbi.useTransaction(handle -> {
            var users = handle.attach(Users.class);
            var orgs = handle.attach(Organizations.class);
            users.lockFirstAccountDecision();
            // On a fresh instance the demo owner is its first account, so she runs it as every first account does.
            var freshInstance = users.noneYet();
            var org = orgs.insert("Acme Demo", ORG_SLUG).orElseGet(() -> orgs.all(10_000).stream()
                    .filter(o -> o.slug().equals(ORG_SLUG)).findFirst().orElseThrow());
            for (var person : PEOPLE) {
                var platformRole = freshInstance && person.orgRole() == OrgRole.OWNER
                        ? PlatformRole.PLATFORM_ADMIN : person.platformRole();
                var user = users.byEmail(person.email()).orElseGet(() ->
                        users.insert(person.email(), person.name(), Passwords.hash(PASSWORD), platformRole));
                orgs.addMember(org.id(), user.id(), person.orgRole());
            }
        });
        var out = new StringBuilder("\nDemo organization \"Acme Demo\" is ready at /o/" + ORG_SLUG + ". Log in with:\n");
        for (var person : PEOPLE) {
            out.append(String.format("  %-26s %-10s password: %s%n", person.email(), person.orgRole().label(), PASSWORD));
        }
        out.append("(Sam Support is also a support agent of this instance; on a fresh instance Olivia is its platform admin.)\n");
        System.out.println(out);
    }
}
