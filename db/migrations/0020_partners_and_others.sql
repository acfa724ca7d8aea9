-- Two transcriptions of the source made faithful.
--
-- hub_partners_others: a hub whose partners, as the source lists them, end with 他 (「メディヴァ、
-- 富士フィルム他」, line 161; 「鴻池運輸他」, line 197): the list a hub was added with is not
-- complete, and a report says so (「…ほか」, "… and others"). A later list of partners (a partner
-- change) stands as given. The seed's rows are in db/seed/0003_partners_and_others.sql, which runs
-- after these statements and after the seed of a new database.
--
-- Viet Nam: the Government of Japan's English name of the country, as the office's own titles
-- write it, in place of the seed's "Vietnam" (the country's name, and the target's English). The
-- append-only triggers step aside for this one correction of the transcription and are made again
-- as they were; a report re-rendered as known at an earlier time shows the corrected name, as one
-- made now does, so an errata sheet finds no difference.
--
-- Every statement may run again on a database rolled back to an earlier version.

CREATE TABLE IF NOT EXISTS hub_partners_others (
    id          INTEGER PRIMARY KEY,
    hub_id      INTEGER NOT NULL UNIQUE REFERENCES hubs(id),
    source      TEXT,
    recorded_at TEXT NOT NULL DEFAULT (tenkai_now())
) STRICT;
-- A history table like the others (no update, delete or replace; rows in order); its trigger on
-- recorded_at is made by the seed's file, after the seed's rows, which are dated as the seed is.
CREATE TRIGGER IF NOT EXISTS hub_partners_others_no_update BEFORE UPDATE ON hub_partners_others
BEGIN SELECT RAISE(ABORT, 'hub_partners_others is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS hub_partners_others_no_delete BEFORE DELETE ON hub_partners_others
BEGIN SELECT RAISE(ABORT, 'hub_partners_others is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS hub_partners_others_no_replace BEFORE INSERT ON hub_partners_others
WHEN EXISTS (SELECT 1 FROM hub_partners_others WHERE rowid = NEW.rowid OR hub_id = NEW.hub_id)
BEGIN SELECT RAISE(ABORT, 'hub_partners_others: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS hub_partners_others_in_order AFTER INSERT ON hub_partners_others
WHEN EXISTS (SELECT 1 FROM hub_partners_others WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_partners_others: a new row goes after every row recorded before it: leave its row id out'); END;

DROP TRIGGER IF EXISTS countries_no_update;
UPDATE countries SET name_en = 'Viet Nam' WHERE iso = 'VN' AND name_en = 'Vietnam';
CREATE TRIGGER countries_no_update BEFORE UPDATE ON countries
BEGIN SELECT RAISE(ABORT, 'countries is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

DROP TRIGGER IF EXISTS targets_no_update;
UPDATE targets SET source_en = replace(replace(source_en, 'promoted in Vietnam,', 'promoted in Viet Nam,'), 'about 20 sites by 2020', 'about 20 hubs by 2020')
WHERE name = 'hubs_2020' AND recorded_at = '2018-03-31T15:00:00Z' AND source = 'tf2018-03 L49-51';
CREATE TRIGGER targets_no_update BEFORE UPDATE ON targets
BEGIN SELECT RAISE(ABORT, 'targets is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
