package hearth.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/** Registers routes with Javalin and remembers them, so tests can walk every route (CSRF, anonymous access). */
public final class RouteTable {
    public record Route(HandlerType method, String path, Access access) {
        public boolean changesState() {
            return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
        }
    }

    private final RoutesConfig routes;
    private final List<Route> all = new ArrayList<>();

    public RouteTable(RoutesConfig routes) {
        this.routes = routes;
    }

    public RouteTable get(String path, Access access, Handler handler) {
        all.add(new Route(HandlerType.GET, path, access));
        routes.get(path, handler, access);
        return this;
    }

    public RouteTable post(String path, Access access, Handler handler) {
        all.add(new Route(HandlerType.POST, path, access));
        routes.post(path, handler, access);
        return this;
    }

    public List<Route> all() {
        return List.copyOf(all);
    }
}
