-- A quarter's facts as an office records them.
--
-- 1. Agreements of more kinds: a memorandum of cooperation (MOC) and other documents beside the
--    MOUs and letters of intent. Working-group events, platform events and the projects beside the
--    hubs take more kinds and statuses ('other' where the source's word fits none). The CHECK
--    constraints are widened in the schema text, the way SQLite documents for a change that every
--    stored row already meets (lang_altertable.html, "otheralter"): no table is rebuilt, and
--    every row, row id, index and trigger stays.
-- 2. A working-group event's date has a precision, as the other facts' dates have; working-group
--    events, platform events and projects carry a note.
-- 3. A platform event may replace an earlier one (a summit moved to another date): the report
--    shows the latest known, not both.
-- 4. record_coverage: how far the office states each record is complete ("meetings recorded up
--    to 2018-06-30"), with its source. Append-only, like the history.
-- 5. An index for the check that an agreement (same country, kind and date) is new.

PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (kind IN (''mou'', ''letter_of_intent''))',
                       'CHECK (kind IN (''mou'', ''moc'', ''letter_of_intent'', ''other''))')
WHERE type = 'table' AND name = 'agreements';
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (kind IN (''membership_change'', ''report'', ''meeting'', ''dissolved''))',
                       'CHECK (kind IN (''membership_change'', ''report'', ''meeting'', ''dissolved'', ''other''))')
WHERE type = 'table' AND name = 'wg_events';
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (kind IN (''meeting'', ''survey'', ''milestone''))',
                       'CHECK (kind IN (''meeting'', ''survey'', ''milestone'', ''other''))')
WHERE type = 'table' AND name = 'platform_events';
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (status IN (''suspended'', ''under_study''))',
                       'CHECK (status IN (''under_study'', ''planned'', ''in_progress'', ''suspended'', ''completed'', ''cancelled''))')
WHERE type = 'table' AND name = 'other_projects';
PRAGMA writable_schema = RESET;

ALTER TABLE wg_events ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'day'
    CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown'));
ALTER TABLE wg_events ADD COLUMN note TEXT;
ALTER TABLE platform_events ADD COLUMN note TEXT;
ALTER TABLE platform_events ADD COLUMN replaces INTEGER; -- the id of an earlier platform event (checked by tenkai)
ALTER TABLE other_projects ADD COLUMN note TEXT;

CREATE INDEX agreements_by_key ON agreements (country_iso, kind, effective_date);

CREATE TABLE record_coverage (
    id          INTEGER PRIMARY KEY,
    record      TEXT NOT NULL CHECK (record IN ('meetings', 'wg_events', 'agreements', 'platform_events',
                                                'policy_documents', 'other_projects', 'hub_status',
                                                'platform_members')),
    complete_to TEXT NOT NULL CHECK (date(complete_to) IS complete_to),
    source      TEXT NOT NULL CHECK (source <> ''),
    note        TEXT,
    recorded_at TEXT NOT NULL DEFAULT (tenkai_now())
) STRICT;
CREATE INDEX record_coverage_by_record ON record_coverage (record, recorded_at);

CREATE TRIGGER record_coverage_no_update BEFORE UPDATE ON record_coverage
BEGIN SELECT RAISE(ABORT, 'record_coverage is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER record_coverage_no_delete BEFORE DELETE ON record_coverage
BEGIN SELECT RAISE(ABORT, 'record_coverage is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER record_coverage_no_replace BEFORE INSERT ON record_coverage
WHEN EXISTS (SELECT 1 FROM record_coverage WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'record_coverage: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER record_coverage_recorded_now BEFORE INSERT ON record_coverage
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM record_coverage ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'record_coverage: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER record_coverage_in_order AFTER INSERT ON record_coverage
WHEN EXISTS (SELECT 1 FROM record_coverage WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'record_coverage: a new row goes after every row recorded before it: leave its row id out'); END;
