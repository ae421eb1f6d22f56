-- 0001: accepted messages, their recipients (the delivery queue) and the per-message report.
-- Forward-only; applied by DbUp at start and by `tlsrelay migrate`. Timestamps are timestamptz, written as UTC.

CREATE TABLE messages (
    id              bigserial PRIMARY KEY,
    queue_id        text        NOT NULL UNIQUE,
    session_id      uuid        NOT NULL,
    message_id      text,                       -- Message-ID without <>; NULL when the message has none
    received_at     timestamptz NOT NULL,
    mail_from       text        NOT NULL,       -- '' is the null reverse-path <>
    mail_parameters jsonb       NOT NULL DEFAULT '{}'::jsonb,
    size_bytes      integer     NOT NULL,
    received_header text        NOT NULL,       -- our stamp, prepended on relay
    content         bytea       NOT NULL        -- the message as the client sent it
);

CREATE INDEX messages_message_id_idx ON messages (message_id);
CREATE INDEX messages_received_at_idx ON messages (received_at);

CREATE TABLE recipients (
    id              bigserial PRIMARY KEY,
    message_ref     bigint      NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    address         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'deferred', 'sending', 'delivered', 'bounced')),
    policy          text,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (message_ref, address)
);

CREATE INDEX recipients_due_idx ON recipients (next_attempt_at) WHERE status IN ('queued', 'deferred');

CREATE TABLE reports (
    message_ref        bigint PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    client_ip          text   NOT NULL,
    client_port        integer,
    client_helo        text,
    client_rdns        text,
    with_protocol      text   NOT NULL,
    tls                jsonb,                  -- inbound TLS facts (the contract's tls object) or NULL
    sni                text,
    authenticated_user text,
    upstream_received  jsonb  NOT NULL,        -- the raw upstream Received fields, newest first
    verdict            text,                   -- NULL until analysed
    hops               jsonb                   -- the contract's hop list, our own hop at index 0
);
