-- Failed logins, shared by every app process so throttling holds behind a load balancer.
create table login_failures (
    id        bigint generated always as identity primary key,
    ip        text        not null,
    email     text        not null,
    failed_at timestamptz not null default now()
);
create index login_failures_ip_idx on login_failures (ip, failed_at);
create index login_failures_email_idx on login_failures (email, failed_at);
