-- A hand-off keeps its own copy of the assistant conversation it carried, taken when it was made: the
-- member may later delete that conversation (its messages go with it), and the support team must
-- still see what was handed over. Hearth's own lines (role 'system') are not part of the transcript.
create table support_handoff_messages (
    id              bigint generated always as identity primary key,
    conversation_id bigint      not null references support_conversations (id) on delete cascade,
    role            text        not null check (role in ('user', 'assistant')),
    speaker         text        not null,
    content         text        not null,
    created_at      timestamptz not null
);
create index support_handoff_messages_conversation_idx on support_handoff_messages (conversation_id, id);

-- Hand-offs made before this migration: copied from the assistant conversation each one names, in
-- the same org and of the same member, as the console showed it until now.
insert into support_handoff_messages (conversation_id, role, speaker, content, created_at)
select s.id, m.role, case when m.role = 'user' then u.name else coalesce(o.assistant_name, 'Hearth Assistant') end,
       m.content, m.created_at
from support_conversations s
join assistant_conversations c on c.id = s.assistant_conversation_id and c.org_id = s.org_id and c.user_id = s.user_id
join assistant_messages m on m.conversation_id = c.id and m.org_id = c.org_id
join users u on u.id = c.user_id
join organizations o on o.id = c.org_id
where m.role <> 'system'
order by s.id, m.id;
