create table organizations (
    id         bigint generated always as identity primary key,
    name       text        not null,
    slug       text        not null unique,
    plan       text        not null default 'FREE' check (plan in ('FREE', 'BASIC', 'PRO', 'ENTERPRISE')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table memberships (
    org_id     bigint      not null references organizations (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    role       text        not null check (role in ('OWNER', 'ADMIN', 'MEMBER')),
    created_at timestamptz not null default now(),
    primary key (org_id, user_id)
);
create index memberships_user_id_idx on memberships (user_id);

-- Only the SHA-256 of an invitation token is stored; the token itself exists in the link alone.
create table invitations (
    id          bigint generated always as identity primary key,
    org_id      bigint      not null references organizations (id) on delete cascade,
    email       text        not null,
    role        text        not null check (role in ('ADMIN', 'MEMBER')),
    token_hash  text        not null unique,
    invited_by  bigint      not null references users (id) on delete cascade,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by bigint      references users (id) on delete set null,
    revoked_at  timestamptz
);
create index invitations_org_id_idx on invitations (org_id, created_at desc);
