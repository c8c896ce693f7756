package hearth.customers;

import hearth.export.Column;
import hearth.export.ExportDefinition;
import hearth.export.FilterWords;
import hearth.export.NameLookup;
import java.util.List;

/** The customer list as CSV and PDF: the list's filters and sorts, these columns. */
public final class CustomerExport {
    public static final ExportDefinition DEFINITION = new ExportDefinition(
            "customer", "customers", "Customers",
            CustomerSearch.FILTERS, CustomerSearch.SORTS, CustomerSearch::where,
            // The join is there for the owner sort; an export sorted otherwise skips it.
            "from customers c left join users o on o.id = c.owner_id",
            "c.id",
            List.of(
                    Column.number("id", "c.id").width(4.5f),
                    Column.text("name", "c.name").width(11),
                    Column.text("email", "c.email").width(12),
                    Column.text("phone", "c.phone").width(8),
                    Column.text("company", "c.company").width(10),
                    Column.choice("status", "c.status", CustomerStatus.class, CustomerStatus::label).width(6),
                    Column.choice("source", "c.source", CustomerSource.class, CustomerSource::label).width(6),
                    Column.name("owner", "c.owner_id", NameLookup.USERS).width(8),
                    Column.text("notes", "c.notes").width(16),
                    Column.timestamp("created at", "c.created_at").width(8),
                    Column.timestamp("updated at", "c.updated_at").width(8)),
            List.of(
                    FilterWords.choice("status", "Status", CustomerStatus.class, CustomerStatus::label),
                    FilterWords.choice("source", "Source", CustomerSource.class, CustomerSource::label),
                    FilterWords.names("owner", "Owner", NameLookup.USERS, "No owner"),
                    FilterWords.dates("created", "Created"),
                    FilterWords.search()));

    private CustomerExport() {}
}
