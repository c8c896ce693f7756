package hearth.ops;

import hearth.auth.Passwords;
import hearth.auth.PlatformRole;
import hearth.auth.Users;
import hearth.orgs.OrgRole;
import hearth.orgs.Organizations;
import hearth.support.SupportConversations;
import hearth.support.SupportMessages;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A demo organization with an owner, a member and a support agent, and some work in it (customers,
 * projects, tasks and a support conversation), so a newcomer can look around at once.
 */
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
            var created = orgs.insert("Acme Demo", ORG_SLUG);
            var org = created.orElseGet(() -> orgs.all(10_000).stream()
                    .filter(o -> o.slug().equals(ORG_SLUG)).findFirst().orElseThrow());
            var ids = new long[PEOPLE.length];
            for (int i = 0; i < PEOPLE.length; i++) {
                var person = PEOPLE[i];
                var platformRole = freshInstance && person.orgRole() == OrgRole.OWNER
                        ? PlatformRole.PLATFORM_ADMIN : person.platformRole();
                var user = users.byEmail(person.email()).orElseGet(() ->
                        users.insert(person.email(), person.name(), Passwords.hash(PASSWORD), platformRole));
                orgs.addMember(org.id(), user.id(), person.orgRole());
                ids[i] = user.id();
            }
            if (created.isPresent()) {
                work(handle, org.id(), ids[0], ids[1]);
                support(handle, org.id(), ids[1], ids[2]);
            }
        });
        var out = new StringBuilder("\nDemo organization \"Acme Demo\" is ready at /o/" + ORG_SLUG + ". Log in with:\n");
        for (var person : PEOPLE) {
            out.append(String.format("  %-26s %-10s password: %s%n", person.email(), person.orgRole().label(), PASSWORD));
        }
        out.append("(Sam Support is also a support agent of this instance; on a fresh instance Olivia is its platform admin.)\n");
        System.out.println(out);
    }

    /** A few customers, projects and tasks in every state, so the lists, boards and filters have something to show. */
    private static void work(Handle handle, long orgId, long olivia, long max) {
        handle.createUpdate("""
                insert into customers (org_id, name, email, company, status, source, owner_id, notes)
                values (:org, 'Nora Lindqvist', 'nora@fjordfoods.example', 'Fjord Foods AB', 'ACTIVE', 'REFERRAL', :olivia,
                        'Renews in March; wants the PDF export.'),
                       (:org, 'Diego Martín', 'diego@solar-sur.example', 'Solar Sur S.L.', 'PROSPECT', 'EVENT', :max, ''),
                       (:org, 'Aiko Tanaka', 'aiko@kumo.example', 'Kumo Design', 'LEAD', 'WEBSITE', null, 'Asked for a demo.')
                """).bind("org", orgId).bind("olivia", olivia).bind("max", max).execute();
        handle.createUpdate("""
                insert into projects (org_id, name, description, customer_id, status, start_date, due_date, owner_id)
                select :org, 'Fjord Foods rollout', 'Move their team of 40 onto Hearth by the end of the quarter.',
                       (select id from customers where org_id = :org and company = 'Fjord Foods AB'), 'ACTIVE',
                       current_date - 20, current_date + 40, :olivia
                union all
                select :org, 'Website relaunch', 'New pricing page and a faster sign-up.', null, 'PLANNING',
                       current_date + 7, current_date + 60, :max
                """).bind("org", orgId).bind("olivia", olivia).bind("max", max).execute();
        handle.createUpdate("""
                insert into tasks (org_id, project_id, title, description, status, priority, assignee_id, due_date, position, created_by)
                select :org, p.id, t.title, t.description, t.status, t.priority,
                       case t.who when 'olivia' then :olivia when 'max' then :max end,
                       current_date + t.due, t.n * 1024.0, :olivia
                from (values (1, 'Fjord Foods rollout', 'Import their customer list', 'CSV from their old CRM.', 'DONE', 'HIGH', 'max', -5),
                             (2, 'Fjord Foods rollout', 'Train the sales team', 'Two sessions, Tuesday and Thursday.', 'IN_PROGRESS', 'HIGH', 'olivia', 3),
                             (3, 'Fjord Foods rollout', 'Set up their support contacts', '', 'TODO', 'MEDIUM', 'max', 10),
                             (4, 'Fjord Foods rollout', 'Review the invoice template', 'Their VAT number must be on it.', 'REVIEW', 'URGENT', 'olivia', 1),
                             (5, 'Website relaunch', 'Draft the new pricing page', '', 'TODO', 'MEDIUM', 'max', 14),
                             (6, 'Website relaunch', 'Pick the hero photo', '', 'TODO', 'LOW', null, null),
                             (7, null, 'Send the quarterly report', 'Numbers from the dashboard.', 'TODO', 'HIGH', 'olivia', 7),
                             (8, null, 'Renew the office lease', '', 'CANCELLED', 'LOW', null, null))
                     as t(n, project, title, description, status, priority, who, due)
                left join projects p on p.org_id = :org and p.name = t.project
                order by t.n
                """).bind("org", orgId).bind("olivia", olivia).bind("max", max).execute();
    }

    /** Max has asked support a question; Sam answered and left a note for the team. */
    private static void support(Handle handle, long orgId, long max, long sam) {
        var conversations = handle.attach(SupportConversations.class);
        var messages = handle.attach(SupportMessages.class);
        var id = conversations.insert(orgId, max, "How do I export our tasks?", "normal", null, null, null);
        for (var message : new String[][] {
                {"user", "Hi! Where do I find the CSV export for our tasks?"},
                {"agent", "Hi Max, open Tasks, filter what you need, then choose Export → CSV. It exports exactly what the list shows."},
                {"note", "Second question about exports this week: worth a help article."}}) {
            var author = message[0].equals("user") ? max : sam;
            messages.insert(id, author, message[0], message[1]);
            conversations.messageAdded(id, message[0], message[1]);
        }
    }
}
