-- The record tells only what its sources say, and every row says where it comes from.
--
-- 1. Dates a source does not give. date_precision gains two values:
--      'fiscal_year'  the source gives the fiscal year only (stored as its 1 April);
--      'unknown'      the source gives no date: effective_date is the latest date by which the fact is
--                     known to hold (the date of the document that reports it, or of the meeting that
--                     dealt with it, which the row's note names). The fact counts as true from then
--                     on, and it is never reported as a change of any period: its date is not known.
-- 2. Every row may carry a source: for the seed, a reference to a document of source_documents and
--    its lines ("tf2018-03 L134"); for a row a user adds, the user's own reference (--source).
-- 3. Targets and indicators are kept apart. A target is set by a sentence of a source (a number by a
--    date) and is rated; an indicator is the office's own measure, shown with its value and trend,
--    never rated. A target found not to be one is withdrawn (a new row, so that what was sent
--    stays reproducible), and its measure becomes an indicator.
-- 4. Platform events (meetings, surveys, milestones) and the projects a source names beside the hubs
--    but does not count among them.
--
-- A database seeded by an earlier tenkai is corrected here: the seed's undated hub statuses get
-- corrections recorded now, the target 'priority_countries' is withdrawn and its measure becomes the
-- indicator 'named_countries_with_hub'. Where a seeded row only gains a translation or a precision,
-- the row is completed in place (its facts do not change).

CREATE TABLE source_documents (
    code     TEXT PRIMARY KEY CHECK (code <> '' AND code NOT GLOB '* *'),
    title_ja TEXT NOT NULL,
    title_en TEXT NOT NULL,
    as_of    TEXT NOT NULL CHECK (date(as_of) IS as_of), -- the date the document describes
    file     TEXT                                       -- where a copy is kept
) STRICT;

-- hub_status and policy_documents are rebuilt for the wider date_precision (SQLite cannot change a
-- CHECK constraint in place); their rows, ids, indexes and triggers carry over.
DROP VIEW hub_status_current;
CREATE TABLE hub_status_new (
    id             INTEGER PRIMARY KEY,
    hub_id         INTEGER NOT NULL REFERENCES hubs(id),
    status         TEXT NOT NULL CHECK (status IN ('feasibility', 'planned', 'opened', 'suspended', 'closed')),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    expected_date  TEXT CHECK (expected_date IS NULL OR date(expected_date) IS expected_date),
    note           TEXT,
    recorded_at    TEXT NOT NULL,
    source         TEXT
) STRICT;
INSERT INTO hub_status_new (id, hub_id, status, effective_date, date_precision, expected_date, note, recorded_at)
SELECT id, hub_id, status, effective_date, date_precision, expected_date, note, recorded_at FROM hub_status;
DROP TABLE hub_status;
ALTER TABLE hub_status_new RENAME TO hub_status;
CREATE INDEX hub_status_by_hub ON hub_status (hub_id, effective_date, recorded_at);
CREATE TRIGGER hub_status_append_only_u BEFORE UPDATE ON hub_status
BEGIN SELECT RAISE(ABORT, 'hub_status is append-only: record a correction as a new row (tenkai hub set-status)'); END;
CREATE TRIGGER hub_status_append_only_d BEFORE DELETE ON hub_status
BEGIN SELECT RAISE(ABORT, 'hub_status is append-only: record a correction as a new row (tenkai hub set-status)'); END;
CREATE VIEW hub_status_current AS
SELECT h.code, h.name_ja, h.name_en, h.country_iso, h.kind, s.status, s.effective_date, s.date_precision, s.expected_date
FROM hubs h
JOIN hub_status s ON s.id = (
    SELECT s2.id FROM hub_status s2 WHERE s2.hub_id = h.id
    ORDER BY s2.effective_date DESC, s2.recorded_at DESC, s2.id DESC LIMIT 1);

CREATE TABLE policy_documents_new (
    id             INTEGER PRIMARY KEY,
    title_ja       TEXT NOT NULL,
    title_en       TEXT,
    adopted_on     TEXT NOT NULL CHECK (date(adopted_on) IS adopted_on),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    meeting_number INTEGER REFERENCES meetings(number),
    note           TEXT,
    recorded_at    TEXT NOT NULL,
    source         TEXT
) STRICT;
-- The seed dated the Japan-ASEAN plan by meeting 3, which compiled it; its note said so, and now its
-- precision does too.
INSERT INTO policy_documents_new (id, title_ja, title_en, adopted_on, date_precision, meeting_number, note, recorded_at)
SELECT id, title_ja, title_en, adopted_on,
       CASE WHEN meeting_number = 3 AND adopted_on = '2014-11-05' AND recorded_at = '2018-03-31T15:00:00Z'
            THEN 'unknown' ELSE date_precision END,
       meeting_number, note, recorded_at
FROM policy_documents;
DROP TABLE policy_documents;
ALTER TABLE policy_documents_new RENAME TO policy_documents;
CREATE TRIGGER policy_documents_no_update BEFORE UPDATE ON policy_documents
BEGIN SELECT RAISE(ABORT, 'policy_documents is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER policy_documents_no_delete BEFORE DELETE ON policy_documents
BEGIN SELECT RAISE(ABORT, 'policy_documents is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

ALTER TABLE agreements ADD COLUMN date_precision TEXT NOT NULL DEFAULT 'day'
    CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown'));
-- The seed dated the letter of intent by meeting 6, which dealt with it; its note said so.
DROP TRIGGER agreements_no_update;
UPDATE agreements SET date_precision = 'unknown'
WHERE kind = 'letter_of_intent' AND effective_date = '2015-10-22' AND recorded_at = '2018-03-31T15:00:00Z';
CREATE TRIGGER agreements_no_update BEFORE UPDATE ON agreements
BEGIN SELECT RAISE(ABORT, 'agreements is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

-- Where each row comes from. agreement_counts and platform_members had a source column already.
ALTER TABLE countries ADD COLUMN source TEXT;
ALTER TABLE organisations ADD COLUMN source TEXT;
ALTER TABLE hub_kinds ADD COLUMN source TEXT;
ALTER TABLE hubs ADD COLUMN source TEXT;
ALTER TABLE hub_operators ADD COLUMN source TEXT;
ALTER TABLE meetings ADD COLUMN source TEXT;
ALTER TABLE meeting_agenda ADD COLUMN source TEXT;
ALTER TABLE working_groups ADD COLUMN source TEXT;
ALTER TABLE wg_events ADD COLUMN source TEXT;
ALTER TABLE agreements ADD COLUMN source TEXT;
ALTER TABLE platforms ADD COLUMN source TEXT;
ALTER TABLE taskforce_members ADD COLUMN source TEXT;
ALTER TABLE target_milestones ADD COLUMN source TEXT;
-- A metric's source: where a document states the figure the metric computes.
ALTER TABLE metrics ADD COLUMN source TEXT;

-- The countries a policy sentence names ("ベトナム、インドネシア、…等での案件を推進する"): the
-- source never calls them priority countries.
ALTER TABLE countries RENAME COLUMN is_priority TO named_in_policy;

-- Targets: the note in both languages, the source sentence's translation and its reference.
ALTER TABLE targets ADD COLUMN note_ja TEXT;
ALTER TABLE targets ADD COLUMN note_en TEXT;
ALTER TABLE targets ADD COLUMN source_en TEXT;
ALTER TABLE targets ADD COLUMN source TEXT;
DROP TRIGGER targets_no_update;
UPDATE targets SET note_en = note WHERE note IS NOT NULL;
UPDATE targets SET
    note_ja = '基準は第1回タスクフォース（平成25年8月7日、「今後の医療の国際展開に関する合意」）時点の開業済み1か所。「2020年まで」は令和2年（2020年）12月31日まで、「20か所程度」は20か所と読む。',
    source_en = 'Japanese medical hubs abroad: projects will be promoted in Vietnam, Indonesia, Myanmar, China, Brazil, Turkey, Egypt, Kenya and other countries, aiming at about 20 sites by 2020.',
    source = 'tf2018-03 L49-51'
WHERE name = 'hubs_2020' AND recorded_at = '2018-03-31T15:00:00Z';
CREATE TRIGGER targets_no_update BEFORE UPDATE ON targets
BEGIN SELECT RAISE(ABORT, 'targets is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
ALTER TABLE targets DROP COLUMN note;

-- A target withdrawn, as known from recorded_at: it is no longer listed or rated from then on.
CREATE TABLE target_withdrawals (
    target      TEXT NOT NULL REFERENCES targets(name),
    reason_ja   TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE indicators (
    name        TEXT PRIMARY KEY CHECK (name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'),
    metric      TEXT NOT NULL REFERENCES metrics(name),
    title_ja    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    note_ja     TEXT,
    note_en     TEXT,
    source      TEXT,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE platform_events (
    id             INTEGER PRIMARY KEY,
    platform       TEXT NOT NULL REFERENCES platforms(code),
    kind           TEXT NOT NULL CHECK (kind IN ('meeting', 'survey', 'milestone')),
    event_date     TEXT NOT NULL CHECK (date(event_date) IS event_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    description_ja TEXT NOT NULL CHECK (description_ja <> ''),
    description_en TEXT NOT NULL CHECK (description_en <> ''),
    source         TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

-- Projects a source names beside the hubs but does not count among them.
CREATE TABLE other_projects (
    id             INTEGER PRIMARY KEY,
    country_iso    TEXT NOT NULL REFERENCES countries(iso),
    title_ja       TEXT NOT NULL CHECK (title_ja <> ''),
    title_en       TEXT NOT NULL CHECK (title_en <> ''),
    status         TEXT NOT NULL CHECK (status IN ('suspended', 'under_study')),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    source         TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TRIGGER source_documents_no_update BEFORE UPDATE ON source_documents
BEGIN SELECT RAISE(ABORT, 'source_documents is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER source_documents_no_delete BEFORE DELETE ON source_documents
BEGIN SELECT RAISE(ABORT, 'source_documents is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER target_withdrawals_no_update BEFORE UPDATE ON target_withdrawals
BEGIN SELECT RAISE(ABORT, 'target_withdrawals is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER target_withdrawals_no_delete BEFORE DELETE ON target_withdrawals
BEGIN SELECT RAISE(ABORT, 'target_withdrawals is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER indicators_no_update BEFORE UPDATE ON indicators
BEGIN SELECT RAISE(ABORT, 'indicators is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER indicators_no_delete BEFORE DELETE ON indicators
BEGIN SELECT RAISE(ABORT, 'indicators is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER platform_events_no_update BEFORE UPDATE ON platform_events
BEGIN SELECT RAISE(ABORT, 'platform_events is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER platform_events_no_delete BEFORE DELETE ON platform_events
BEGIN SELECT RAISE(ABORT, 'platform_events is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER other_projects_no_update BEFORE UPDATE ON other_projects
BEGIN SELECT RAISE(ABORT, 'other_projects is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER other_projects_no_delete BEFORE DELETE ON other_projects
BEGIN SELECT RAISE(ABORT, 'other_projects is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

-- The built-in metrics: the countries measure under its true name, and where each figure is stated.
INSERT INTO metrics (name, title_ja, title_en, unit_ja, unit_en, builtin, recorded_at, source, sql) VALUES
('named_countries_with_hub', '推進対象として例示された国のうち開業済み拠点のある国', 'Countries named in the policy with an open hub', 'か国', 'countries', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L49-51, L138-275',
 'SELECT count(DISTINCT h.country_iso) FROM hubs h JOIN countries c ON c.iso = h.country_iso AND c.named_in_policy = 1 WHERE h.recorded_at <= :known_at AND (SELECT s.status FROM hub_status s WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = ''opened''');
INSERT INTO metrics (name, title_ja, title_en, unit_ja, unit_en, builtin, recorded_at, source, sql) VALUES
('letters_of_intent', '政府間意図表明文書の相手国', 'Countries with a government letter of intent', 'か国', 'countries', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L33-34',
 'SELECT (SELECT countries FROM agreement_counts WHERE kind = ''letter_of_intent'' AND effective_date <= :as_of AND recorded_at <= :known_at ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1)');
DROP TRIGGER metrics_no_update;
-- Every metric that read the renamed column reads it under its new name.
UPDATE metrics SET sql = replace(sql, 'is_priority', 'named_in_policy') WHERE sql LIKE '%is_priority%';
UPDATE metrics SET source = CASE name
    WHEN 'hubs_open' THEN 'tf2018-03 L130, L138-275'
    WHEN 'hubs_planned' THEN 'tf2018-03 L130, L138-275'
    WHEN 'hubs_feasibility' THEN 'tf2018-03 L130, L194-195'
    WHEN 'mou_countries' THEN 'tf2018-03 L33-34'
    WHEN 'platform_members' THEN 'tf2018-03 L336'
    WHEN 'meetings_held' THEN 'tf2018-03 L89-118'
    WHEN 'working_groups' THEN 'tf2018-03 L93, L104, L110-111, L118'
    END
WHERE builtin = 1 AND name NOT IN ('named_countries_with_hub', 'letters_of_intent');
CREATE TRIGGER metrics_no_update BEFORE UPDATE ON metrics
BEGIN SELECT RAISE(ABORT, 'metrics is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
-- The old name of the countries measure goes where nothing was measured with it (a new database);
-- where a target used it, it stays for that target's history.
DROP TRIGGER metrics_no_delete;
DELETE FROM metrics WHERE name = 'priority_countries_with_hub'
  AND NOT EXISTS (SELECT 1 FROM targets WHERE metric = 'priority_countries_with_hub')
  AND NOT EXISTS (SELECT 1 FROM indicators WHERE metric = 'priority_countries_with_hub');
CREATE TRIGGER metrics_no_delete BEFORE DELETE ON metrics
BEGIN SELECT RAISE(ABORT, 'metrics is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

-- A database seeded by an earlier tenkai: its source document, and the corrections, recorded now.
INSERT INTO source_documents (code, title_ja, title_en, as_of, file)
SELECT 'tf2018-03', '医療国際展開タスクフォースのこれまでの成果等について（平成30年3月末時点）',
       'Task Force on the International Expansion of Healthcare: achievements to date (end of March 2018)',
       '2018-03-31', 'db/source/000_0664945caa461b12.txt'
WHERE EXISTS (SELECT 1 FROM hubs WHERE code = 'H01' AND recorded_at = '2018-03-31T15:00:00Z');

INSERT INTO hub_status (hub_id, status, effective_date, date_precision, expected_date, note, recorded_at, source)
SELECT hub_id, status, effective_date, 'unknown', expected_date, note, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       'tf2018-03 L130'
FROM hub_status
WHERE recorded_at = '2018-03-31T15:00:00Z' AND effective_date = '2018-03-31' AND date_precision = 'day'
  AND status IN ('planned', 'feasibility');

INSERT INTO target_withdrawals (target, reason_ja, reason_en, recorded_at)
SELECT name, '資料はこれを目標として定めていない（2020年までに20か所程度の目標のみ）。推進対象として例示された国の指標（named_countries_with_hub）として扱う。',
       'The source does not set this target (only about 20 hubs by 2020). Kept as an indicator of the countries named in the policy (named_countries_with_hub).',
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM targets WHERE name = 'priority_countries' AND recorded_at = '2018-03-31T15:00:00Z';

INSERT INTO indicators (name, metric, title_ja, title_en, note_ja, note_en, source, recorded_at)
SELECT 'named_countries_with_hub', 'named_countries_with_hub',
       '推進対象として例示された国のうち開業済み拠点のある国', 'Countries named in the policy with an open hub',
       '資料が医療拠点の案件を推進する国として例示した8か国（「等」とあり、対象はこれに限られない）のうち、開業済みの拠点がある国の数。担当室の参考指標であり、政府の目標ではない。',
       'Of the 8 countries the source names for hub projects (its list ends with "and others", so it is not closed), how many have an open hub. The office''s own measure, not a government target.',
       'tf2018-03 L49-51', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM targets WHERE name = 'priority_countries' AND recorded_at = '2018-03-31T15:00:00Z');
