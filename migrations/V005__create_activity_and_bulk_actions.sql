-- Every change in an org, written in the same transaction as the change itself.
create table activity (
    id          bigint generated always as identity primary key,
    org_id      bigint      not null references organizations (id) on delete cascade,
    actor_id    bigint      references users (id) on delete set null,
    action      text        not null,
    entity_type text        not null,
    entity_id   bigint,
    summary     text        not null,
    created_at  timestamptz not null default now()
);
create index activity_org_idx on activity (org_id, id desc);
create index activity_entity_idx on activity (org_id, entity_type, entity_id, id desc);

-- A bulk change and what the rows looked like before it, so that it can be undone exactly.
create table bulk_actions (
    id          bigint generated always as identity primary key,
    org_id      bigint      not null references organizations (id) on delete cascade,
    actor_id    bigint      not null references users (id) on delete cascade,
    entity_type text        not null,
    action      text        not null,
    summary     text        not null,
    total       int         not null default 0,
    done        int         not null default 0,
    state       text        not null default 'RUNNING' check (state in ('RUNNING', 'DONE', 'FAILED', 'UNDONE')),
    error       text,
    created_at  timestamptz not null default now(),
    finished_at timestamptz,
    undo_until  timestamptz
);
create index bulk_actions_org_idx on bulk_actions (org_id, id desc);

create table bulk_action_rows (
    bulk_action_id bigint not null references bulk_actions (id) on delete cascade,
    entity_id      bigint not null,
    before         jsonb  not null,
    primary key (bulk_action_id, entity_id)
);
