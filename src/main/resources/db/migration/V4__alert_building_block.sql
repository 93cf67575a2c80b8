-- Whether a building-block rule raised the alert, so that analysts can leave such alerts out, as
-- Kibana's alerts table does unless asked. Alerts stored before this column existed count as not
-- raised by one. No index: the filter is read along the detection-time index that orders the list,
-- and every index costs each stored alert a page written per commit (docs/benchmarks.md).
ALTER TABLE alert ADD COLUMN building_block BOOLEAN DEFAULT FALSE NOT NULL;
