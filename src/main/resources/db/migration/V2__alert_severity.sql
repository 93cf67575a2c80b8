-- The rule's severity when the alert was raised, so that analysts can filter by it. Alerts stored
-- before this column existed keep it null: a severity filter does not find them.
ALTER TABLE alert ADD COLUMN severity VARCHAR(32);
CREATE INDEX alert_severity ON alert (severity, detected_at DESC);
