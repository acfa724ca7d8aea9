-- A hub's names, kind and partners change by a new row, as its status does, and an organisation's
-- name too: the row's effective_date (with its precision) says from when, its recorded_at when
-- tenkai learned it. What a report showed before the change stays as it was sent.
--
-- hub_changes: one row per change of a hub. A row with name_ja gives both names (name_en NULL:
-- none in English); a row without keeps the names before it, and kind likewise. The values
-- before the first change are the hub's own row. partners = 1 says that the row sets the
-- hub's whole list of partners (hub_change_partners, in order).
-- organisation_names: an organisation's later names; the first is the organisation's own row,
-- and every name it had still finds it.
--
-- hub_name_history and hub_kind_history give, for any SQLite tool, a saved query or a metric,
-- each hub's names and kind as rows to pick from by :as_of and :known_at, the hub's own row first:
--   (SELECT n.name_ja FROM hub_name_history n WHERE n.hub_id = h.id AND n.effective_date <= :as_of
--    AND n.recorded_at <= :known_at ORDER BY n.effective_date DESC, n.recorded_at DESC, n.seq DESC LIMIT 1)
--
-- The statements may run again on a database that has them (IF NOT EXISTS), so that a database
-- rolled back to an earlier version migrates cleanly.

CREATE TABLE IF NOT EXISTS hub_changes (
    id             INTEGER PRIMARY KEY,
    hub_id         INTEGER NOT NULL REFERENCES hubs(id),
    name_ja        TEXT CHECK (name_ja IS NULL OR name_ja <> ''),
    name_en        TEXT CHECK (name_en IS NULL OR (name_en <> '' AND name_ja IS NOT NULL)),
    kind           TEXT REFERENCES hub_kinds(kind),
    partners       INTEGER NOT NULL DEFAULT 0 CHECK (partners IN (0, 1)),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    note           TEXT,
    source         TEXT,
    recorded_at    TEXT NOT NULL DEFAULT (tenkai_now())
) STRICT;
CREATE INDEX IF NOT EXISTS hub_changes_by_hub ON hub_changes (hub_id, effective_date, recorded_at);

CREATE TABLE IF NOT EXISTS hub_change_partners (
    change_id INTEGER NOT NULL REFERENCES hub_changes(id),
    org_id    INTEGER NOT NULL REFERENCES organisations(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (change_id, org_id)
) STRICT;

CREATE TABLE IF NOT EXISTS organisation_names (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations(id),
    name_ja        TEXT NOT NULL CHECK (name_ja <> ''),
    name_en        TEXT CHECK (name_en IS NULL OR name_en <> ''),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    note           TEXT,
    source         TEXT,
    recorded_at    TEXT NOT NULL DEFAULT (tenkai_now())
) STRICT;

CREATE TRIGGER IF NOT EXISTS hub_changes_no_update BEFORE UPDATE ON hub_changes
BEGIN SELECT RAISE(ABORT, 'hub_changes is append-only: record a correction as a new row (tenkai hub change)'); END;
CREATE TRIGGER IF NOT EXISTS hub_changes_no_delete BEFORE DELETE ON hub_changes
BEGIN SELECT RAISE(ABORT, 'hub_changes is append-only: record a correction as a new row (tenkai hub change)'); END;
CREATE TRIGGER IF NOT EXISTS hub_changes_recorded_now BEFORE INSERT ON hub_changes
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM hub_changes ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'hub_changes: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER IF NOT EXISTS hub_changes_in_order AFTER INSERT ON hub_changes
WHEN EXISTS (SELECT 1 FROM hub_changes WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_changes: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER IF NOT EXISTS hub_changes_no_replace BEFORE INSERT ON hub_changes
WHEN EXISTS (SELECT 1 FROM hub_changes WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_changes: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;

CREATE TRIGGER IF NOT EXISTS hub_change_partners_no_update BEFORE UPDATE ON hub_change_partners
BEGIN SELECT RAISE(ABORT, 'hub_change_partners is append-only: record a change as a new row (tenkai hub change)'); END;
CREATE TRIGGER IF NOT EXISTS hub_change_partners_no_delete BEFORE DELETE ON hub_change_partners
BEGIN SELECT RAISE(ABORT, 'hub_change_partners is append-only: record a change as a new row (tenkai hub change)'); END;
CREATE TRIGGER IF NOT EXISTS hub_change_partners_no_replace BEFORE INSERT ON hub_change_partners
WHEN EXISTS (SELECT 1 FROM hub_change_partners WHERE rowid = NEW.rowid OR (change_id, org_id) = (NEW.change_id, NEW.org_id))
BEGIN SELECT RAISE(ABORT, 'hub_change_partners: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;

CREATE TRIGGER IF NOT EXISTS organisation_names_no_update BEFORE UPDATE ON organisation_names
BEGIN SELECT RAISE(ABORT, 'organisation_names is append-only: record a correction as a new row (tenkai org rename)'); END;
CREATE TRIGGER IF NOT EXISTS organisation_names_no_delete BEFORE DELETE ON organisation_names
BEGIN SELECT RAISE(ABORT, 'organisation_names is append-only: record a correction as a new row (tenkai org rename)'); END;
CREATE TRIGGER IF NOT EXISTS organisation_names_recorded_now BEFORE INSERT ON organisation_names
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM organisation_names ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'organisation_names: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER IF NOT EXISTS organisation_names_in_order AFTER INSERT ON organisation_names
WHEN EXISTS (SELECT 1 FROM organisation_names WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'organisation_names: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER IF NOT EXISTS organisation_names_no_replace BEFORE INSERT ON organisation_names
WHEN EXISTS (SELECT 1 FROM organisation_names WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'organisation_names: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;

DROP VIEW IF EXISTS hub_name_history;
CREATE VIEW hub_name_history AS
SELECT h.id AS hub_id, h.name_ja, h.name_en, '0001-01-01' AS effective_date, h.recorded_at, 0 AS seq FROM hubs h
UNION ALL
SELECT c.hub_id, c.name_ja, c.name_en, c.effective_date, c.recorded_at, c.id
FROM hub_changes c WHERE c.name_ja IS NOT NULL;

DROP VIEW IF EXISTS hub_kind_history;
CREATE VIEW hub_kind_history AS
SELECT h.id AS hub_id, h.kind, '0001-01-01' AS effective_date, h.recorded_at, 0 AS seq FROM hubs h
UNION ALL
SELECT c.hub_id, c.kind, c.effective_date, c.recorded_at, c.id FROM hub_changes c WHERE c.kind IS NOT NULL;

-- The current views show a hub under its name and kind of today.
DROP VIEW hub_status_current;
CREATE VIEW hub_status_current AS
SELECT h.code,
       (SELECT n.name_ja FROM hub_name_history n WHERE n.hub_id = h.id AND n.effective_date <= date('now', '+9 hours')
        ORDER BY n.effective_date DESC, n.recorded_at DESC, n.seq DESC LIMIT 1) AS name_ja,
       (SELECT n.name_en FROM hub_name_history n WHERE n.hub_id = h.id AND n.effective_date <= date('now', '+9 hours')
        ORDER BY n.effective_date DESC, n.recorded_at DESC, n.seq DESC LIMIT 1) AS name_en,
       h.country_iso,
       (SELECT k.kind FROM hub_kind_history k WHERE k.hub_id = h.id AND k.effective_date <= date('now', '+9 hours')
        ORDER BY k.effective_date DESC, k.recorded_at DESC, k.seq DESC LIMIT 1) AS kind,
       s.status, s.effective_date, s.date_precision, s.expected_date
FROM hubs h
JOIN hub_status s ON s.id = (
    SELECT s2.id FROM hub_status s2
    WHERE s2.hub_id = h.id AND s2.effective_date <= date('now', '+9 hours')
    ORDER BY s2.effective_date DESC, s2.recorded_at DESC, s2.id DESC LIMIT 1);

-- A metric of the user's own that reads a hub's name or kind from the hubs table reads the
-- values the hub was added with, not those of the report's date: each is named when the
-- database migrates (tenkai prints the rows of this table), to be rewritten on hub_name_history
-- or hub_kind_history. The built-in metrics read neither.
CREATE TEMP TABLE IF NOT EXISTS migration_notice (text TEXT NOT NULL);
INSERT INTO temp.migration_notice (text)
SELECT 'metric ' || name || ' reads a hub''s name or kind from the hubs table, which keeps the values the hub was added with; '
       || 'read them at :as_of and :known_at from hub_name_history or hub_kind_history (see db/migrations/0015_hub_attributes.sql)'
FROM metrics
WHERE builtin = 0 AND sql LIKE '%hubs%' AND (sql LIKE '%kind%' OR sql LIKE '%name_ja%' OR sql LIKE '%name_en%')
  AND sql NOT LIKE '%hub_kind_history%' AND sql NOT LIKE '%hub_name_history%';
