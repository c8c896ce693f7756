package hearth;

import hearth.activity.ActivityHandlers;
import hearth.admin.AdminHandlers;
import hearth.assistant.AssistantHandlers;
import hearth.assistant.UsageHandlers;
import hearth.admin.ModelAdminHandlers;
import hearth.admin.PlanAdminHandlers;
import hearth.auth.AuthHandlers;
import hearth.live.LiveHandlers;
import hearth.bulk.BulkHandlers;
import hearth.customers.CustomerBulk;
import hearth.export.Exporter;
import hearth.customers.CustomerHandlers;
import hearth.ops.Health;
import hearth.ops.Metrics;
import hearth.orgs.InvitationHandlers;
import hearth.orgs.MemberHandlers;
import hearth.orgs.OrgHandlers;
import hearth.projects.ProjectBulk;
import hearth.projects.ProjectHandlers;
import hearth.tasks.BoardHandlers;
import hearth.tasks.TaskBulk;
import hearth.tasks.TaskHandlers;
import hearth.support.AttachmentHandlers;
import hearth.support.SupportHandlers;

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
        CustomerHandlers customers,
        CustomerBulk customerBulk,
        ProjectHandlers projects,
        ProjectBulk projectBulk,
        BoardHandlers boards,
        Exporter taskExport,
        Exporter customerExport,
        Exporter projectExport,
        BulkHandlers bulk,
        ActivityHandlers activity,
        LiveHandlers live,
        AssistantHandlers assistant,
        UsageHandlers usage,
        ModelAdminHandlers models,
        PlanAdminHandlers plans,
        SupportHandlers support,
        AttachmentHandlers supportAttachments) {}
