package hearth;

import hearth.admin.AdminHandlers;
import hearth.auth.AuthHandlers;
import hearth.ops.Health;
import hearth.ops.Metrics;
import hearth.orgs.InvitationHandlers;
import hearth.orgs.MemberHandlers;
import hearth.orgs.OrgHandlers;

/** The handlers, built once with their collaborators, for {@link Routes} to point at. */
public record Wiring(
        Health health,
        Metrics metrics,
        AuthHandlers auth,
        OrgHandlers orgs,
        MemberHandlers members,
        InvitationHandlers invitations,
        AdminHandlers admin) {}
