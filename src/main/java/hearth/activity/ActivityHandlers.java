package hearth.activity;

import hearth.orgs.Member;
import hearth.lists.Filters;
import hearth.lists.Keyset;
import hearth.lists.ListQuery;
import hearth.lists.Option;
import hearth.lists.SortKey;
import hearth.lists.Where;
import hearth.web.Current;
import hearth.web.Views;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The org's activity log, for owners and admins: who changed what, filterable, newest first. */
public final class ActivityHandlers {
    static final Set<String> FILTERS = Set.of("actor", "entity", "action", "created_from", "created_to");
    static final List<SortKey> SORTS = List.of(new SortKey("newest", "Newest", "e.id", "bigint", true));
    static final List<String> ENTITY_TYPES = List.of("task", "project", "customer");
    static final List<String> ACTIONS = List.of("created", "updated", "deleted", "moved", "bulk", "bulk update",
            "undo", "exported");

    public record ActivityPage(ListQuery query, Keyset.Page<ActivityEntry> page, List<Option> actors,
                               List<Option> entities, List<Option> actions) {}

    private final Jdbi jdbi;
    private final Views views;

    public ActivityHandlers(Jdbi jdbi, Views views) {
        this.jdbi = jdbi;
        this.views = views;
    }

    public void list(Context ctx) {
        var org = Current.membership(ctx).org();
        var query = ListQuery.from(ctx, org.path() + "/activity", FILTERS, SORTS);
        var where = new Where().and("e.org_id = :orgId", "orgId", org.id());
        Filters.idFilter(where, query, "actor", "e.actor_id");
        var entities = query.values("entity").stream().filter(ENTITY_TYPES::contains).toArray(String[]::new);
        if (entities.length > 0) {
            where.and("e.entity_type = any(:entities)", "entities", entities);
        }
        var actions = query.values("action").stream().filter(ACTIONS::contains).toArray(String[]::new);
        if (actions.length > 0) {
            where.and("e.action = any(:actions)", "actions", actions);
        }
        Filters.dateRange(where, query, "created_from", "created_to", "e.created_at");
        var page = jdbi.withHandle(handle -> Keyset.page(handle, Activities.SELECT, "e.id", where, query.sort(),
                true, query.after(), query.before(), query.size(), ConstructorMapper.of(ActivityEntry.class)));
        var actors = new ArrayList<Option>();
        jdbi.withHandle(handle -> Member.of(handle, org.id()))
                .forEach(m -> actors.add(new Option(String.valueOf(m.userId()), m.name())));
        views.page(ctx, "activity/list.jte", "page", new ActivityPage(query, page, actors,
                ENTITY_TYPES.stream().map(type -> new Option(type, capitalize(type) + "s")).toList(),
                ACTIONS.stream().map(action -> new Option(action, capitalize(action))).toList()));
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
