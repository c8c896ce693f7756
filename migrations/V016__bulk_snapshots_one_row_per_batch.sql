-- What the rows of a bulk change held before it, one row per batch (a JSON array of the rows' values,
-- each with its id) instead of one row per changed row. A change of 100 tasks wrote 100 rows here,
-- each with its own primary key entry and foreign key check: a tenth of the change's time.
create table bulk_action_batches (
    bulk_action_id bigint not null references bulk_actions (id) on delete cascade,
    batch          int    not null,
    rows           jsonb  not null,
    primary key (bulk_action_id, batch)
);

insert into bulk_action_batches (bulk_action_id, batch, rows)
select bulk_action_id, 0, jsonb_agg(before || jsonb_build_object('id', entity_id) order by entity_id)
from bulk_action_rows
group by bulk_action_id;

drop table bulk_action_rows;
