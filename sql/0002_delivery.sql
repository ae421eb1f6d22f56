-- 0002: outbound delivery. Leases on recipients (a worker's claim, returned by the reaper when it runs out),
-- one row per delivery attempt and recipient with every fact the report shows, and a NOTIFY that wakes
-- idle workers on every node when recipients are queued. Forward-only.

ALTER TABLE recipients
    ADD COLUMN locked_by        text,           -- worker id (node:pid:nonce/n) holding the lease; NULL when free
    ADD COLUMN locked_at        timestamptz,
    ADD COLUMN lease_expires_at timestamptz,    -- after this a 'sending' row is returned to 'deferred'
    ADD COLUMN last_attempt_at  timestamptz;

-- The reaper scans only the rows being sent.
CREATE INDEX recipients_lease_idx ON recipients (lease_expires_at) WHERE status = 'sending';
-- Reports read recipients per message.
CREATE INDEX recipients_message_ref_idx ON recipients (message_ref);

CREATE TABLE delivery_attempts (
    id                   bigserial   PRIMARY KEY,
    recipient_ref        bigint      NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    attempted_at         timestamptz NOT NULL,
    worker               text        NOT NULL,
    route                text        NOT NULL,   -- 'route:<key>' (Delivery:Routes) or 'mx:<domain>'
    host                 text,                   -- MX or route host name; NULL when none was reached
    ip                   text,
    port                 integer,
    policy               text        NOT NULL CHECK (policy IN ('none', 'may', 'encrypt', 'verify')),
    starttls_offered     boolean,                -- NULL when no EHLO reply was read
    tls_version          text,                   -- TLSv1.3 …; NULL = the message went in plaintext (or not at all)
    tls_version_raw      text,
    tls_cipher           text,                   -- IANA suite name
    tls_bits             integer,
    certificate_verified boolean,                -- chain + name; NULL when no certificate was seen
    certificate_error    text,
    tls_error            text,                   -- handshake failure (also when 'may' then went plaintext)
    result               text        NOT NULL CHECK (result IN ('delivered', 'deferred', 'bounced')),
    reply_code           integer,
    enhanced_status      text,
    reply_text           text,
    remote_queue_id      text,
    error                text                    -- local failure (connect, DNS, TLS policy) without a remote reply
);

CREATE INDEX delivery_attempts_recipient_idx ON delivery_attempts (recipient_ref, attempted_at);

CREATE FUNCTION notify_recipients_queued() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Payload-free: a worker that wakes claims whatever is due. Delivered at commit, once per transaction.
    PERFORM pg_notify('tlsrelay_delivery', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER recipients_queued_notify
    AFTER INSERT ON recipients
    FOR EACH STATEMENT EXECUTE FUNCTION notify_recipients_queued();
