package hearth.projects;

import hearth.activity.History;
import hearth.customers.CustomerOption;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.orgs.Member;
import hearth.tasks.Task;
import hearth.web.Form;
import java.util.List;

/** The models of the project pages. */
public final class ProjectPages {
    private ProjectPages() {}

    public static List<Option> statusOptions() {
        return Option.of(ProjectStatus.class, ProjectStatus::label);
    }

    public record ListPage(ListQuery query, Keyset.Page<Project> page, Keyset.Count count,
                           List<Member> members, List<CustomerOption> customers) {

        public List<Option> ownerOptions() {
            return Option.noneThen("No owner", Option.of(members, Member::userId, Member::name));
        }

        public List<Option> customerOptions() {
            return Option.noneThen("No customer", Option.of(customers, CustomerOption::id, CustomerOption::name));
        }
    }

    /** {@code chosen}: the customer the form names, when it is the org's and not deleted; else null. */
    public record FormPage(Form form, Project project, List<Member> members, List<CustomerOption> customers,
                           CustomerOption chosen) {
        public boolean editing() {
            return project != null;
        }

        public List<Option> memberOptions() {
            return Option.of(members, Member::userId, Member::name);
        }

        /** The org's recent customers, and the project's own and the one the form names even when they are not among them. */
        public List<Option> customerOptions() {
            return Option.keeping(Option.of(customers, CustomerOption::id, CustomerOption::name),
                    project == null ? null : Option.ofId(project.customerId(), project.customerName()),
                    chosen == null ? null : Option.ofId(chosen.id(), chosen.name()));
        }
    }

    /** A project, the first of its tasks (in board order) and its history. */
    public record DetailPage(Project project, List<Task> tasks, History history) {
        public static final int TASKS_SHOWN = 20;

        public boolean moreTasks() {
            return project.taskCount() > tasks.size();
        }
    }
}
