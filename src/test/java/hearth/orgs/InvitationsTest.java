package hearth.orgs;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbFault;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Invite;
import hearth.testing.TestApp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InvitationsTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Acme acme;
    Invite invite;

    @BeforeEach
    void inviteCarol() {
        acme = Fixtures.acme(app);
        invite = Fixtures.invite(app, acme.ann(), acme.org(), "carol@acme.test", "MEMBER");
    }

    @Test
    void theInviterIsShownAnAbsoluteLinkAndTheInvitationIsListed() {
        assertTrue(invite.link().startsWith(app.baseUrl() + "/invitations/"), invite.link());
        var members = acme.ann().session().get("/o/acme/members");
        assertTrue(members.text().contains("carol@acme.test"), members.describe());
    }

    @Test
    void anInviteeWhoSignsUpWithTheInvitedEmailJoins() {
        var visitor = app.newSession();
        var landing = visitor.get(invite.link());
        assertEquals(200, landing.status(), landing.describe());
        assertTrue(landing.text().contains("Acme"), landing.describe());

        visitor.get("/signup?next=" + invite.path() + "&email=carol@acme.test");
        var signup = visitor.post("/signup", form("name", "Carol New", "email", "carol@acme.test",
                "password", Fixtures.PASSWORD, "next", invite.path()));
        assertEquals(invite.path(), signup.location(), "After signing up the invitee is back at the invitation");
        visitor.follow(signup);
        var accepted = visitor.post(invite.path() + "/acceptance", Map.of());

        assertEquals(303, accepted.status(), accepted.describe());
        assertEquals("/o/acme", accepted.location());
        var carol = Fixtures.userId(app, "carol@acme.test");
        assertEquals("MEMBER", app.queryOne(String.class,
                "select role from memberships where org_id = ? and user_id = ?", acme.org().id(), carol));
        assertNotNull(app.queryOne(Instant.class, "select accepted_at from invitations where id = ?", invite.id()));
        assertEquals(200, visitor.get("/o/acme").status());
    }

    @Test
    void theInvitedRoleIsTheRoleGiven() {
        var adminInvite = Fixtures.invite(app, acme.ann(), acme.org(), "dan@acme.test", "ADMIN");
        var dan = Fixtures.signUp(app, "Dan Admin", "dan@acme.test");

        Fixtures.accept(dan, adminInvite);

        assertEquals("ADMIN", Fixtures.orgRole(app, acme.org(), dan));
    }

    @Test
    void someoneLoggedInWithAnotherEmailCannotAccept() {
        var mallory = Fixtures.signUp(app, "Mallory", "mallory@evil.test");

        var response = mallory.session().post(invite.path() + "/acceptance", Map.of());

        assertEquals(303, response.status(), response.describe());
        assertEquals(invite.path(), response.location());
        assertTrue(mallory.session().follow(response).text().contains("This invitation is for carol@acme.test"));
        assertNull(Fixtures.orgRole(app, acme.org(), mallory));
        assertEquals(404, mallory.session().get("/o/acme").status());
        assertNull(app.queryOne(Instant.class, "select accepted_at from invitations where id = ?", invite.id()),
                "The invitation is still open for Carol");
        Fixtures.accept(Fixtures.signUp(app, "Carol New", "carol@acme.test"), invite);
    }

    @Test
    void anExpiredInvitationCannotBeAccepted() {
        app.update("update invitations set expires_at = now() - interval '1 minute' where id = ?", invite.id());
        var carol = Fixtures.signUp(app, "Carol New", "carol@acme.test");

        var response = carol.session().post(invite.path() + "/acceptance", Map.of());

        assertEquals(invite.path(), response.location(), response.describe());
        assertTrue(carol.session().follow(response).text().contains("This invitation was already expired."));
        assertNull(Fixtures.orgRole(app, acme.org(), carol));
    }

    @Test
    void aRevokedInvitationCannotBeAccepted() {
        var revoked = acme.ann().session().post("/o/acme/invitations/" + invite.id() + "/revocation", Map.of());
        assertEquals(303, revoked.status(), revoked.describe());
        assertEquals("/o/acme/members", revoked.location());
        assertNotNull(app.queryOne(Instant.class, "select revoked_at from invitations where id = ?", invite.id()));
        var carol = Fixtures.signUp(app, "Carol New", "carol@acme.test");

        var response = carol.session().post(invite.path() + "/acceptance", Map.of());

        assertTrue(carol.session().follow(response).text().contains("This invitation was already revoked."));
        assertNull(Fixtures.orgRole(app, acme.org(), carol));
    }

    @Test
    void renewingGivesANewLinkAndTheOldOneStopsWorking() {
        app.update("update invitations set expires_at = now() - interval '1 minute' where id = ?", invite.id());

        var response = acme.ann().session().post("/o/acme/invitations/" + invite.id() + "/renewal", Map.of());

        assertEquals(201, response.status(), response.describe());
        var renewed = Fixtures.inviteFrom(app, response, invite.email());
        assertEquals(invite.id(), renewed.id());
        assertNotEquals(invite.token(), renewed.token());
        assertEquals(404, app.newSession().get(invite.link()).status(), "The old link is dead");
        var carol = Fixtures.signUp(app, "Carol New", "carol@acme.test");
        assertEquals(404, carol.session().post(invite.path() + "/acceptance", Map.of()).status());
        assertEquals(200, app.newSession().get(renewed.link()).status());
        Fixtures.accept(carol, renewed);
        assertEquals("MEMBER", Fixtures.orgRole(app, acme.org(), carol));
    }

    @Test
    void anInvitationIsAcceptedOnlyOnce() {
        var carol = Fixtures.signUp(app, "Carol New", "carol@acme.test");
        Fixtures.accept(carol, invite);

        var again = carol.session().post(invite.path() + "/acceptance", Map.of());

        assertEquals(invite.path(), again.location(), again.describe());
        assertTrue(carol.session().follow(again).text().contains("This invitation was already accepted."));
        assertEquals(1, app.queryOne(Long.class, "select count(*) from memberships where user_id = ?", carol.id()));
    }

    @Test
    void revokingAnAcceptedInvitationChangesNothing() {
        var carol = Fixtures.signUp(app, "Carol New", "carol@acme.test");
        Fixtures.accept(carol, invite);

        acme.ann().session().post("/o/acme/invitations/" + invite.id() + "/revocation", Map.of());

        assertEquals("MEMBER", Fixtures.orgRole(app, acme.org(), carol));
        assertNull(app.queryOne(Instant.class, "select revoked_at from invitations where id = ?", invite.id()));
    }

    @Test
    void anAcceptanceThatFailsHalfWayAddsNoMember() {
        var carol = Fixtures.signUp(app, "Carol New", "carol@acme.test");

        try (var fault = DbFault.failOn(app, "update", "invitations")) {
            var response = carol.session().post(invite.path() + "/acceptance", Map.of());
            assertEquals(500, response.status(), response.describe());
        }

        assertNull(Fixtures.orgRole(app, acme.org(), carol), "Membership and acceptance commit together or not at all");
        Fixtures.accept(carol, invite);
    }

    @Test
    void invitingSomeoneWhoIsAlreadyAMemberIsRefused() {
        var response = acme.ann().session().post("/o/acme/invitations", form("email", "BOB@acme.test", "role", "MEMBER"));

        assertEquals(422, response.status(), response.describe());
        assertEquals("bob@acme.test is already a member.", response.fieldError("email"), response.describe());
    }

    @Test
    void aBadEmailOrRoleIsRefusedAndNothingIsStored() {
        var invitations = app.count("invitations");

        var badEmail = acme.ann().session().post("/o/acme/invitations", form("email", "carol-at-acme", "role", "MEMBER"));
        var ownerRole = acme.ann().session().post("/o/acme/invitations", form("email", "dan@acme.test", "role", "OWNER"));

        assertEquals(422, badEmail.status(), badEmail.describe());
        assertEquals("Enter an email address like name@example.com.", badEmail.fieldError("email"), badEmail.describe());
        assertEquals("carol-at-acme", badEmail.inputValue("email"));
        assertEquals(422, ownerRole.status(), ownerRole.describe());
        assertTrue(ownerRole.text().contains("Choose a valid role."), ownerRole.describe());
        assertEquals(invitations, app.count("invitations"));
    }

    @Test
    void anUnknownInvitationLinkIsNotFound() {
        assertEquals(404, app.newSession().get("/invitations/no-such-token").status());
    }

    @Test
    void anAnonymousVisitorMustLogInToAccept() {
        var visitor = app.newSession();
        visitor.get(invite.link());

        var response = visitor.post(invite.path() + "/acceptance", Map.of());

        assertEquals(303, response.status(), response.describe());
        assertTrue(response.location().startsWith("/login?next="), response.describe());
    }
}
