-- A hub's status at a date, as every report and built-in metric reads it: of the rows dated on or
-- before the date and recorded by the time, the latest by effective date, then by when recorded,
-- then by row id. This index holds those columns in that order, and the status, so that the
-- subquery per hub a metric runs reads the index alone (no row of the table). hub_status_by_hub
-- (hub_id, effective_date, recorded_at) stays, as every index a database had does.
--
-- The statement may run again on a database that has the index, so that a database rolled back
-- to an earlier version migrates cleanly.
CREATE INDEX IF NOT EXISTS hub_status_at ON hub_status (hub_id, effective_date, recorded_at, id, status);
