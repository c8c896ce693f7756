package hearth.orgs;

import static hearth.testing.Fixtures.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Person;
import hearth.testing.Response;
import hearth.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Roles, removal and leaving: who may do what to whom, and that an org always keeps an owner. */
class MembersTest {
    @RegisterExtension
    static TestApp app = TestApp.withFreshDataForEachTest();

    Acme acme;
    Person ann;
    Person bob;

    @BeforeEach
    void buildAcme() {
        acme = Fixtures.acme(app);
        ann = acme.ann();
        bob = acme.bob();
    }

    @Test
    void anOwnerCanMakeAMemberAdmin() {
        var response = changeRole(ann, bob, "ADMIN");

        assertEquals(303, response.status(), response.describe());
        assertEquals("/o/acme/members", response.location());
        assertEquals("ADMIN", role(bob));
        assertTrue(ann.session().follow(response).text().contains("Bob Member is now admin."));
    }

    @Test
    void aPlainMemberCannotChangeRoles() {
        assertEquals(403, changeRole(bob, bob, "ADMIN").status());
        assertEquals(403, changeRole(bob, ann, "MEMBER").status());

        assertEquals("MEMBER", role(bob));
        assertEquals("OWNER", role(ann));
    }

    @Test
    void anAdminCannotMakeOrUnmakeOwners() {
        changeRole(ann, bob, "ADMIN");
        var carol = Fixtures.join(app, acme.org(), ann, "Carol Member", "carol@acme.test", "MEMBER");

        assertEquals(403, changeRole(bob, carol, "OWNER").status());
        assertEquals(403, changeRole(bob, bob, "OWNER").status());
        assertEquals(403, changeRole(bob, ann, "ADMIN").status());

        assertEquals("MEMBER", role(carol));
        assertEquals("ADMIN", role(bob));
        assertEquals("OWNER", role(ann));
    }

    @Test
    void anAdminCanMakeAMemberAdmin() {
        changeRole(ann, bob, "ADMIN");
        var carol = Fixtures.join(app, acme.org(), ann, "Carol Member", "carol@acme.test", "MEMBER");

        assertEquals(303, changeRole(bob, carol, "ADMIN").status());

        assertEquals("ADMIN", role(carol));
    }

    @Test
    void theLastOwnerCannotBeDemoted() {
        var response = changeRole(ann, ann, "MEMBER");

        assertEquals(303, response.status(), response.describe());
        assertTrue(ann.session().follow(response).text().contains("Every organization needs an owner"));
        assertEquals("OWNER", role(ann));
    }

    @Test
    void theLastOwnerCannotLeave() {
        var response = remove(ann, ann);

        assertEquals(303, response.status(), response.describe());
        assertEquals("/o/acme/members", response.location());
        assertTrue(ann.session().follow(response).text().contains("You are the last owner"));
        assertEquals("OWNER", role(ann));
    }

    @Test
    void anOwnerCanLeaveOnceThereIsAnotherOwner() {
        changeRole(ann, bob, "OWNER");

        var response = remove(ann, ann);

        assertEquals(303, response.status(), response.describe());
        assertEquals("/", response.location());
        assertNull(role(ann));
        assertEquals("OWNER", role(bob));
    }

    @Test
    void aMemberCanLeave() {
        var response = remove(bob, bob);

        assertEquals(303, response.status(), response.describe());
        assertEquals("/", response.location());
        assertNull(role(bob));
        assertEquals(404, bob.session().get("/o/acme").status());
    }

    @Test
    void anOwnerCanRemoveAMember() {
        var response = remove(ann, bob);

        assertEquals(303, response.status(), response.describe());
        assertEquals("/o/acme/members", response.location());
        assertNull(role(bob));
        assertEquals(404, bob.session().get("/o/acme").status());
    }

    @Test
    void aPlainMemberCannotRemoveSomeoneElse() {
        var carol = Fixtures.join(app, acme.org(), ann, "Carol Member", "carol@acme.test", "MEMBER");

        assertEquals(403, remove(bob, carol).status());
        assertEquals(403, remove(bob, ann).status());

        assertEquals("MEMBER", role(carol));
        assertEquals("OWNER", role(ann));
    }

    @Test
    void anAdminCannotRemoveAnOwner() {
        changeRole(ann, bob, "ADMIN");

        assertEquals(403, remove(bob, ann).status());

        assertEquals("OWNER", role(ann));
    }

    @Test
    void anUnknownRoleIsRefused() {
        var response = changeRole(ann, bob, "KING");

        assertEquals(400, response.status(), response.describe());
        assertEquals("MEMBER", role(bob));
    }

    private Response changeRole(Person actor, Person target, String role) {
        return actor.session().post("/o/acme/members/" + target.id() + "/role", form("role", role));
    }

    private Response remove(Person actor, Person target) {
        return actor.session().post("/o/acme/members/" + target.id() + "/removal", Map.of());
    }

    private String role(Person person) {
        return Fixtures.orgRole(app, acme.org(), person);
    }
}
