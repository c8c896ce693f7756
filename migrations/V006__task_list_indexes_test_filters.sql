-- The task list filters on status, priority and assignee and sorts by one column. The sort indexes
-- of V004 hold only (org_id, sort value, id), so every row they walked past had to be fetched from
-- the table just to test the filters: about 2,000 rows for one page of open high-priority tasks
-- sorted by due date, of 1,000,000. With the filter columns at the end of the key, the index tests
-- the filters itself and the table is read only for the 51 rows of the page. The filters compare the
-- text columns (status = any(...)), not the *_rank columns the older indexes hold.
drop index tasks_updated_idx;
create index tasks_updated_idx on tasks (org_id, updated_at, id, status, priority, assignee_id) where deleted_at is null;
drop index tasks_created_idx;
create index tasks_created_idx on tasks (org_id, created_at, id, status, priority, assignee_id) where deleted_at is null;
drop index tasks_due_idx;
create index tasks_due_idx on tasks (org_id, coalesce(due_date, 'infinity'::date), id, status, priority, assignee_id)
    where deleted_at is null;
drop index tasks_title_idx;
create index tasks_title_idx on tasks (org_id, title, id, status, priority, assignee_id) where deleted_at is null;

-- The list's count of matches ("exact up to 1,000") read the table until it had 1,001 matching rows
-- (30,000 rows for the view above); with this index it is an index-only scan of those 1,001 entries.
create index tasks_filter_idx on tasks (org_id, status, priority, assignee_id) where deleted_at is null;
