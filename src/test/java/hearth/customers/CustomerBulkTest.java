package hearth.customers;

import static hearth.testing.Fixtures.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hearth.testing.DbSnapshot;
import hearth.testing.Fixtures;
import hearth.testing.Fixtures.Acme;
import hearth.testing.Fixtures.Globex;
import hearth.testing.Fixtures.Org;
import hearth.testing.Forms;
import hearth.testing.HttpSession;
import hearth.testing.Response;
import hearth.testing.Seed;
import hearth.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk status and owner changes and deletes of customers, with the same limits and undo as tasks. */
class CustomerBulkTest {
    @RegisterExtension
    static TestApp app = new TestApp();

    static final Instant LAST_MONTH = Instant.parse("2026-01-01T10:00:00.654321Z");

    static Acme acme;
    static Globex globex;
    static long globexCustomer;
    static int orgs;

    HttpSession ann;
    Org org;
    List<Long> ids;

    @BeforeAll
    static void tenants() {
        acme = Fixtures.acme(app);
        globex = Fixtures.globex(app);
        globexCustomer = Seed.customer(app, globex.org(), "Globex's customer").insert();
    }

    @BeforeEach
    void anOrgWithTenCustomers() {
        ann = acme.ann().session();
        org = Fixtures.createOrg(app, acme.ann(), "Customers " + (++orgs));
        Fixtures.accept(acme.bob(), Fixtures.invite(app, acme.ann(), org, acme.bob().email(), "MEMBER"));
        ids = new ArrayList<>();
        Long[] owners = {null, acme.ann().id(), acme.bob().id()};
        for (int i = 0; i < 10; i++) {
            ids.add(Seed.customer(app, org, "Customer " + i).status(CustomerStatus.values()[i % 4].name())
                    .owner(owners[i % 3]).updated(LAST_MONTH.plus(Duration.ofSeconds(i))).insert());
        }
    }

    @Test
    void changingTheOwnerAndUndoingItRestoresExactly() {
        var before = state();

        var applied = bulk(ids.subList(0, 7), "action", "owner", "to_owner", String.valueOf(acme.bob().id()));

        assertEquals(303, applied.status(), applied.describe());
        assertEquals(7L, app.queryOne(Long.class, "select count(*) from customers where org_id = ? and id = any(?) and owner_id = ?",
                org.id(), ids.subList(0, 7).toArray(Long[]::new), acme.bob().id()));
        assertNotEquals(before, state());
        assertEquals(303, Forms.submit(ann, ann.follow(applied), ".toast-undo form").status());
        assertEquals(before, state());
    }

    @Test
    void changingTheStatusAndDeletingCanBeUndone() {
        var before = state();
        var page = ann.follow(bulk(ids, "action", "status", "to_status", "CHURNED"));
        assertEquals(10L, app.queryOne(Long.class, "select count(*) from customers where org_id = ? and status = 'CHURNED'", org.id()));
        Forms.submit(ann, page, ".toast-undo form");
        assertEquals(before, state());

        var confirm = bulk(ids.subList(2, 5), "action", "delete");
        assertTrue(confirm.text().contains("Delete 3 customers?"), confirm.describe());
        var deleted = Forms.submit(ann, confirm, "form:has(input[name=confirmed])");
        assertEquals(3L, app.queryOne(Long.class, "select count(*) from customers where org_id = ? and deleted_at is not null", org.id()));
        Forms.submit(ann, ann.follow(deleted), ".toast-undo form");
        assertEquals(before, state());
    }

    @Test
    void anOwnerFromAnotherOrgIsRefused() {
        var before = DbSnapshot.take(app);

        var response = bulk(ids, "action", "owner", "to_owner", String.valueOf(globex.gus().id()));

        assertEquals(400, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "Giving customers to Gus of Globex");
    }

    @Test
    void anotherOrgsCustomerInTheSelectionChangesNothing() {
        var selection = new ArrayList<>(ids);
        selection.add(globexCustomer);
        var before = DbSnapshot.take(app);

        var response = bulk(selection, "action", "status", "to_status", "ACTIVE");

        assertEquals(409, response.status(), response.describe());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change with Globex's customer");
    }

    @Test
    void aHundredAndOneCustomersAreTooMany() {
        var selection = new ArrayList<Long>();
        for (int i = 0; i < 101; i++) {
            selection.add(Seed.customer(app, org, "Many " + i).insert());
        }
        var before = DbSnapshot.take(app);

        assertEquals(413, bulk(selection, "action", "status", "to_status", "ACTIVE").status());
        before.assertUnchangedIn(DbSnapshot.take(app), "A bulk change of 101 customers");
    }

    private List<String> state() {
        return app.queryList(String.class, "select row(id, status, owner_id, deleted_at, updated_at, name)::text"
                + " from customers where org_id = ? order by id", org.id());
    }

    private Response bulk(List<Long> selection, String... namesAndValues) {
        ann.get(org.path() + "/customers");
        var form = new ArrayList<>(fields(namesAndValues));
        selection.forEach(id -> form.add(Map.entry("ids", String.valueOf(id))));
        return ann.post(org.path() + "/customers/bulk", form);
    }
}
