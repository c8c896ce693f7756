package hearth.projects;

import hearth.activity.ActivityEntry;
import hearth.customers.CustomerOption;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.orgs.Member;
import hearth.tasks.Task;
import hearth.web.Form;
import java.util.ArrayList;
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

    public record FormPage(Form form, Project project, List<Member> members, List<CustomerOption> customers) {
        public boolean editing() {
            return project != null;
        }

        public List<Option> memberOptions() {
            return Option.of(members, Member::userId, Member::name);
        }

        /** The org's customers, and the project's own even when it is not among the recent ones offered. */
        public List<Option> customerOptions() {
            var options = new ArrayList<>(Option.of(customers, CustomerOption::id, CustomerOption::name));
            if (project != null && project.customerId() != null
                    && customers.stream().noneMatch(c -> c.id() == project.customerId())) {
                options.add(new Option(String.valueOf(project.customerId()), project.customerName()));
            }
            return options;
        }
    }

    /** A project, the first of its tasks (in board order) and its history. */
    public record DetailPage(Project project, List<Task> tasks, List<ActivityEntry> history) {
        public static final int TASKS_SHOWN = 20;

        public boolean moreTasks() {
            return project.taskCount() > tasks.size();
        }
    }
}
