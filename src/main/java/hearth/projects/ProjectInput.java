package hearth.projects;

import hearth.activity.Changes;
import hearth.customers.CustomerOptions;
import hearth.orgs.Member;
import hearth.web.Form;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** A project form as typed, checked against the org: its customer and owner must be the org's own. */
public record ProjectInput(String name, String description, Long customerId, ProjectStatus status,
                           LocalDate startDate, LocalDate dueDate, Long ownerId) {

    public static final String[] FIELDS = {"name", "description", "customer", "status", "start", "due", "owner"};

    public static Form form(Context ctx) {
        return Form.from(ctx, FIELDS);
    }

    public static Form formOf(Project project) {
        return Form.empty()
                .with("name", project.name())
                .with("description", project.description())
                .with("customer", project.customerId() == null ? "" : project.customerId().toString())
                .with("status", project.status().name())
                .with("start", project.startDate() == null ? "" : project.startDate().toString())
                .with("due", project.dueDate() == null ? "" : project.dueDate().toString())
                .with("owner", project.ownerId() == null ? "" : project.ownerId().toString());
    }

    /** Validates the form; null when something is wrong (the form then holds the messages). */
    public static ProjectInput validate(Form form, Handle handle, long orgId, List<Member> members, Long unchangedCustomerId) {
        form.requireText("name", "Name", 200);
        form.maxLength("description", "Description", 10_000);
        form.requireOneOf("status", "Status", Arrays.stream(ProjectStatus.values()).map(Enum::name).toList());
        // The composite foreign key would refuse another org's customer too; this says so next to the field.
        var customerId = form.optionalId("customer", "Choose a customer from the list.");
        if (customerId != null && !customerId.equals(unchangedCustomerId) && !handle.attach(CustomerOptions.class).exists(orgId, customerId)) {
            form.reject("customer", "Choose a customer from the list.");
        }
        var ownerId = form.optionalId("owner", "Choose a member of this organization.");
        if (ownerId != null && !Member.isAmong(members, ownerId)) {
            form.reject("owner", "Choose a member of this organization.");
        }
        var start = form.optionalDate("start");
        var due = form.optionalDate("due");
        if (start != null && due != null && due.isBefore(start)) {
            form.reject("due", "The due date cannot be before the start date.");
        }
        if (!form.valid()) {
            return null;
        }
        return new ProjectInput(form.trimmed("name"), form.value("description").strip(), customerId,
                ProjectStatus.valueOf(form.value("status")), start, due, ownerId);
    }

    /** "status: Planning → Active; due: none → 2026-12-31" for the activity log. */
    public String changesFrom(Project before, String customerName, String ownerName) {
        return new Changes()
                .field("name", before.name(), name)
                .field("status", before.status().label(), status.label())
                .field("customer", Changes.orNone(before.customerName()), Changes.orNone(customerName))
                .field("owner", Changes.orNobody(before.ownerName()), Changes.orNobody(ownerName))
                .field("start", Changes.orNone(before.startDate()), Changes.orNone(startDate))
                .field("due", Changes.orNone(before.dueDate()), Changes.orNone(dueDate))
                .text("description", before.description(), description)
                .summary();
    }
}
