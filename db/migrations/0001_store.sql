-- tenkai store: the append-only history of Japan's international healthcare expansion.
--
-- Every fact that can change (a hub's status, a member count, a count of agreements) is a row with
--   effective_date  the date it became true (ISO 8601, YYYY-MM-DD), and
--   recorded_at     when tenkai learned it (UTC, YYYY-MM-DDTHH:MM:SSZ).
-- State at date D as known at time K is the latest row with effective_date <= D and recorded_at <= K.
-- A correction is a new row with the same effective_date and a later recorded_at. History tables
-- refuse UPDATE and DELETE (triggers below), so a past report can always be regenerated.
-- date_precision says how much of effective_date the source gave: 'day', 'month' (stored as the
-- first of the month) or 'year'.

CREATE TABLE countries (
    iso         TEXT PRIMARY KEY CHECK (length(iso) = 2 AND iso = upper(iso)),
    name_ja     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    is_priority INTEGER NOT NULL DEFAULT 0 CHECK (is_priority IN (0, 1)) -- a priority country for new hubs
) STRICT;

CREATE TABLE organisations (
    id      INTEGER PRIMARY KEY,
    name_ja TEXT NOT NULL UNIQUE,
    name_en TEXT
) STRICT;

CREATE TABLE hub_kinds (
    kind    TEXT PRIMARY KEY,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL
) STRICT;

CREATE TABLE hubs (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (code <> ''),
    name_ja     TEXT NOT NULL CHECK (name_ja <> ''),
    name_en     TEXT,
    country_iso TEXT NOT NULL REFERENCES countries(iso),
    kind        TEXT NOT NULL REFERENCES hub_kinds(kind),
    note        TEXT,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE hub_operators (
    hub_id   INTEGER NOT NULL REFERENCES hubs(id),
    org_id   INTEGER NOT NULL REFERENCES organisations(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (hub_id, org_id)
) STRICT;

CREATE TABLE hub_status (
    id             INTEGER PRIMARY KEY,
    hub_id         INTEGER NOT NULL REFERENCES hubs(id),
    status         TEXT NOT NULL CHECK (status IN ('feasibility', 'planned', 'opened', 'suspended', 'closed')),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
    expected_date  TEXT CHECK (expected_date IS NULL OR date(expected_date) IS expected_date), -- planned opening
    note           TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;
CREATE INDEX hub_status_by_hub ON hub_status (hub_id, effective_date, recorded_at);

CREATE TABLE meetings (
    number         INTEGER PRIMARY KEY CHECK (number > 0),
    held_on        TEXT NOT NULL CHECK (date(held_on) IS held_on),
    by_circulation INTEGER NOT NULL DEFAULT 0 CHECK (by_circulation IN (0, 1)), -- 持ち回り開催
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE meeting_agenda (
    meeting_number INTEGER NOT NULL REFERENCES meetings(number),
    position       INTEGER NOT NULL,
    item_ja        TEXT NOT NULL,
    item_en        TEXT,
    PRIMARY KEY (meeting_number, position)
) STRICT;

CREATE TABLE working_groups (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name_ja            TEXT NOT NULL,
    name_en            TEXT,
    set_up_by_meeting  INTEGER REFERENCES meetings(number),
    set_up_on          TEXT NOT NULL CHECK (date(set_up_on) IS set_up_on),
    recorded_at        TEXT NOT NULL
) STRICT;

CREATE TABLE wg_events (
    id             INTEGER PRIMARY KEY,
    wg_id          INTEGER NOT NULL REFERENCES working_groups(id),
    meeting_number INTEGER REFERENCES meetings(number),
    event_date     TEXT NOT NULL CHECK (date(event_date) IS event_date),
    kind           TEXT NOT NULL CHECK (kind IN ('membership_change', 'report', 'meeting', 'dissolved')),
    description_ja TEXT NOT NULL,
    description_en TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE agreements (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('mou', 'letter_of_intent')),
    title_ja       TEXT NOT NULL,
    title_en       TEXT,
    counterpart_ja TEXT NOT NULL,
    counterpart_en TEXT,
    country_iso    TEXT REFERENCES countries(iso),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    note           TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

-- The source gives some figures only as counts ("20 countries"): recorded as a dated series.
CREATE TABLE agreement_counts (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('mou', 'letter_of_intent')),
    countries      INTEGER NOT NULL CHECK (countries >= 0),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    source         TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE policy_documents (
    id             INTEGER PRIMARY KEY,
    title_ja       TEXT NOT NULL,
    title_en       TEXT,
    adopted_on     TEXT NOT NULL CHECK (date(adopted_on) IS adopted_on),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
    meeting_number INTEGER REFERENCES meetings(number),
    note           TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE platforms (
    code           TEXT PRIMARY KEY,
    name_ja        TEXT NOT NULL,
    name_en        TEXT,
    started_on     TEXT NOT NULL CHECK (date(started_on) IS started_on),
    date_precision TEXT NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE platform_members (
    id             INTEGER PRIMARY KEY,
    platform       TEXT NOT NULL REFERENCES platforms(code),
    members        INTEGER NOT NULL CHECK (members >= 0),
    effective_date TEXT NOT NULL CHECK (date(effective_date) IS effective_date),
    source         TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TABLE taskforce_members (
    id       INTEGER PRIMARY KEY,
    role     TEXT NOT NULL CHECK (role IN ('chair', 'member', 'observer')),
    title_ja TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

-- History is append-only: corrections are new rows.
CREATE TRIGGER hub_status_append_only_u BEFORE UPDATE ON hub_status
BEGIN SELECT RAISE(ABORT, 'hub_status is append-only: record a correction as a new row (tenkai hub set-status)'); END;
CREATE TRIGGER hub_status_append_only_d BEFORE DELETE ON hub_status
BEGIN SELECT RAISE(ABORT, 'hub_status is append-only: record a correction as a new row (tenkai hub set-status)'); END;
CREATE TRIGGER platform_members_append_only_u BEFORE UPDATE ON platform_members
BEGIN SELECT RAISE(ABORT, 'platform_members is append-only: record a correction as a new row (tenkai members record)'); END;
CREATE TRIGGER platform_members_append_only_d BEFORE DELETE ON platform_members
BEGIN SELECT RAISE(ABORT, 'platform_members is append-only: record a correction as a new row (tenkai members record)'); END;
CREATE TRIGGER agreement_counts_append_only_u BEFORE UPDATE ON agreement_counts
BEGIN SELECT RAISE(ABORT, 'agreement_counts is append-only: record a correction as a new row'); END;
CREATE TRIGGER agreement_counts_append_only_d BEFORE DELETE ON agreement_counts
BEGIN SELECT RAISE(ABORT, 'agreement_counts is append-only: record a correction as a new row'); END;

-- Current state, for people reading the file in any SQLite tool.
CREATE VIEW hub_status_current AS
SELECT h.code, h.name_ja, h.name_en, h.country_iso, h.kind, s.status, s.effective_date, s.date_precision, s.expected_date
FROM hubs h
JOIN hub_status s ON s.id = (
    SELECT s2.id FROM hub_status s2 WHERE s2.hub_id = h.id
    ORDER BY s2.effective_date DESC, s2.recorded_at DESC, s2.id DESC LIMIT 1);

CREATE VIEW platform_members_current AS
SELECT p.code AS platform, p.name_ja, m.members, m.effective_date
FROM platforms p
JOIN platform_members m ON m.id = (
    SELECT m2.id FROM platform_members m2 WHERE m2.platform = p.code
    ORDER BY m2.effective_date DESC, m2.recorded_at DESC, m2.id DESC LIMIT 1);
