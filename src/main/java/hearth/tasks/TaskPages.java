package hearth.tasks;

import hearth.activity.ActivityEntry;
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

    public record FormPage(Form form, Task task, List<Member> members, List<ProjectOption> projects) {
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

        public List<Option> projectOptions() {
            var options = new ArrayList<Option>();
            projects.forEach(p -> options.add(new Option(String.valueOf(p.id()), p.name())));
            if (task != null && task.projectId() != null && projects.stream().noneMatch(p -> p.id() == task.projectId())) {
                options.add(new Option(String.valueOf(task.projectId()), task.projectName()));
            }
            return options;
        }
    }

    public record DetailPage(Task task, List<ActivityEntry> history) {}
}
