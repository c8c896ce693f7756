create table users (
    id            bigint generated always as identity primary key,
    email         text        not null,
    name          text        not null,
    password_hash text        not null,
    platform_role text        not null default 'USER'
                  check (platform_role in ('USER', 'SUPPORT_AGENT', 'PLATFORM_ADMIN')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- The primary key is the SHA-256 of the cookie value, so a leaked table does not hand out live sessions.
create table sessions (
    id             text        primary key,
    user_id        bigint      references users (id) on delete cascade,
    csrf_token     text        not null,
    current_org_id bigint,
    flash          text,
    created_at     timestamptz not null default now(),
    last_seen_at   timestamptz not null default now(),
    expires_at     timestamptz not null
);
create index sessions_user_id_idx on sessions (user_id);
create index sessions_expires_at_idx on sessions (expires_at);
