-- What an editor asked of the reports.
--
-- 1. The organisations beside a hub are the source's list of who is involved, not who runs it:
--    hub_operators becomes hub_partners ("Japanese partners", 主な関係機関・企業).
-- 2. An expected opening date has a precision too: 'month', or 'from_fiscal_year' for the legend's
--    「平成30年度以降の開業予定」 (stored as the fiscal year's 1 April: that year or later).
-- 3. A hub may have further dated events beside its status (the dialysis centre opened in August
--    2014, its CT centre in September 2015): hub_dates.
-- 4. Narratives gain the briefing's sections: a headline, key points and lines to take.
-- 5. A member count may carry a note, as a hub's status does (a correction says why).

ALTER TABLE hub_operators RENAME TO hub_partners;
DROP TRIGGER hub_operators_no_update;
DROP TRIGGER hub_operators_no_delete;
CREATE TRIGGER hub_partners_no_update BEFORE UPDATE ON hub_partners
BEGIN SELECT RAISE(ABORT, 'hub_partners is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER hub_partners_no_delete BEFORE DELETE ON hub_partners
BEGIN SELECT RAISE(ABORT, 'hub_partners is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

ALTER TABLE platform_members ADD COLUMN note TEXT;

ALTER TABLE hub_status ADD COLUMN expected_precision TEXT
    CHECK (expected_precision IS NULL OR expected_precision IN ('day', 'month', 'year', 'fiscal_year', 'from_fiscal_year'));

CREATE TABLE hub_dates (
    id             INTEGER PRIMARY KEY,
    hub_id         INTEGER NOT NULL REFERENCES hubs(id),
    event_date     TEXT NOT NULL CHECK (date(event_date) IS event_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year', 'fiscal_year', 'unknown')),
    label_ja       TEXT NOT NULL CHECK (label_ja <> ''),
    label_en       TEXT NOT NULL CHECK (label_en <> ''),
    source         TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;
CREATE TRIGGER hub_dates_no_update BEFORE UPDATE ON hub_dates
BEGIN SELECT RAISE(ABORT, 'hub_dates is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
CREATE TRIGGER hub_dates_no_delete BEFORE DELETE ON hub_dates
BEGIN SELECT RAISE(ABORT, 'hub_dates is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;

-- narratives is rebuilt for the wider CHECK on section; its rows and triggers carry over.
CREATE TABLE narratives_new (
    id          INTEGER PRIMARY KEY,
    period      TEXT NOT NULL,
    section     TEXT NOT NULL CHECK (section IN ('summary', 'key_events', 'issues', 'headline', 'key_points', 'lines_to_take')),
    lang        TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
    body        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
INSERT INTO narratives_new SELECT id, period, section, lang, body, recorded_at FROM narratives;
DROP TABLE narratives;
ALTER TABLE narratives_new RENAME TO narratives;
CREATE TRIGGER narratives_append_only_u BEFORE UPDATE ON narratives
BEGIN SELECT RAISE(ABORT, 'narratives is append-only: set the narrative again to replace it'); END;
CREATE TRIGGER narratives_append_only_d BEFORE DELETE ON narratives
BEGIN SELECT RAISE(ABORT, 'narratives is append-only: set the narrative again to replace it'); END;

-- A database seeded by an earlier tenkai: the legend's expected opening of the four undated
-- planned hubs, and the dialysis centre's two openings, recorded now.
INSERT INTO hub_status (hub_id, status, effective_date, date_precision, expected_date, expected_precision, note, recorded_at, source)
SELECT s.hub_id, s.status, s.effective_date, 'unknown', '2018-04-01', 'from_fiscal_year', s.note,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'tf2018-03 L130'
FROM hub_status s JOIN hubs h ON h.id = s.hub_id
WHERE h.code IN ('H14', 'H16', 'H18', 'H20') AND h.recorded_at = '2018-03-31T15:00:00Z'
  AND s.status = 'planned' AND s.expected_date IS NULL
  AND s.id = (SELECT max(id) FROM hub_status WHERE hub_id = s.hub_id);
INSERT INTO hub_dates (hub_id, event_date, date_precision, label_ja, label_en, source, recorded_at)
SELECT h.id, v.column1, 'month', v.column2, v.column3, 'tf2018-03 L270-275', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM hubs h, (VALUES ('2014-08-01', '透析センター開設', 'Dialysis centre opened'), ('2015-09-01', 'CTセンター開設', 'CT centre opened')) v
WHERE h.code = 'H28' AND h.recorded_at = '2018-03-31T15:00:00Z';
