-- The outbox of live updates. A change inserts its event in the same transaction, so an event
-- exists exactly when its change was committed; every node reads new rows in id order.
create table events (
    id         bigint generated always as identity primary key,
    org_id     bigint      references organizations (id) on delete cascade,
    topic      text        not null,
    type       text        not null,
    payload    jsonb       not null default '{}',
    -- The writing transaction: a reader that sees a gap in the ids waits until every transaction
    -- that could still fill it has finished, instead of skipping an event that commits late.
    xid        xid8        not null default pg_current_xact_id(),
    created_at timestamptz not null default now()
);
create index events_topic_idx on events (topic, id);
create index events_created_idx on events (created_at);

-- Events at or below this id may have been pruned: a stream resuming from before it must resync.
create table events_horizon (
    only_row      boolean primary key default true check (only_row),
    pruned_through bigint not null default 0
);
insert into events_horizon default values;

-- Running app processes, so that the presences of a node that died can be cleared by the others.
create table live_nodes (
    id        uuid primary key,
    started_at timestamptz not null default now(),
    seen_at   timestamptz not null default now()
);

-- Who is on a page (a presence topic) right now: one row per open stream, so closing one of two
-- tabs keeps the person present.
create table presence_connections (
    connection_id uuid        not null,
    node_id       uuid        not null references live_nodes (id) on delete cascade,
    topic         text        not null,
    org_id        bigint      not null references organizations (id) on delete cascade,
    user_id       bigint      not null references users (id) on delete cascade,
    away          boolean     not null default false,
    opened_at     timestamptz not null default now(),
    primary key (connection_id, topic)
);
create index presence_connections_topic_idx on presence_connections (topic);
create index presence_connections_node_idx on presence_connections (node_id);

-- When each person was last on a page, for "last seen" once they have left.
create table presence_seen (
    topic   text        not null,
    user_id bigint      not null references users (id) on delete cascade,
    org_id  bigint      not null references organizations (id) on delete cascade,
    seen_at timestamptz not null default now(),
    primary key (topic, user_id)
);
