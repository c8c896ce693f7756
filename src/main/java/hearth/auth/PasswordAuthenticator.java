package hearth.auth;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.UsernamePasswordCredentials;
import org.pac4j.core.credentials.authenticator.Authenticator;
import org.pac4j.core.profile.CommonProfile;

/** pac4j's form-login check against our users table. Other pac4j clients (OIDC) would produce the same profile. */
public final class PasswordAuthenticator implements Authenticator {
    private final Jdbi jdbi;

    public PasswordAuthenticator(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Credentials> validate(CallContext context, Credentials credentials) {
        if (!(credentials instanceof UsernamePasswordCredentials login)) {
            return Optional.empty();
        }
        var users = jdbi.onDemand(Users.class);
        var user = users.byEmail(login.getUsername().trim());
        if (user.isEmpty()) {
            Passwords.burnTime(login.getPassword());
            return Optional.empty();
        }
        if (!Passwords.matches(login.getPassword(), users.passwordHash(user.get().id()))) {
            return Optional.empty();
        }
        var profile = new CommonProfile();
        profile.setId(String.valueOf(user.get().id()));
        profile.addAttribute("email", user.get().email());
        profile.addAttribute("display_name", user.get().name());
        credentials.setUserProfile(profile);
        return Optional.of(credentials);
    }
}
