-- Alert documents are stored deflated (issue 14: about a fifth of the JSON's size for Defend events).
-- Rows written before keep their JSON text in body; new rows leave it empty. Same statements on H2
-- and PostgreSQL (BYTEA is H2's alias of BINARY VARYING).
ALTER TABLE alert ADD COLUMN body_deflated BYTEA;
ALTER TABLE alert ALTER COLUMN body DROP NOT NULL;
