-- The workspace: customers (CRM), projects and tasks. Every row belongs to one org; composite
-- foreign keys make it impossible for a project to point at another org's customer, or a task at
-- another org's project, whatever the application does.
-- Rows are soft-deleted (deleted_at) so that a delete can be undone for a few seconds.

create table customers (
    id          bigint generated always as identity primary key,
    org_id      bigint      not null references organizations (id) on delete cascade,
    name        text        not null,
    email       text        not null default '',
    phone       text        not null default '',
    company     text        not null default '',
    status      text        not null check (status in ('LEAD', 'PROSPECT', 'ACTIVE', 'CHURNED')),
    source      text        not null check (source in ('WEBSITE', 'REFERRAL', 'EVENT', 'OUTBOUND', 'OTHER')),
    owner_id    bigint      references users (id) on delete set null,
    notes       text        not null default '',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    deleted_at  timestamptz,
    status_rank smallint generated always as (
        case status when 'LEAD' then 1 when 'PROSPECT' then 2 when 'ACTIVE' then 3 else 4 end) stored,
    search      tsvector generated always as (
        to_tsvector('simple', name || ' ' || email || ' ' || phone || ' ' || company || ' ' || notes)) stored,
    unique (org_id, id)
);
create index customers_updated_idx on customers (org_id, updated_at, id) where deleted_at is null;
create index customers_created_idx on customers (org_id, created_at, id) where deleted_at is null;
create index customers_name_idx on customers (org_id, name, id) where deleted_at is null;
create index customers_company_idx on customers (org_id, company, id) where deleted_at is null;
create index customers_status_idx on customers (org_id, status_rank, id) where deleted_at is null;
create index customers_owner_idx on customers (org_id, owner_id) where deleted_at is null;
create index customers_search_idx on customers using gin (search);

create table projects (
    id          bigint generated always as identity primary key,
    org_id      bigint      not null references organizations (id) on delete cascade,
    name        text        not null,
    description text        not null default '',
    customer_id bigint,
    status      text        not null check (status in ('PLANNING', 'ACTIVE', 'ON_HOLD', 'COMPLETED', 'CANCELLED')),
    start_date  date,
    due_date    date,
    owner_id    bigint      references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    deleted_at  timestamptz,
    status_rank smallint generated always as (
        case status when 'PLANNING' then 1 when 'ACTIVE' then 2 when 'ON_HOLD' then 3
                    when 'COMPLETED' then 4 else 5 end) stored,
    search      tsvector generated always as (to_tsvector('simple', name || ' ' || description)) stored,
    unique (org_id, id),
    foreign key (org_id, customer_id) references customers (org_id, id)
);
create index projects_updated_idx on projects (org_id, updated_at, id) where deleted_at is null;
create index projects_created_idx on projects (org_id, created_at, id) where deleted_at is null;
create index projects_name_idx on projects (org_id, name, id) where deleted_at is null;
create index projects_due_idx on projects (org_id, coalesce(due_date, 'infinity'::date), id) where deleted_at is null;
create index projects_status_idx on projects (org_id, status_rank, id) where deleted_at is null;
create index projects_customer_idx on projects (org_id, customer_id) where deleted_at is null;
create index projects_search_idx on projects using gin (search);

create table tasks (
    id            bigint generated always as identity primary key,
    org_id        bigint           not null references organizations (id) on delete cascade,
    project_id    bigint,
    title         text             not null,
    description   text             not null default '',
    status        text             not null check (status in ('TODO', 'IN_PROGRESS', 'REVIEW', 'DONE', 'CANCELLED')),
    priority      text             not null check (priority in ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
    assignee_id   bigint           references users (id) on delete set null,
    due_date      date,
    position      double precision not null default 0,
    created_by    bigint           references users (id) on delete set null,
    created_at    timestamptz      not null default now(),
    updated_at    timestamptz      not null default now(),
    deleted_at    timestamptz,
    status_rank   smallint generated always as (
        case status when 'TODO' then 1 when 'IN_PROGRESS' then 2 when 'REVIEW' then 3
                    when 'DONE' then 4 else 5 end) stored,
    priority_rank smallint generated always as (
        case priority when 'LOW' then 1 when 'MEDIUM' then 2 when 'HIGH' then 3 else 4 end) stored,
    search        tsvector generated always as (to_tsvector('simple', title || ' ' || description)) stored,
    unique (org_id, id),
    foreign key (org_id, project_id) references projects (org_id, id)
);
create index tasks_updated_idx on tasks (org_id, updated_at, id) where deleted_at is null;
create index tasks_created_idx on tasks (org_id, created_at, id) where deleted_at is null;
create index tasks_title_idx on tasks (org_id, title, id) where deleted_at is null;
create index tasks_due_idx on tasks (org_id, coalesce(due_date, 'infinity'::date), id) where deleted_at is null;
create index tasks_status_idx on tasks (org_id, status_rank, id) where deleted_at is null;
create index tasks_priority_idx on tasks (org_id, priority_rank, id) where deleted_at is null;
create index tasks_assignee_idx on tasks (org_id, assignee_id) where deleted_at is null;
create index tasks_project_idx on tasks (org_id, project_id, status_rank, position) where deleted_at is null;
create index tasks_board_idx on tasks (org_id, status_rank, position) where deleted_at is null;
create index tasks_search_idx on tasks using gin (search);
