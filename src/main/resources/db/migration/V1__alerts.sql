-- Alerts are evidence: each row keeps the whole alert, its events' original documents included.
-- The same statements run on H2 (the embedded default) and PostgreSQL.
CREATE TABLE alert (
    id             VARCHAR(64)              NOT NULL PRIMARY KEY,
    rule_id        VARCHAR(255)             NOT NULL,
    host_id        VARCHAR(1024),
    detected_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    first_event_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_event_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revises        VARCHAR(64),
    body           TEXT                     NOT NULL
);

CREATE INDEX alert_detected ON alert (detected_at DESC, id DESC);
CREATE INDEX alert_host ON alert (host_id, detected_at DESC);
CREATE INDEX alert_rule ON alert (rule_id, detected_at DESC);
