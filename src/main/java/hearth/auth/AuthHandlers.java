package hearth.auth;

import hearth.web.Current;
import hearth.web.Form;
import hearth.web.Views;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.UsernamePasswordCredentials;
import org.postgresql.util.PSQLException;

/** Sign up, log in, log out and change password. */
public final class AuthHandlers {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;
    private final Views views;
    private final SessionManager sessions;
    private final LoginThrottle throttle;
    private final PasswordAuthenticator authenticator;

    public AuthHandlers(Jdbi jdbi, Views views, SessionManager sessions, LoginThrottle throttle,
                        PasswordAuthenticator authenticator) {
        this.jdbi = jdbi;
        this.views = views;
        this.sessions = sessions;
        this.throttle = throttle;
        this.authenticator = authenticator;
    }

    public void signupPage(Context ctx) {
        if (Current.userOrNull(ctx) != null) {
            ctx.redirect(nextOr(ctx.queryParam("next"), "/"), HttpStatus.SEE_OTHER);
            return;
        }
        var form = Form.empty().with("email", ctx.queryParam("email")).with("next", ctx.queryParam("next"));
        views.page(ctx, "auth/signup.jte", "form", form);
    }

    public void signup(Context ctx) {
        var form = Form.from(ctx, "name", "email", "password", "next")
                .requireText("name", "Name", 100)
                .requireEmail("email");
        var passwordProblem = Passwords.problem(form.value("password"));
        if (passwordProblem != null) {
            form.reject("password", passwordProblem);
        }
        if (!form.valid()) {
            rerender(ctx, "auth/signup.jte", form);
            return;
        }
        var hash = Passwords.hash(form.value("password"));
        User user;
        try {
            user = jdbi.inTransaction(handle -> {
                var users = handle.attach(Users.class);
                users.lockFirstAccountDecision();
                // The first account of a fresh instance runs it: it becomes the platform admin.
                var role = users.noneYet() ? PlatformRole.PLATFORM_ADMIN : PlatformRole.USER;
                return users.insert(form.trimmed("email"), form.trimmed("name"), hash, role);
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof PSQLException psql && UNIQUE_VIOLATION.equals(psql.getSQLState())) {
                form.reject("email", "An account with this email already exists. Log in instead.");
                rerender(ctx, "auth/signup.jte", form);
                return;
            }
            throw e;
        }
        sessions.login(ctx, user.id(), null);
        sessions.flash(ctx, "Welcome to Hearth, " + user.name() + ".");
        ctx.redirect(nextOr(form.value("next"), "/"), HttpStatus.SEE_OTHER);
    }

    public void loginPage(Context ctx) {
        if (Current.userOrNull(ctx) != null) {
            ctx.redirect(nextOr(ctx.queryParam("next"), "/"), HttpStatus.SEE_OTHER);
            return;
        }
        views.page(ctx, "auth/login.jte", "form", Form.empty().with("next", ctx.queryParam("next")));
    }

    public void login(Context ctx) {
        var form = Form.from(ctx, "email", "password", "next");
        var email = form.trimmed("email");
        var attempt = throttle.attempt(ctx.ip(), email);
        var blocked = attempt.blockedFor();
        if (blocked.isPresent()) {
            form.problem(tooManyAttempts(ctx, blocked.get()));
            views.page(ctx, "auth/login.jte", "form", form.with("password", ""));
            return;
        }
        var credentials = new UsernamePasswordCredentials(email, form.value("password"));
        var valid = !email.isEmpty() && authenticator
                .validate(new CallContext(new JavalinWebContext(ctx), null), credentials).isPresent();
        if (!valid) {
            form.problem("That email and password do not match an account.");
            rerender(ctx, "auth/login.jte", form.with("password", ""));
            return;
        }
        throttle.succeeded(attempt);
        var userId = Long.parseLong(credentials.getUserProfile().getId());
        sessions.login(ctx, userId, null);
        ctx.redirect(nextOr(form.value("next"), "/"), HttpStatus.SEE_OTHER);
    }

    /** Answers 429 with when to try again, and says so in words for the form. */
    private static String tooManyAttempts(Context ctx, Duration wait) {
        ctx.status(HttpStatus.TOO_MANY_REQUESTS);
        ctx.header("Retry-After", String.valueOf(wait.toSeconds() + 1));
        var minutes = LoginThrottle.minutesToWait(wait);
        return "Too many failed attempts. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    public void logout(Context ctx) {
        sessions.logout(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    public void passwordPage(Context ctx) {
        views.page(ctx, "auth/password.jte", "form", Form.empty());
    }

    public void changePassword(Context ctx) {
        var user = Current.user(ctx);
        var form = Form.from(ctx, "current", "password");
        var users = jdbi.onDemand(Users.class);
        // Whoever holds a stolen session must not get unlimited guesses at the password either: the
        // check counts against the same limits as logging in.
        var attempt = throttle.attempt(ctx.ip(), user.email());
        if (attempt.blockedFor().isPresent()) {
            form.reject("current", tooManyAttempts(ctx, attempt.blockedFor().get()));
            views.page(ctx, "auth/password.jte", "form", form.with("current", "").with("password", ""));
            return;
        }
        if (Passwords.matches(form.value("current"), users.passwordHash(user.id()))) {
            throttle.succeeded(attempt);
        } else {
            form.reject("current", "That is not your current password.");
        }
        var problem = Passwords.problem(form.value("password"));
        if (problem != null) {
            form.reject("password", problem);
        }
        if (!form.valid()) {
            rerender(ctx, "auth/password.jte", form.with("current", "").with("password", ""));
            return;
        }
        users.updatePassword(user.id(), Passwords.hash(form.value("password")));
        // A changed password should lock out whoever may have known the old one.
        sessions.endOtherSessions(ctx, user.id());
        sessions.flash(ctx, "Your password was changed. Other sessions were signed out.");
        ctx.redirect("/account/password", HttpStatus.SEE_OTHER);
    }

    private void rerender(Context ctx, String template, Form form) {
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        views.page(ctx, template, "form", form);
    }

    private static String nextOr(String next, String fallback) {
        var safe = Current.safeNext(next);
        return safe == null ? fallback : safe;
    }
}
