-- A hand-off from the assistant first looks for the support conversation an earlier hand-off of the
-- same assistant conversation made (Handoffs): without an index that read every support conversation.
create index support_conversations_handoff_idx on support_conversations (assistant_conversation_id)
    where assistant_conversation_id is not null;
