package hearth.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error pages in the layout. An htmx request that replaced part of a page gets a toast instead
 * (retargeted to the toast region), so a failure never swaps an error page into a table cell.
 */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    public record Problem(int status, String title, String message) {}

    private final Views views;

    public Errors(Views views) {
        this.views = views;
    }

    public void httpError(HttpResponseException e, Context ctx) {
        var status = e.getStatus();
        var message = e.getMessage();
        if (message == null || message.isBlank() || message.equals(HttpStatus.forStatus(status).getMessage())) {
            message = defaultMessage(status);
        }
        show(ctx, new Problem(status, title(status), message));
    }

    public void unexpected(Exception e, Context ctx) {
        log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
        show(ctx, new Problem(500, title(500), defaultMessage(500)));
    }

    /** For requests that matched no route at all. */
    public void notFound(Context ctx) {
        if (ctx.result() == null || ctx.result().isEmpty()) {
            show(ctx, new Problem(404, title(404), defaultMessage(404)));
        }
    }

    private void show(Context ctx, Problem problem) {
        ctx.status(problem.status());
        if (Current.isFragmentRequest(ctx)) {
            ctx.header("HX-Retarget", "#toasts");
            ctx.header("HX-Reswap", "beforeend");
            ctx.html(views.render("components/toast.jte",
                    java.util.Map.of("kind", "error", "message", problem.message())));
            return;
        }
        try {
            views.page(ctx, "errors/error.jte", "problem", problem);
        } catch (RuntimeException renderFailure) {
            log.error("Could not render the error page", renderFailure);
            ctx.contentType("text/plain; charset=utf-8").result(problem.title() + ": " + problem.message());
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "That request did not make sense";
            case 401 -> "Please log in";
            case 403 -> "Not allowed";
            case 404 -> "Page not found";
            case 413 -> "Too large";
            case 429 -> "Slow down";
            default -> status >= 500 ? "Something went wrong" : "Request refused";
        };
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 401 -> "Log in to continue.";
            case 403 -> "You do not have permission to do that.";
            case 404 -> "There is nothing here, or you do not have access to it.";
            case 413 -> "The request was larger than Hearth accepts.";
            default -> status >= 500 ? "Hearth ran into an unexpected problem. It has been logged; please try again."
                    : "Hearth could not accept that request.";
        };
    }
}
