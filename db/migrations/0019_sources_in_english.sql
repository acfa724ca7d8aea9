-- The office's sources and notes in English.
--
-- 1. source_document_registered: the source documents an office registers (`tenkai source add`),
--    with when each was registered. A document without a row here came with the seed: it is the
--    document the built-in metrics' methods cite, listed as a report's source. A registered
--    document is listed where a report lists the other sources it draws on, by its title in the
--    report's language, once a row cites it. The document itself is a row of source_documents.
-- 2. english_texts: the English of a text an office recorded in Japanese, a source given as free
--    text or a note (`--source-en`, `--note-en`, `tenkai source english`). A text has one English
--    form: the latest recorded by the moment a report is made as known at. A new wording is a new
--    row; what a sent report showed stays reproducible.
--
-- Every statement may run again on a database that has what it makes, so that a database rolled
-- back to an earlier version migrates cleanly.

CREATE TABLE IF NOT EXISTS source_document_registered (
    code        TEXT PRIMARY KEY REFERENCES source_documents(code),
    recorded_at TEXT NOT NULL DEFAULT (tenkai_now())
) STRICT;

CREATE TABLE IF NOT EXISTS english_texts (
    id          INTEGER PRIMARY KEY,
    ja          TEXT NOT NULL CHECK (trim(ja) <> ''),
    en          TEXT NOT NULL CHECK (trim(en) <> ''),
    recorded_at TEXT NOT NULL DEFAULT (tenkai_now())
) STRICT;
CREATE INDEX IF NOT EXISTS english_texts_by_ja ON english_texts (ja, recorded_at);

CREATE TRIGGER IF NOT EXISTS source_document_registered_no_update BEFORE UPDATE ON source_document_registered
BEGIN SELECT RAISE(ABORT, 'source_document_registered is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS source_document_registered_no_delete BEFORE DELETE ON source_document_registered
BEGIN SELECT RAISE(ABORT, 'source_document_registered is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS source_document_registered_no_replace BEFORE INSERT ON source_document_registered
WHEN EXISTS (SELECT 1 FROM source_document_registered WHERE rowid = NEW.rowid OR code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'source_document_registered: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS source_document_registered_recorded_now BEFORE INSERT ON source_document_registered
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM source_document_registered ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'source_document_registered: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER IF NOT EXISTS source_document_registered_in_order AFTER INSERT ON source_document_registered
WHEN EXISTS (SELECT 1 FROM source_document_registered WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'source_document_registered: a new row goes after every row recorded before it: leave its row id out'); END;

CREATE TRIGGER IF NOT EXISTS english_texts_no_update BEFORE UPDATE ON english_texts
BEGIN SELECT RAISE(ABORT, 'english_texts is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS english_texts_no_delete BEFORE DELETE ON english_texts
BEGIN SELECT RAISE(ABORT, 'english_texts is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS english_texts_no_replace BEFORE INSERT ON english_texts
WHEN EXISTS (SELECT 1 FROM english_texts WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'english_texts: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER IF NOT EXISTS english_texts_recorded_now BEFORE INSERT ON english_texts
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM english_texts ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'english_texts: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER IF NOT EXISTS english_texts_in_order AFTER INSERT ON english_texts
WHEN EXISTS (SELECT 1 FROM english_texts WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'english_texts: a new row goes after every row recorded before it: leave its row id out'); END;
