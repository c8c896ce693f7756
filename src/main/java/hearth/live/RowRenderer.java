package hearth.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import hearth.web.Views;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    public RowRenderer(Views views, String template, String param, String domPrefix, Loader<T> loader, ToLongFunction<T> idOf) {
        this.views = views;
        this.template = template;
        this.param = param;
        this.domPrefix = domPrefix;
        this.loader = loader;
        this.idOf = idOf;
    }

    @Override
    public Map<Long, String> render(Handle handle, List<Event> events) {
        var html = new HashMap<Long, String>();
        var orgPaths = new HashMap<Long, String>();
        for (var event : events) {
            var ids = ids(event.payload());
            if (ids.length == 0 || event.orgId() == null) {
                continue;
            }
            var orgPath = orgPaths.computeIfAbsent(event.orgId(), org -> handle
                    .createQuery("select '/o/' || slug from organizations where id = :id")
                    .bind("id", org).mapTo(String.class).findOne().orElse(null));
            if (orgPath == null) {
                continue;
            }
            var out = new StringBuilder();
            var gone = new LinkedHashSet<Long>(List.of(ids));
            for (var row : loader.load(handle, event.orgId(), ids)) {
                gone.remove(idOf.applyAsLong(row));
                out.append(views.render(template, Map.of(param, row, "orgPath", orgPath))).append('\n');
            }
            if (!gone.isEmpty()) {
                out.append("<template data-live-remove=\"");
                gone.forEach(id -> out.append(domPrefix).append('-').append(id).append(' '));
                out.setLength(out.length() - 1);
                out.append("\"></template>");
            }
            html.put(event.id(), out.toString());
        }
        return html;
    }

    static Long[] ids(String payload) {
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
