-- What an export was: a 'send' (written to the report definition's own output path, by
-- `report render` or `schedule run`) or a 'check' (a render written elsewhere with --out, or to
-- standard output). Only sends are what an office sent: the schedule counts them as done, and
-- `report errata` compares with them. Checks stay in the log, so that every path it names stays
-- true and `schedule verify` still re-hashes their files.
--
-- The rows already logged are classed by what the log itself says, since the definitions are not
-- in the database: the scheduler's rows are sends; a render's row is a send when its path ends
-- with the shipped pattern {report}/{period}.{lang}.{format} (or a version beside it,
-- {period}.{lang}.vN.{format}); every other render (another --out, standard output) is a check.

DROP TRIGGER IF EXISTS export_log_finished_once;
DROP TRIGGER IF EXISTS export_log_same_export;

ALTER TABLE export_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'send' CHECK (kind IN ('send', 'check'));

UPDATE export_log SET kind = 'check'
WHERE origin = 'render'
  AND NOT (path = report || '/' || period || '.' || lang || '.' || format
        OR substr(path, -length('/' || report || '/' || period || '.' || lang || '.' || format))
           = '/' || report || '/' || period || '.' || lang || '.' || format
        OR path GLOB '*' || report || '/' || period || '.' || lang || '.v[0-9]*.' || format);

CREATE TRIGGER export_log_finished_once BEFORE UPDATE ON export_log
WHEN OLD.status <> 'running'
BEGIN
    SELECT RAISE(ABORT, 'export_log is append-only: a finished export''s row never changes');
END;

CREATE TRIGGER export_log_same_export BEFORE UPDATE OF id, report, period, format, lang, path, known_at, started_at, origin, kind ON export_log
BEGIN
    SELECT RAISE(ABORT, 'export_log is append-only: only the status, size, hash, error and finish time of a running export are set');
END;

CREATE INDEX export_log_sends ON export_log (report, period, lang, format, kind, status);

-- Where each report's schedule starts when its definition names no first_period: the newest
-- period due at the first `schedule run` (so a new database does not back-fill reports nobody
-- sent), moved back only by `schedule run --from PERIOD`. `set_at` is when it was last set.
CREATE TABLE schedule_start (
    report       TEXT PRIMARY KEY,
    first_period TEXT NOT NULL,
    set_at       TEXT NOT NULL
) STRICT;
