-- Each conversation carries its tags, kept by a trigger on support_tags (still the table every change
-- goes through, and what the tag filter's list of tags in use is read from). The queue's last-activity
-- index carries them too: a tag view walks the most recently active conversations from the index
-- alone, where it probed the tag index once for each conversation it passed.
alter table support_conversations add column tags text[] not null default '{}';

update support_conversations c set tags = t.tags
from (select conversation_id, array_agg(tag order by tag) as tags from support_tags group by conversation_id) t
where t.conversation_id = c.id;

create function support_conversation_tags() returns trigger language plpgsql as $$
declare
    conversation bigint;
begin
    if tg_op = 'DELETE' then
        conversation := old.conversation_id;
    else
        conversation := new.conversation_id;
    end if;
    update support_conversations c
    set tags = coalesce((select array_agg(t.tag order by t.tag) from support_tags t where t.conversation_id = conversation), '{}')
    where c.id = conversation;
    if tg_op = 'UPDATE' and old.conversation_id <> new.conversation_id then
        update support_conversations c
        set tags = coalesce((select array_agg(t.tag order by t.tag) from support_tags t where t.conversation_id = old.conversation_id), '{}')
        where c.id = old.conversation_id;
    end if;
    return null;
end
$$;

create trigger support_tags_keep_conversation_tags after insert or update or delete on support_tags
    for each row execute function support_conversation_tags();

drop index support_conversations_queue_idx;
create index support_conversations_queue_idx on support_conversations (last_message_at desc, id desc)
    include (org_id, status, priority, assignee_id, tags)
    where merged_into is null and archived_at is null;
