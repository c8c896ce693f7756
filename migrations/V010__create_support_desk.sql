-- The support desk: a member's conversations with the instance's support staff. Agents see every
-- org's; a member sees only their own.
create table support_conversations (
    id                  bigint generated always as identity primary key,
    org_id              bigint      not null references organizations (id) on delete cascade,
    user_id             bigint      not null references users (id) on delete cascade,
    subject             text        not null check (length(subject) between 1 and 200),
    status              text        not null default 'open' check (status in ('open', 'pending', 'in_progress', 'closed')),
    priority            text        not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
    category            text        check (category in ('technical', 'billing', 'feature', 'bug', 'other')),
    assignee_id         bigint      references users (id) on delete set null,
    -- A duplicate merged into another conversation points to it and is hidden from the queue.
    merged_into         bigint      references support_conversations (id) on delete set null,
    archived_at         timestamptz,
    -- A hand-off from the assistant: the conversation it came from and what was written about it.
    assistant_conversation_id bigint,
    handoff_summary     text,
    message_count       integer     not null default 0,
    last_message_at     timestamptz not null default now(),
    last_message_preview text       not null default '',
    -- Read receipts: the newest message each side has seen (agents count as one side).
    user_read_through   bigint      not null default 0,
    agent_read_through  bigint      not null default 0,
    first_response_at   timestamptz,
    closed_at           timestamptz,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    subject_search      tsvector    generated always as (to_tsvector('simple', subject)) stored
);
create index support_conversations_user_idx on support_conversations (user_id, last_message_at desc, id desc);
create index support_conversations_queue_idx on support_conversations (last_message_at desc, id desc)
    where merged_into is null and archived_at is null;
create index support_conversations_status_idx on support_conversations (status, last_message_at desc, id desc)
    where merged_into is null and archived_at is null;
create index support_conversations_assignee_idx on support_conversations (assignee_id, last_message_at desc, id desc);
create index support_conversations_org_idx on support_conversations (org_id, last_message_at desc, id desc);
create index support_conversations_subject_idx on support_conversations using gin (subject_search);

create table support_messages (
    id              bigint generated always as identity primary key,
    conversation_id bigint      not null references support_conversations (id) on delete cascade,
    author_id       bigint      references users (id) on delete set null,
    -- user: the member; agent: a reply from support; note: internal, never shown to the member;
    -- system: the desk's own (hand-off, merge, status changes).
    kind            text        not null check (kind in ('user', 'agent', 'note', 'system')),
    body            text        not null check (length(body) <= 10000),
    created_at      timestamptz not null default now(),
    search          tsvector    generated always as (to_tsvector('simple', body)) stored
);
create index support_messages_conversation_idx on support_messages (conversation_id, id);
create index support_messages_search_idx on support_messages using gin (search);

-- Files travel with a message and stay in PostgreSQL, like everything else that must survive a node.
create table support_attachments (
    id              bigint generated always as identity primary key,
    conversation_id bigint      not null references support_conversations (id) on delete cascade,
    message_id      bigint      not null references support_messages (id) on delete cascade,
    org_id          bigint      not null references organizations (id) on delete cascade,
    filename        text        not null check (length(filename) between 1 and 200),
    content_type    text        not null,
    size            integer     not null check (size between 0 and 10485760),
    data            bytea       not null,
    created_at      timestamptz not null default now()
);
create index support_attachments_message_idx on support_attachments (message_id);
create index support_attachments_org_idx on support_attachments (org_id, created_at);

create table support_tags (
    conversation_id bigint not null references support_conversations (id) on delete cascade,
    tag             text   not null check (tag ~ '^[a-z0-9][a-z0-9-]{0,29}$'),
    primary key (conversation_id, tag)
);
create index support_tags_tag_idx on support_tags (tag);

-- Replies agents insert with variables such as {{user.name}}; shared by the whole support team.
create table canned_replies (
    id         bigint generated always as identity primary key,
    title      text        not null unique check (length(title) between 1 and 100),
    body       text        not null check (length(body) between 1 and 10000),
    created_by bigint      references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- Who did what to a conversation (assignments, status, merges, archives, exports).
create table support_log (
    id              bigint generated always as identity primary key,
    conversation_id bigint      references support_conversations (id) on delete set null,
    actor_id        bigint      references users (id) on delete set null,
    action          text        not null,
    detail          text        not null default '',
    created_at      timestamptz not null default now()
);
create index support_log_conversation_idx on support_log (conversation_id, id);

-- Fixed-window rate limits (messages per minute per user, uploads per org), shared by every node.
create table rate_limits (
    bucket     text        not null,
    starts_at  timestamptz not null,
    count      integer     not null default 0,
    primary key (bucket, starts_at)
);
