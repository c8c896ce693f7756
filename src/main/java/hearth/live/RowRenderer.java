package hearth.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import hearth.web.Views;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;

/**
 * Renders "rows changed" events of one kind of record ({@code {"ids":[…]}}) with the row partial
 * the list page uses. A row that is gone (deleted, or moved to another org) becomes a removal,
 * so the one event type serves create, edit, delete and undo alike.
 */
public final class RowRenderer<T> implements EventRenderer {
    public interface Loader<T> {
        List<T> load(Handle handle, long orgId, Long[] ids);
    }

    private static final ObjectMapper json = new ObjectMapper();

    private final Views views;
    private final String template;
    private final String param;
    private final String domPrefix;
    private final Loader<T> loader;
    private final ToLongFunction<T> idOf;
    private final Map<Long, String> orgPaths = new ConcurrentHashMap<>();

    public RowRenderer(Views views, String template, String param, String domPrefix, Loader<T> loader, ToLongFunction<T> idOf) {
        this.views = views;
        this.template = template;
        this.param = param;
        this.domPrefix = domPrefix;
        this.loader = loader;
        this.idOf = idOf;
    }

    /** Loads the rows of a whole batch with one query per org and renders each row once, however many events name it. */
    @Override
    public Map<Long, String> render(Handle handle, List<Event> events) {
        var idsByEvent = new HashMap<Long, Long[]>();
        var idsByOrg = new HashMap<Long, Set<Long>>();
        for (var event : events) {
            if (event.orgId() != null) {
                var ids = ids(event.payload());
                idsByEvent.put(event.id(), ids);
                idsByOrg.computeIfAbsent(event.orgId(), org -> new LinkedHashSet<>()).addAll(List.of(ids));
            }
        }
        var rowsByOrg = new HashMap<Long, Map<Long, String>>();
        idsByOrg.forEach((org, ids) -> {
            var orgPath = orgPath(handle, org);
            var rows = new HashMap<Long, String>();
            if (orgPath != null && !ids.isEmpty()) {
                for (var row : loader.load(handle, org, ids.toArray(Long[]::new))) {
                    rows.put(idOf.applyAsLong(row), views.render(template, Map.of(param, row, "orgPath", orgPath)));
                }
            }
            rowsByOrg.put(org, orgPath == null ? null : rows);
        });
        var html = new HashMap<Long, String>();
        for (var event : events) {
            var ids = idsByEvent.get(event.id());
            var rows = ids == null ? null : rowsByOrg.get(event.orgId());
            if (rows == null || ids.length == 0) {
                continue;
            }
            var out = new StringBuilder();
            var gone = new StringBuilder();
            for (var id : ids) {
                var row = rows.get(id);
                if (row != null) {
                    out.append(row).append('\n');
                } else {
                    gone.append(gone.length() == 0 ? "" : " ").append(domPrefix).append('-').append(id);
                }
            }
            if (gone.length() > 0) {
                out.append("<template data-live-remove=\"").append(gone).append("\"></template>");
            }
            html.put(event.id(), out.toString());
        }
        return html;
    }

    /**
     * The org's URL prefix. A slug never changes once the org exists, so a found one is remembered: every
     * live row event would otherwise spend a round trip on it before its rows could go out.
     */
    private String orgPath(Handle handle, long orgId) {
        var path = orgPaths.get(orgId);
        if (path == null) {
            path = handle.createQuery("select '/o/' || slug from organizations where id = :id")
                    .bind("id", orgId).mapTo(String.class).findOne().orElse(null);
            if (path != null) {
                orgPaths.put(orgId, path);
            }
        }
        return path;
    }

    public static Long[] ids(String payload) {
        try {
            var node = json.readTree(payload).path("ids");
            var ids = new Long[node.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = node.get(i).asLong();
            }
            return ids;
        } catch (Exception e) {
            return new Long[0];
        }
    }
}
