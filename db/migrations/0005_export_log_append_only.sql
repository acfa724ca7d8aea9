-- The export log is a record of what was sent: append-only, like the history tables. A row is
-- written once when its export starts and finished once by the same export (or marked failed by
-- the next runner when its export was interrupted); after that it never changes, and no row is
-- ever deleted.
CREATE TRIGGER export_log_no_delete BEFORE DELETE ON export_log
BEGIN
    SELECT RAISE(ABORT, 'export_log is append-only: a row records what was exported and is never deleted');
END;

CREATE TRIGGER export_log_finished_once BEFORE UPDATE ON export_log
WHEN OLD.status <> 'running'
BEGIN
    SELECT RAISE(ABORT, 'export_log is append-only: a finished export''s row never changes');
END;

CREATE TRIGGER export_log_same_export BEFORE UPDATE OF id, report, period, format, lang, path, known_at, started_at, origin ON export_log
BEGIN
    SELECT RAISE(ABORT, 'export_log is append-only: only the status, size, hash, error and finish time of a running export are set');
END;
