-- A report may be exported as an Excel workbook (`--format xlsx`, or `formats` in its
-- definition): the export log takes `xlsx` as a format. SQLite cannot widen a CHECK in place, so
-- the table is rebuilt with its rows, ids, index and append-only triggers as they were.
CREATE TABLE export_log_new (
    id          INTEGER PRIMARY KEY,
    report      TEXT NOT NULL,
    period      TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('html', 'pdf', 'xlsx')),
    lang        TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
    path        TEXT NOT NULL,
    bytes       INTEGER,
    sha256      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    error       TEXT,
    known_at    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    -- 'schedule' rows are written by `tenkai schedule run`, 'render' rows by `tenkai report render`.
    origin      TEXT NOT NULL DEFAULT 'render' CHECK (origin IN ('render', 'schedule'))
) STRICT;
INSERT INTO export_log_new (id, report, period, format, lang, path, bytes, sha256, status, error,
                            known_at, started_at, finished_at, origin)
SELECT id, report, period, format, lang, path, bytes, sha256, status, error,
       known_at, started_at, finished_at, origin
FROM export_log;
DROP TABLE export_log;
ALTER TABLE export_log_new RENAME TO export_log;
CREATE INDEX export_log_by_key ON export_log (report, period, format, lang, status);

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
