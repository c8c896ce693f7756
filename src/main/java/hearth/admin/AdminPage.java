package hearth.admin;

import hearth.auth.User;
import hearth.orgs.Organization;
import java.util.List;

public record AdminPage(List<User> users, List<Organization> orgs) {}
