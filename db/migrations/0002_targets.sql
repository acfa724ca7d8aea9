-- Metrics, targets and the delivery record (milestones, staff assessments, period narratives).
--
-- A metric is a named read-only SQL query that returns one number. It is run with :as_of (a date)
-- and :known_at (a UTC timestamp) bound, so every figure can be reproduced as it stood.

CREATE TABLE metrics (
    name        TEXT PRIMARY KEY CHECK (name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'),
    title_ja    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    unit_ja     TEXT NOT NULL DEFAULT '',
    unit_en     TEXT NOT NULL DEFAULT '',
    sql         TEXT NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE targets (
    name           TEXT PRIMARY KEY CHECK (name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'),
    metric         TEXT NOT NULL REFERENCES metrics(name),
    title_ja       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    baseline_value REAL NOT NULL,
    baseline_date  TEXT NOT NULL CHECK (date(baseline_date) IS baseline_date),
    target_value   REAL NOT NULL,
    deadline       TEXT NOT NULL CHECK (date(deadline) IS deadline),
    direction      TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
    tolerance      REAL NOT NULL DEFAULT 0.1 CHECK (tolerance >= 0 AND tolerance < 1),
    source_ja      TEXT NOT NULL,   -- the sentence of the source document the target comes from
    note           TEXT,            -- how the sentence was read (baseline, deadline)
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE target_milestones (
    id          INTEGER PRIMARY KEY,
    target      TEXT NOT NULL REFERENCES targets(name),
    due_date    TEXT NOT NULL CHECK (date(due_date) IS due_date),
    value       REAL NOT NULL,
    note        TEXT,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE target_assessments (
    id          INTEGER PRIMARY KEY,
    target      TEXT NOT NULL REFERENCES targets(name),
    period      TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('green', 'amber_green', 'amber', 'amber_red', 'red')),
    comment     TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE narratives (
    id          INTEGER PRIMARY KEY,
    period      TEXT NOT NULL,
    section     TEXT NOT NULL CHECK (section IN ('summary', 'key_events', 'issues')),
    lang        TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
    body        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER target_assessments_append_only_u BEFORE UPDATE ON target_assessments
BEGIN SELECT RAISE(ABORT, 'target_assessments is append-only: a new assessment is a new row'); END;
CREATE TRIGGER target_assessments_append_only_d BEFORE DELETE ON target_assessments
BEGIN SELECT RAISE(ABORT, 'target_assessments is append-only: a new assessment is a new row'); END;
CREATE TRIGGER narratives_append_only_u BEFORE UPDATE ON narratives
BEGIN SELECT RAISE(ABORT, 'narratives is append-only: set the narrative again to replace it'); END;
CREATE TRIGGER narratives_append_only_d BEFORE DELETE ON narratives
BEGIN SELECT RAISE(ABORT, 'narratives is append-only: set the narrative again to replace it'); END;

-- The built-in metrics.
INSERT INTO metrics (name, title_ja, title_en, unit_ja, unit_en, builtin, recorded_at, sql) VALUES
('hubs_open', '開業済みの医療拠点', 'Hubs open', 'か所', 'hubs', 1, '2018-03-31T15:00:00Z',
 'SELECT count(*) FROM hubs h WHERE h.recorded_at <= :known_at AND (SELECT s.status FROM hub_status s WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = ''opened'''),
('hubs_planned', '開業予定の医療拠点', 'Hubs planned', 'か所', 'hubs', 1, '2018-03-31T15:00:00Z',
 'SELECT count(*) FROM hubs h WHERE h.recorded_at <= :known_at AND (SELECT s.status FROM hub_status s WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = ''planned'''),
('hubs_feasibility', '実行可能性調査中の医療拠点', 'Hubs under feasibility study', 'か所', 'hubs', 1, '2018-03-31T15:00:00Z',
 'SELECT count(*) FROM hubs h WHERE h.recorded_at <= :known_at AND (SELECT s.status FROM hub_status s WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = ''feasibility'''),
('priority_countries_with_hub', '開業済み拠点のある重点国', 'Priority countries with an open hub', 'か国', 'countries', 1, '2018-03-31T15:00:00Z',
 'SELECT count(DISTINCT h.country_iso) FROM hubs h JOIN countries c ON c.iso = h.country_iso AND c.is_priority = 1 WHERE h.recorded_at <= :known_at AND (SELECT s.status FROM hub_status s WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = ''opened'''),
('mou_countries', '政府間覚書等の相手国', 'Countries with a government MOU', 'か国', 'countries', 1, '2018-03-31T15:00:00Z',
 'SELECT (SELECT countries FROM agreement_counts WHERE kind = ''mou'' AND effective_date <= :as_of AND recorded_at <= :known_at ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1)'),
('platform_members', '栄養改善事業推進プラットフォーム会員数', 'Nutrition platform members', '社・団体', 'members', 1, '2018-03-31T15:00:00Z',
 'SELECT (SELECT members FROM platform_members WHERE platform = ''nutrition'' AND effective_date <= :as_of AND recorded_at <= :known_at ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1)'),
('meetings_held', 'タスクフォース開催回数', 'Task-force meetings held', '回', 'meetings', 1, '2018-03-31T15:00:00Z',
 'SELECT count(*) FROM meetings WHERE held_on <= :as_of AND recorded_at <= :known_at'),
('working_groups', '設置済みのワーキンググループ', 'Working groups set up', '件', 'groups', 1, '2018-03-31T15:00:00Z',
 'SELECT count(*) FROM working_groups w WHERE w.set_up_on <= :as_of AND w.recorded_at <= :known_at AND NOT EXISTS (SELECT 1 FROM wg_events e WHERE e.wg_id = w.id AND e.kind = ''dissolved'' AND e.event_date <= :as_of AND e.recorded_at <= :known_at)');
