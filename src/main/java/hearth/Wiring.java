package hearth;

import hearth.activity.ActivityHandlers;
import hearth.admin.AdminHandlers;
import hearth.auth.AuthHandlers;
import hearth.bulk.BulkHandlers;
import hearth.ops.Health;
import hearth.ops.Metrics;
import hearth.orgs.InvitationHandlers;
import hearth.orgs.MemberHandlers;
import hearth.orgs.OrgHandlers;
import hearth.tasks.TaskBulk;
import hearth.tasks.TaskHandlers;

/** The handlers, built once with their collaborators, for {@link Routes} to point at. */
public record Wiring(
        Health health,
        Metrics metrics,
        AuthHandlers auth,
        OrgHandlers orgs,
        MemberHandlers members,
        InvitationHandlers invitations,
        AdminHandlers admin,
        TaskHandlers tasks,
        TaskBulk taskBulk,
        BulkHandlers bulk,
        ActivityHandlers activity) {}
