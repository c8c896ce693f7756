package hearth.customers;

/** A customer as a choice in a select or filter: projects pick their customer from these. */
public record CustomerOption(long id, String name) {}
