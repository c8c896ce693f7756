package hearth.tasks;

import hearth.db.Pipeline;
import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.lists.Where;
import hearth.orgs.Member;
import hearth.projects.ProjectOption;
import hearth.web.Format;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A Kanban board: the tasks of a filter (the org's, or one project's) in one column per status, each
 * column in board order. A column shows at most {@link #CARDS_PER_COLUMN} cards and links to the list
 * for the rest, so a board over a million tasks renders a thousand cards, not a million.
 *
 * @param project the project whose board this is, or null for the org-wide board
 * @param query   the filters from the URL, the same the task list reads
 */
public record Board(String orgPath, ProjectOption project, ListQuery query, List<Column> columns,
                    List<Member> members, List<ProjectOption> projects) {

    public static final int CARDS_PER_COLUMN = 200;

    /**
     * {@link Tasks#SELECT} without the description, which a card does not show: up to 10,000 characters
     * times a thousand cards is not worth reading.
     */
    private static final String SELECT = """
            select t.id, t.org_id, t.project_id, p.name as project_name, t.title, '' as description, t.status,
                   t.priority, t.assignee_id, a.name as assignee_name, t.due_date, t.position, t.created_by,
                   null as created_by_name, t.created_at, t.updated_at
            from tasks t
            left join projects p on p.id = t.project_id
            left join users a on a.id = t.assignee_id
            """;

    /** Counting a column exactly stops here; above it the count is the planner's estimate. */
    private static final int EXACT_COUNT_LIMIT = 1000;

    /**
     * One status's cards in board order, how many tasks the column holds in all, and where the list of
     * exactly those tasks is.
     */
    public record Column(TaskStatus status, List<Task> cards, Keyset.Count count, String listUrl) {
        public boolean truncated() {
            return count.value() > cards.size();
        }

        /** "12" or "about 9,800": the tasks of this column the board does not show. */
        public String hiddenCount() {
            var hidden = Format.number(count.value() - cards.size());
            return count.exact() ? hidden : "about " + hidden;
        }
    }

    /** A board's columns, and the rows of whatever else its page shows. */
    public record Read(List<Column> columns, Pipeline.Results along) {}

    /**
     * Reads a board in two round trips: every column's cards, then the counts of the columns that hold
     * more than they show with {@code along}, whatever else the page shows (members, project options).
     * Column by column it was two round trips per column. {@code filter} is the list's WHERE clause for
     * this board (already scoped to the org, and to the project on a project board); each column adds
     * its status to it.
     */
    public static Read read(Handle handle, String orgPath, Long projectId, ListQuery query, Where filter,
                            List<Pipeline.Bound<?>> along) {
        var statuses = shownStatuses(query);
        var wheres = new ArrayList<Where>();
        var cards = new ArrayList<Pipeline.Bound<Task>>();
        for (var status : statuses) {
            // status_rank is the generated rank of status (V004: TODO = 1 ... CANCELLED = 5, the enum's order) and
            // what tasks_board_idx and tasks_project_idx order by. Naming status as well would be redundant and
            // make the planner square its selectivity, so a large column's estimated count came out 5x too low.
            var rank = "columnRank" + status.ordinal();
            var where = filter.copy().and("t.status_rank = :" + rank, rank, (short) (status.ordinal() + 1));
            var bindings = new HashMap<String, Object>(where.bindings());
            bindings.put("cardLimit", CARDS_PER_COLUMN + 1);
            wheres.add(where);
            cards.add(new Pipeline.Bound<>(new Pipeline.Query<>(SELECT + " where " + where.sql()
                    + " order by t.position, t.id limit :cardLimit", Task.BY_POSITION), bindings));
        }
        var read = Pipeline.run(handle, new ArrayList<Pipeline.Bound<?>>(cards), Where.PLANNED_FOR_ITS_VALUES);
        var shown = new ArrayList<List<Task>>();
        var countings = new ArrayList<Keyset.Counting>();
        var rest = new ArrayList<Pipeline.Bound<?>>();
        for (int i = 0; i < statuses.size(); i++) {
            var rows = read.of(cards.get(i));
            var counting = rows.size() <= CARDS_PER_COLUMN ? Keyset.counted(new Keyset.Count(rows.size(), true))
                    : Keyset.counting(handle, TaskSearch.FROM, wheres.get(i), EXACT_COUNT_LIMIT);
            shown.add(rows.size() <= CARDS_PER_COLUMN ? rows : rows.subList(0, CARDS_PER_COLUMN));
            countings.add(counting);
            rest.addAll(counting.bound());
        }
        // A count that is not kept is planned for its values, and then so is the rest, once in a while.
        var counted = !rest.isEmpty();
        rest.addAll(along);
        var readToo = Pipeline.run(handle, rest, counted ? Where.PLANNED_FOR_ITS_VALUES : null);
        var columns = new ArrayList<Column>();
        for (int i = 0; i < statuses.size(); i++) {
            columns.add(new Column(statuses.get(i), shown.get(i), countings.get(i).count(handle, readToo),
                    listUrl(orgPath, projectId, query, statuses.get(i))));
        }
        return new Read(columns, readToo);
    }

    /** The status filter chooses the columns; without one every status gets a column. */
    private static List<TaskStatus> shownStatuses(ListQuery query) {
        var chosen = List.of(Filters.enumNames(query, "status", TaskStatus.class));
        if (chosen.isEmpty()) {
            return List.of(TaskStatus.values());
        }
        return Arrays.stream(TaskStatus.values()).filter(status -> chosen.contains(status.name())).toList();
    }

    /** The task list filtered like the board, narrowed to one column's status. */
    private static String listUrl(String orgPath, Long projectId, ListQuery query, TaskStatus status) {
        var params = new LinkedHashMap<>(query.filterParams());
        params.put("status", List.of(status.name()));
        if (projectId != null) {
            params.put("project", List.of(String.valueOf(projectId)));
        }
        return orgPath + "/tasks" + queryString(params);
    }

    private static String queryString(Map<String, List<String>> params) {
        var parts = new ArrayList<String>();
        params.forEach((name, values) -> values.forEach(value ->
                parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    // ---- what the page links to and shows

    public String title() {
        return project == null ? "Board" : project.name();
    }

    /** This board with its filters: where the move forms send the browser back to. */
    public String url() {
        return query.basePath() + query.filterQueryString();
    }

    /** The task list with the same filters (and the project, on a project board). */
    public String listUrl() {
        var params = new LinkedHashMap<>(query.filterParams());
        if (project != null) {
            params.put("project", List.of(String.valueOf(project.id())));
        }
        return orgPath + "/tasks" + queryString(params);
    }

    /** Where a card is after a move: this board, scrolled to the card. */
    public String backTo(Task task) {
        return url() + "#card-" + task.id();
    }

    /** The page with a card's status select, for browsers without script (with script it opens in place). */
    public String movePageUrl(Task task) {
        return orgPath + "/tasks/" + task.id() + "/move?back=" + URLEncoder.encode(backTo(task), StandardCharsets.UTF_8);
    }

    public String newTaskUrl() {
        return orgPath + "/tasks/new" + (project == null ? "" : "?project=" + project.id());
    }

    public boolean showsProjects() {
        return project == null;
    }

    public boolean empty() {
        return columns.stream().allMatch(column -> column.count().value() == 0);
    }

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
