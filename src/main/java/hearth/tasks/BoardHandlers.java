package hearth.tasks;

import hearth.db.Pipeline;
import hearth.lists.Filters;
import hearth.lists.ListQuery;
import hearth.orgs.Member;
import hearth.projects.ProjectOption;
import hearth.projects.ProjectOptions;
import hearth.web.Current;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The Kanban boards: the org's tasks filtered like the list, and one project's tasks. Cards move
 * through {@link TaskHandlers#move}, by drag and drop or by each card's own form.
 */
public final class BoardHandlers {
    /** A project board is always that project's: the list's project filter does not apply to it. */
    private static final Set<String> PROJECT_BOARD_FILTERS = without(TaskSearch.FILTERS, "project", TaskSearch.PROJECT_FINDER);

    private static final Pipeline.Query<ProjectOption> PROJECT = new Pipeline.Query<>("""
            select id, name from projects
            where org_id = :orgId and id = :boardProject and deleted_at is null
            """, (rs, ctx) -> new ProjectOption(rs.getLong(1), rs.getString(2)));

    private final Jdbi jdbi;
    private final Views views;

    public BoardHandlers(Jdbi jdbi, Views views) {
        this.jdbi = jdbi;
        this.views = views;
    }

    public void org(Context ctx) {
        var org = Current.membership(ctx).org();
        var query = ListQuery.from(ctx, org.path() + "/board", TaskSearch.FILTERS, TaskSearch.SORTS);
        var members = Member.of(org.id());
        var board = jdbi.withHandle(handle -> {
            var projects = ProjectOptions.filterOptions(handle, org.id(), ProjectOptions.FILTER_LIMIT,
                    Filters.ids(query, "project"), query.value(TaskSearch.PROJECT_FINDER));
            var read = Board.read(handle, org.path(), null, query, TaskSearch.where(org.id(), query), List.of(members, projects));
            return new Board(org.path(), null, query, read.columns(), read.along().of(members),
                    read.along().of(projects));
        });
        views.page(ctx, "tasks/board.jte", "board", board);
    }

    public void project(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var query = ListQuery.from(ctx, org.path() + "/projects/" + id + "/board", PROJECT_BOARD_FILTERS,
                TaskSearch.SORTS);
        var members = Member.of(org.id());
        var project = new Pipeline.Bound<>(PROJECT, Map.of("orgId", org.id(), "boardProject", id));
        var board = jdbi.withHandle(handle -> {
            // The project is looked up inside the org, with the members after the columns: another org's
            // project id has no tasks here, and is a 404, never its name or its tasks.
            var filter = TaskSearch.where(org.id(), query).and("t.project_id = :boardProject", "boardProject", id);
            var read = Board.read(handle, org.path(), id, query, filter, List.of(members, project));
            var found = read.along().of(PROJECT).stream().findFirst().orElseThrow(NotFoundResponse::new);
            return new Board(org.path(), found, query, read.columns(), read.along().of(members), List.of());
        });
        views.page(ctx, "tasks/board.jte", "board", board);
    }

    /**
     * A card's "Move…" without script: the status select on a page of its own, which posts to
     * {@link TaskHandlers#move} and returns to the board it came from.
     */
    public void movePage(Context ctx) {
        var org = Current.membership(ctx).org();
        var id = ctx.pathParamAsClass("id", Long.class).get();
        var task = jdbi.withHandle(handle -> Task.find(handle, org.id(), id))
                .orElseThrow(NotFoundResponse::new);
        var back = Current.safeNext(ctx.queryParam("back"));
        views.page(ctx, "tasks/move.jte", "page", new MovePage(task, back != null ? back : org.path() + "/board"));
    }

    public record MovePage(Task task, String back) {}

    private static Set<String> without(Set<String> names, String... removed) {
        var copy = new HashSet<>(names);
        copy.removeAll(List.of(removed));
        return Set.copyOf(copy);
    }
}
