package hearth.projects;

/** A project as a choice in a select: tasks pick their project from these. */
public record ProjectOption(long id, String name) {}
