package hearth.tasks;

import hearth.activity.History;
import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.orgs.Member;
import hearth.projects.ProjectOption;
import hearth.web.Form;
import java.util.ArrayList;
import java.util.List;

/** The models of the task pages. */
public final class TaskPages {
    private TaskPages() {}

    public record ListPage(ListQuery query, Keyset.Page<Task> page, Keyset.Count count,
                           List<Member> members, List<ProjectOption> projects) {

        public List<Option> statusOptions() {
            return Option.of(TaskStatus.class, TaskStatus::label);
        }

        public List<Option> priorityOptions() {
            return Option.of(Priority.class, Priority::label);
        }

        public List<Option> assigneeOptions() {
            var options = new ArrayList<Option>();
            options.add(new Option(Filters.NONE, "Unassigned"));
            members.forEach(m -> options.add(new Option(String.valueOf(m.userId()), m.name())));
            return options;
        }

        public List<Option> projectOptions() {
            var options = new ArrayList<Option>();
            options.add(new Option(Filters.NONE, "No project"));
            projects.forEach(p -> options.add(new Option(String.valueOf(p.id()), p.name())));
            return options;
        }
    }

    /** {@code chosen}: the project the form names, when it is the org's and not deleted; else null. */
    public record FormPage(Form form, Task task, List<Member> members, List<ProjectOption> projects, ProjectOption chosen) {
        public boolean editing() {
            return task != null;
        }

        public List<Option> statusOptions() {
            return Option.of(TaskStatus.class, TaskStatus::label);
        }

        public List<Option> priorityOptions() {
            return Option.of(Priority.class, Priority::label);
        }

        public List<Option> memberOptions() {
            return members.stream().map(m -> new Option(String.valueOf(m.userId()), m.name())).toList();
        }

        /** The org's recent projects, and the task's own and the one the form names even when they are not among them. */
        public List<Option> projectOptions() {
            return Option.keeping(Option.of(projects, ProjectOption::id, ProjectOption::name),
                    task == null ? null : Option.ofId(task.projectId(), task.projectName()),
                    chosen == null ? null : Option.ofId(chosen.id(), chosen.name()));
        }
    }

    public record DetailPage(Task task, History history) {}
}
