-- The queue's search matches words anywhere in a conversation: its subject (weighted highest) and all
-- its messages, internal notes included, in one text vector per conversation. Searching 100,000
-- conversations through one index (and walking the newest-first index for common words) replaces
-- looking words up among a million messages and then their conversations, and two words now match a
-- conversation that has them in different messages. The app appends each new message (see
-- SupportConversations.messageAdded, which stops before the vector's 1 MB limit) and rebuilds the
-- vector of a conversation that merged another.
alter table support_conversations add column search tsvector not null default ''::tsvector;

update support_conversations c
set search = setweight(to_tsvector('simple', c.subject), 'A')
    || coalesce((select to_tsvector('simple', left(string_agg(m.body, ' ' order by m.id), 100000))
                 from support_messages m where m.conversation_id = c.id), ''::tsvector);

create index support_conversations_search_idx on support_conversations using gin (search);

drop index support_conversations_subject_idx;
alter table support_conversations drop column subject_search;
drop index support_messages_search_idx;
alter table support_messages drop column search;

-- The queue's other sorts, each walking an index like the default (last activity) does.
create index support_conversations_created_idx on support_conversations (created_at desc, id desc)
    where merged_into is null and archived_at is null;
create index support_conversations_priority_idx on support_conversations
    ((array_position(array['low','normal','high','urgent'], priority)) desc, id desc)
    where merged_into is null and archived_at is null;
create index support_conversations_status_sort_idx on support_conversations
    ((array_position(array['open','pending','in_progress','closed'], status)), id)
    where merged_into is null and archived_at is null;
create index support_conversations_subject_sort_idx on support_conversations (subject, id)
    where merged_into is null and archived_at is null;

-- The status filter's index carries assignee and priority, so the queue's usual filters (open and
-- unassigned, urgent, mine) are counted and paged from the index alone.
drop index support_conversations_status_idx;
create index support_conversations_status_idx on support_conversations (status, last_message_at desc, id desc)
    include (assignee_id, priority)
    where merged_into is null and archived_at is null;

-- Tags by name with their conversations, so a tag filter can start from the tag and the filter's list
-- of tags in use reads the index alone.
drop index support_tags_tag_idx;
create index support_tags_tag_idx on support_tags (tag, conversation_id);

-- The support team, for the console's assignee lists, without reading every user.
create index users_staff_idx on users (lower(name), id) where platform_role in ('SUPPORT_AGENT', 'PLATFORM_ADMIN');

-- The queue's default order carries the org, so the org filter's list of recently active orgs is read
-- from the index alone.
drop index support_conversations_queue_idx;
create index support_conversations_queue_idx on support_conversations (last_message_at desc, id desc) include (org_id)
    where merged_into is null and archived_at is null;
