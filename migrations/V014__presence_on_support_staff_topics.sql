-- Presence on the support console's conversation pages: the agents viewing a conversation see each
-- other, so two do not answer the same member at once. Those topics (support:staff:{id}) belong to no
-- org (staff see every org's conversations), so a presence row's org is null there.
alter table presence_connections alter column org_id drop not null;
alter table presence_seen alter column org_id drop not null;
