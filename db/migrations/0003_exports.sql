-- The export log: one row per export attempt, written by `report render` and `schedule run`.
CREATE TABLE export_log (
    id          INTEGER PRIMARY KEY,
    report      TEXT NOT NULL,
    period      TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('html', 'pdf')),
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
CREATE INDEX export_log_by_key ON export_log (report, period, format, lang, status);
