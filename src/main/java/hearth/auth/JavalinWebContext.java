package hearth.auth;

import io.javalin.http.Context;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;

/** pac4j's view of a Javalin request, so pac4j clients and authenticators can run inside our handlers. */
public final class JavalinWebContext implements WebContext {
    private final Context ctx;

    public JavalinWebContext(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Optional<String> getRequestParameter(String name) {
        var value = ctx.queryParam(name);
        return Optional.ofNullable(value != null ? value : ctx.formParam(name));
    }

    @Override
    public Map<String, String[]> getRequestParameters() {
        var parameters = new HashMap<String, String[]>();
        ctx.formParamMap().forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        ctx.queryParamMap().forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        return parameters;
    }

    @Override
    public Optional<Object> getRequestAttribute(String name) {
        return Optional.ofNullable(ctx.attribute(name));
    }

    @Override
    public void setRequestAttribute(String name, Object value) {
        ctx.attribute(name, value);
    }

    @Override
    public Optional<String> getRequestHeader(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    @Override
    public String getRequestMethod() {
        return ctx.method().name();
    }

    @Override
    public String getRemoteAddr() {
        return ctx.ip();
    }

    @Override
    public void setResponseHeader(String name, String value) {
        ctx.header(name, value);
    }

    @Override
    public Optional<String> getResponseHeader(String name) {
        return Optional.ofNullable(ctx.res().getHeader(name));
    }

    @Override
    public void setResponseContentType(String contentType) {
        ctx.contentType(contentType);
    }

    @Override
    public String getServerName() {
        return ctx.req().getServerName();
    }

    @Override
    public int getServerPort() {
        return ctx.req().getServerPort();
    }

    @Override
    public String getScheme() {
        return ctx.scheme();
    }

    @Override
    public boolean isSecure() {
        return "https".equals(ctx.scheme());
    }

    @Override
    public String getFullRequestURL() {
        return ctx.fullUrl();
    }

    @Override
    public Collection<Cookie> getRequestCookies() {
        return ctx.cookieMap().entrySet().stream().map(e -> new Cookie(e.getKey(), e.getValue())).toList();
    }

    @Override
    public void addResponseCookie(Cookie cookie) {
        var header = new StringBuilder(cookie.getName()).append('=').append(cookie.getValue())
                .append("; Path=").append(cookie.getPath() == null ? "/" : cookie.getPath());
        if (cookie.getMaxAge() >= 0) {
            header.append("; Max-Age=").append(cookie.getMaxAge());
        }
        if (cookie.isHttpOnly()) {
            header.append("; HttpOnly");
        }
        if (cookie.isSecure()) {
            header.append("; Secure");
        }
        header.append("; SameSite=").append(cookie.getSameSitePolicy() == null ? "Lax" : cookie.getSameSitePolicy());
        ctx.res().addHeader("Set-Cookie", header.toString());
    }

    @Override
    public String getPath() {
        return ctx.path();
    }
}
