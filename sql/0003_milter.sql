-- 0003: reports of messages seen through the milter protocol (docs/milter.md).
-- Their own table, not messages/recipients: the MTA (Postfix, Sendmail) holds and delivers these messages,
-- so they must never enter our delivery queue, and there are no message bytes to keep.
-- Keyed for lookup by Message-ID and by the MTA's queue id; MTA queue ids are unique only per MTA and are
-- reused over time (Postfix short ids), so they are indexed, not unique.

CREATE TABLE milter_reports (
    id                  bigserial PRIMARY KEY,
    session_id          uuid        NOT NULL,      -- the milter connection (also in our logs)
    mta_queue_id        text,                      -- macro i
    mta_hostname        text,                      -- macro j
    daemon_name         text,                      -- macro {daemon_name}
    message_id          text,                      -- Message-ID without <>; NULL when the message has none
    received_at         timestamptz NOT NULL,      -- when the MTA sent us the final dot
    mail_from           text        NOT NULL,      -- '' is the null reverse-path <>
    recipients          jsonb       NOT NULL,      -- envelope recipients as the MTA accepted them
    client_ip           text        NOT NULL,
    client_port         integer,
    client_helo         text,
    client_rdns         text,
    with_protocol       text        NOT NULL,      -- RFC 3848 word of the MTA's hop (ESMTP, ESMTPS, ESMTPA, ESMTPSA)
    tls                 jsonb,                     -- client-to-MTA TLS (the contract's tls object) or NULL
    client_cert_subject text,
    client_cert_issuer  text,
    authenticated_user  text,
    mta_received        text        NOT NULL,      -- the Received line we rebuilt for the MTA's hop from its macros
    upstream_received   jsonb       NOT NULL,      -- raw upstream Received fields, newest first
    verdict             text        NOT NULL CHECK (verdict IN ('encrypted', 'plaintext', 'unknown')),
    hops                jsonb       NOT NULL,      -- the contract's hop list, the MTA's hop (observed) at index 0
    action              text        NOT NULL CHECK (action IN ('accept', 'tempfail', 'reject')),
    added_header        text                       -- the summary header value we asked the MTA to add
);

CREATE INDEX milter_reports_message_id_idx ON milter_reports (message_id);
CREATE INDEX milter_reports_mta_queue_id_idx ON milter_reports (mta_queue_id);
CREATE INDEX milter_reports_received_at_idx ON milter_reports (received_at);
