-- The queue's default order (last activity) carries the columns its usual filters test, so a view such
-- as "open, pending or in progress, and unassigned" walks the most recently active conversations in
-- order, from the index alone, and stops at the page's last row. Through the status index instead,
-- every open conversation was read and sorted for each page, because PostgreSQL reads an index for
-- "status = any(...)" without its order.
drop index support_conversations_queue_idx;
create index support_conversations_queue_idx on support_conversations (last_message_at desc, id desc)
    include (org_id, status, priority, assignee_id)
    where merged_into is null and archived_at is null;
