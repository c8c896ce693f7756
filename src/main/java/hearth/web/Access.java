package hearth.web;

import io.javalin.security.RouteRole;

/** Who may reach a route. Every route in {@code Routes} names exactly one. */
public enum Access implements RouteRole {
    /** Anyone, logged in or not. */
    PUBLIC,
    /** Any logged-in user. */
    USER,
    /** A member of the organization named by the {@code {org}} path parameter. */
    ORG_MEMBER,
    /** An owner or admin of the organization named by the {@code {org}} path parameter. */
    ORG_ADMIN,
    /** The instance's support staff: support agents and platform admins. */
    SUPPORT_STAFF,
    /** A platform admin of this Hearth instance. */
    PLATFORM_ADMIN
}
