-- The AI model catalogue, managed by platform admins. A model is offered to an org whose plan is
-- at least min_plan (each tier has the models of the tiers below); prices are USD per million tokens.
create table ai_models (
    id             bigint generated always as identity primary key,
    provider       text          not null check (provider in ('openrouter', 'groq', 'openai', 'compatible', 'anthropic')),
    model_id       text          not null check (length(model_id) between 1 and 200),
    display_name   text          not null check (length(display_name) between 1 and 100),
    class          text          not null check (class in ('FAST', 'BALANCED', 'POWERFUL')),
    context_window integer       not null check (context_window > 0),
    input_price    numeric(12, 4) not null default 0 check (input_price >= 0),
    output_price   numeric(12, 4) not null default 0 check (output_price >= 0),
    min_plan       text          not null default 'ENTERPRISE' check (min_plan in ('FREE', 'BASIC', 'PRO', 'ENTERPRISE')),
    enabled        boolean       not null default true,
    created_at     timestamptz   not null default now(),
    updated_at     timestamptz   not null default now(),
    unique (provider, model_id)
);

insert into ai_models (provider, model_id, display_name, class, context_window, input_price, output_price, min_plan) values
    ('groq',       'llama-3.1-8b-instant',               'Llama 3.1 8B Instant', 'FAST',      131072,  0.05,  0.08, 'FREE'),
    ('groq',       'mixtral-8x7b-32768',                 'Mixtral 8x7B',         'FAST',       32768,  0.24,  0.24, 'FREE'),
    ('openrouter', 'meta-llama/llama-3.1-70b-instruct',  'Llama 3.1 70B',        'BALANCED',  131072,  0.40,  0.40, 'BASIC'),
    ('openrouter', 'openai/gpt-3.5-turbo',               'GPT-3.5 Turbo',        'FAST',       16385,  0.50,  1.50, 'BASIC'),
    ('openrouter', 'anthropic/claude-3-haiku',           'Claude 3 Haiku',       'FAST',      200000,  0.25,  1.25, 'BASIC'),
    ('openrouter', 'openai/gpt-4-turbo',                 'GPT-4 Turbo',          'POWERFUL',  128000, 10.00, 30.00, 'PRO'),
    ('openrouter', 'anthropic/claude-3.5-sonnet',        'Claude 3.5 Sonnet',    'POWERFUL',  200000,  3.00, 15.00, 'PRO'),
    ('openrouter', 'meta-llama/llama-3.3-70b-instruct',  'Llama 3.3 70B',        'BALANCED',  131072,  0.13,  0.40, 'PRO');

-- The tier policy: how many requests and tokens a user or a whole org may use per hour, day or
-- month (calendar periods in UTC). A missing row or a null means unlimited.
create table plan_quotas (
    plan     text    not null check (plan in ('FREE', 'BASIC', 'PRO', 'ENTERPRISE')),
    scope    text    not null check (scope in ('user', 'org')),
    period   text    not null check (period in ('hour', 'day', 'month')),
    requests integer check (requests >= 0),
    tokens   bigint  check (tokens >= 0),
    primary key (plan, scope, period)
);

insert into plan_quotas (plan, scope, period, requests, tokens) values
    ('FREE',  'user', 'hour',    10, null),
    ('FREE',  'user', 'day',     50,    100000),
    ('FREE',  'user', 'month',  500,   1000000),
    ('FREE',  'org',  'day',    200,    400000),
    ('FREE',  'org',  'month', 2000,   4000000),
    ('BASIC', 'user', 'hour',   100, null),
    ('BASIC', 'user', 'day',    500,   1000000),
    ('BASIC', 'user', 'month', 5000,  10000000),
    ('BASIC', 'org',  'day',   2000,   4000000),
    ('BASIC', 'org',  'month', 20000, 40000000),
    ('PRO',   'user', 'hour',   500, null),
    ('PRO',   'user', 'day',   2000,   5000000),
    ('PRO',   'user', 'month', 20000, 50000000),
    ('PRO',   'org',  'day',   10000, 20000000),
    ('PRO',   'org',  'month', 100000, 200000000);

-- What a user or an org used in one period. A request is admitted by incrementing every counter
-- that has a limit in one transaction; the row locks make two app processes agree exactly.
create table ai_counters (
    scope     text        not null check (scope in ('user', 'org')),
    scope_id  bigint      not null,
    period    text        not null check (period in ('hour', 'day', 'month')),
    starts_at timestamptz not null,
    requests  integer     not null default 0,
    tokens    bigint      not null default 0,
    primary key (scope, scope_id, period, starts_at)
);

alter table organizations add column assistant_name text check (length(assistant_name) between 1 and 60);

-- A user's assistant conversations in an org: personal, never shown to other members.
create table assistant_conversations (
    id          bigint generated always as identity primary key,
    org_id      bigint      not null references organizations (id) on delete cascade,
    user_id     bigint      not null references users (id) on delete cascade,
    title       text        not null default 'New conversation' check (length(title) between 1 and 200),
    titled      boolean     not null default false,
    model_id    bigint      references ai_models (id) on delete set null,
    temperature numeric(3, 2) not null default 0.7 check (temperature between 0 and 2),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (org_id, id)
);
create index assistant_conversations_user_idx on assistant_conversations (org_id, user_id, updated_at desc, id desc);

create table assistant_messages (
    id              bigint generated always as identity primary key,
    org_id          bigint      not null,
    conversation_id bigint      not null,
    role            text        not null check (role in ('user', 'assistant', 'system')),
    content         text        not null default '',
    -- streaming: being written by node_id; stopped: the user stopped it; error: failed, content is the partial answer
    status          text        not null default 'done' check (status in ('streaming', 'done', 'stopped', 'error')),
    error           text,
    model           text,
    model_name      text,
    provider        text,
    cached          boolean     not null default false,
    node_id         uuid,
    stop_requested  boolean     not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    search          tsvector    generated always as (to_tsvector('simple', left(content, 100000))) stored,
    foreign key (org_id, conversation_id) references assistant_conversations (org_id, id) on delete cascade
);
create index assistant_messages_conversation_idx on assistant_messages (conversation_id, id);
create index assistant_messages_search_idx on assistant_messages using gin (search);
create index assistant_messages_streaming_idx on assistant_messages (node_id) where status = 'streaming';

-- One row per request to a model (or answered from the cache): usage, cost and timing.
create table ai_requests (
    id              bigint generated always as identity primary key,
    org_id          bigint         not null references organizations (id) on delete cascade,
    user_id         bigint         references users (id) on delete set null,
    conversation_id bigint,
    purpose         text           not null default 'chat' check (purpose in ('chat', 'title', 'summary')),
    model           text           not null,
    provider        text           not null,
    status          text           not null check (status in ('ok', 'error', 'stopped')),
    input_tokens    integer        not null default 0,
    output_tokens   integer        not null default 0,
    estimated       boolean        not null default false,
    cost            numeric(14, 8) not null default 0,
    cached          boolean        not null default false,
    saved_cost      numeric(14, 8) not null default 0,
    first_token_ms  integer,
    total_ms        integer        not null default 0,
    error           text,
    created_at      timestamptz    not null default now()
);
create index ai_requests_org_idx on ai_requests (org_id, created_at);
create index ai_requests_user_idx on ai_requests (user_id, created_at);

-- Answers that may be reused: key = SHA-256 of model, messages and parameters.
create table ai_cache (
    key           bytea       primary key,
    model         text        not null,
    response      text        not null,
    input_tokens  integer     not null,
    output_tokens integer     not null,
    hits          integer     not null default 0,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null
);
create index ai_cache_expires_idx on ai_cache (expires_at);
