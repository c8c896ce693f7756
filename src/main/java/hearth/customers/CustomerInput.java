package hearth.customers;

import hearth.activity.Changes;
import hearth.orgs.Member;
import hearth.web.Form;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A customer form as typed, checked: its owner must be a member of the org. */
public record CustomerInput(String name, String email, String phone, String company, CustomerStatus status,
                           CustomerSource source, Long ownerId, String notes) {

    public static final String[] FIELDS = {"name", "email", "phone", "company", "status", "source", "owner", "notes"};
    private static final Pattern PHONE = Pattern.compile("^[0-9+()./\\- ]*[0-9][0-9+()./\\- ]*$");

    public static Form form(Context ctx) {
        return Form.from(ctx, FIELDS);
    }

    public static Form formOf(Customer customer) {
        return Form.empty()
                .with("name", customer.name())
                .with("email", customer.email())
                .with("phone", customer.phone())
                .with("company", customer.company())
                .with("status", customer.status().name())
                .with("source", customer.source().name())
                .with("owner", customer.ownerId() == null ? "" : customer.ownerId().toString())
                .with("notes", customer.notes());
    }

    /** Validates the form; null when something is wrong (the form then holds the messages). */
    public static CustomerInput validate(Form form, List<Member> members) {
        form.requireText("name", "Name", 200);
        form.optionalEmail("email");
        var phone = form.trimmed("phone");
        if (phone.length() > 40 || (!phone.isEmpty() && !PHONE.matcher(phone).matches())) {
            form.reject("phone", "Enter a phone number: digits, spaces and + ( ) - . / only, at most 40.");
        }
        form.maxLength("company", "Company", 200);
        form.requireOneOf("status", "Status", Arrays.stream(CustomerStatus.values()).map(Enum::name).toList());
        form.requireOneOf("source", "Source", Arrays.stream(CustomerSource.values()).map(Enum::name).toList());
        var ownerId = form.optionalId("owner", "Choose a member of this organization.");
        if (ownerId != null && !Member.isAmong(members, ownerId)) {
            form.reject("owner", "Choose a member of this organization.");
        }
        form.maxLength("notes", "Notes", 10_000);
        if (!form.valid()) {
            return null;
        }
        return new CustomerInput(form.trimmed("name"), form.trimmed("email"), phone, form.trimmed("company"),
                CustomerStatus.valueOf(form.value("status")), CustomerSource.valueOf(form.value("source")), ownerId,
                form.value("notes").strip());
    }

    /** "status: Lead → Active; owner: Ann → Bob" for the activity log. */
    public String changesFrom(Customer before, String ownerName) {
        return new Changes()
                .field("name", before.name(), name)
                .field("email", before.email(), email)
                .field("phone", before.phone(), phone)
                .field("company", before.company(), company)
                .field("status", before.status().label(), status.label())
                .field("source", before.source().label(), source.label())
                .field("owner", Changes.orNobody(before.ownerName()), Changes.orNobody(ownerName))
                .text("notes", before.notes(), notes)
                .summary();
    }
}
