-- The history is written by tenkai alone (see src/store/history.rs).
--
-- 1. recorded_at defaults to tenkai_now(), the time of the write: an application function that
--    tenkai registers on every connection it opens. An INSERT leaves the column out and tenkai fills
--    it. A column's default is changed in the schema text, the way SQLite documents for a change
--    that leaves the stored rows as they are (lang_altertable.html, "otheralter"): no table is
--    rebuilt, and every row, row id, index, view and trigger stays.
-- 2. A new history row's recorded_at is a timestamp (YYYY-MM-DDTHH:MM:SSZ), no later than
--    tenkai_now() and no earlier than the newest row of its table. It is also later than the
--    known-at of every logged export made as known at an earlier time, and no earlier than the
--    start of every export: a row recorded at or before what a sent report knew would change that
--    report when it is made again. The row goes after every row already there. A SQLite tool
--    without tenkai_now() cannot insert into a history table at all.
-- 3. An insert whose key (row id, primary key or unique column) is already recorded is refused on
--    every append-only table, before SQLite resolves the conflict: REPLACE, INSERT OR REPLACE and
--    upserts cannot delete or rewrite a row from any tool, even one that leaves
--    recursive_triggers off.
--
-- The rows already stored (the seed's, the earlier migrations') stay as they are.

PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(replace(replace(sql,
        'recorded_at TEXT NOT NULL', 'recorded_at TEXT NOT NULL DEFAULT (tenkai_now())'),
        'recorded_at    TEXT NOT NULL', 'recorded_at    TEXT NOT NULL DEFAULT (tenkai_now())'),
        'recorded_at        TEXT NOT NULL', 'recorded_at        TEXT NOT NULL DEFAULT (tenkai_now())')
WHERE type = 'table' AND name IN (
    'agreement_counts',
    'agreements',
    'hub_dates',
    'hub_status',
    'hubs',
    'indicators',
    'meetings',
    'metrics',
    'narratives',
    'other_projects',
    'platform_events',
    'platform_members',
    'platforms',
    'policy_documents',
    'target_assessments',
    'target_milestones',
    'target_withdrawals',
    'targets',
    'wg_events',
    'working_groups');
-- The schema is read again from the edited text; the CREATE statements below change the schema
-- version, so every other connection reads it again too.
PRAGMA writable_schema = RESET;

-- The time up to which a logged export showed the record, found without reading the whole log.
CREATE INDEX export_log_known ON export_log (min(known_at, started_at));

-- 2. recorded_at is the time of the write, in order.
CREATE TRIGGER agreement_counts_recorded_now BEFORE INSERT ON agreement_counts
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM agreement_counts ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'agreement_counts: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER agreement_counts_in_order AFTER INSERT ON agreement_counts
WHEN EXISTS (SELECT 1 FROM agreement_counts WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'agreement_counts: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER agreements_recorded_now BEFORE INSERT ON agreements
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM agreements ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'agreements: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER agreements_in_order AFTER INSERT ON agreements
WHEN EXISTS (SELECT 1 FROM agreements WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'agreements: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER hub_dates_recorded_now BEFORE INSERT ON hub_dates
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM hub_dates ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'hub_dates: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER hub_dates_in_order AFTER INSERT ON hub_dates
WHEN EXISTS (SELECT 1 FROM hub_dates WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_dates: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER hub_status_recorded_now BEFORE INSERT ON hub_status
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM hub_status ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'hub_status: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER hub_status_in_order AFTER INSERT ON hub_status
WHEN EXISTS (SELECT 1 FROM hub_status WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_status: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER hubs_recorded_now BEFORE INSERT ON hubs
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM hubs ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'hubs: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER hubs_in_order AFTER INSERT ON hubs
WHEN EXISTS (SELECT 1 FROM hubs WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hubs: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER indicators_recorded_now BEFORE INSERT ON indicators
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM indicators ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'indicators: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER indicators_in_order AFTER INSERT ON indicators
WHEN EXISTS (SELECT 1 FROM indicators WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'indicators: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER meetings_recorded_now BEFORE INSERT ON meetings
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM meetings ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'meetings: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER meetings_in_order AFTER INSERT ON meetings
WHEN EXISTS (SELECT 1 FROM meetings WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'meetings: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER metrics_recorded_now BEFORE INSERT ON metrics
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM metrics ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'metrics: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER metrics_in_order AFTER INSERT ON metrics
WHEN EXISTS (SELECT 1 FROM metrics WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'metrics: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER narratives_recorded_now BEFORE INSERT ON narratives
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM narratives ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'narratives: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER narratives_in_order AFTER INSERT ON narratives
WHEN EXISTS (SELECT 1 FROM narratives WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'narratives: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER other_projects_recorded_now BEFORE INSERT ON other_projects
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM other_projects ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'other_projects: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER other_projects_in_order AFTER INSERT ON other_projects
WHEN EXISTS (SELECT 1 FROM other_projects WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'other_projects: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER platform_events_recorded_now BEFORE INSERT ON platform_events
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM platform_events ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'platform_events: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER platform_events_in_order AFTER INSERT ON platform_events
WHEN EXISTS (SELECT 1 FROM platform_events WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'platform_events: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER platform_members_recorded_now BEFORE INSERT ON platform_members
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM platform_members ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'platform_members: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER platform_members_in_order AFTER INSERT ON platform_members
WHEN EXISTS (SELECT 1 FROM platform_members WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'platform_members: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER platforms_recorded_now BEFORE INSERT ON platforms
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM platforms ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'platforms: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER platforms_in_order AFTER INSERT ON platforms
WHEN EXISTS (SELECT 1 FROM platforms WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'platforms: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER policy_documents_recorded_now BEFORE INSERT ON policy_documents
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM policy_documents ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'policy_documents: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER policy_documents_in_order AFTER INSERT ON policy_documents
WHEN EXISTS (SELECT 1 FROM policy_documents WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'policy_documents: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER target_assessments_recorded_now BEFORE INSERT ON target_assessments
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM target_assessments ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'target_assessments: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER target_assessments_in_order AFTER INSERT ON target_assessments
WHEN EXISTS (SELECT 1 FROM target_assessments WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'target_assessments: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER target_milestones_recorded_now BEFORE INSERT ON target_milestones
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM target_milestones ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'target_milestones: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER target_milestones_in_order AFTER INSERT ON target_milestones
WHEN EXISTS (SELECT 1 FROM target_milestones WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'target_milestones: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER target_withdrawals_recorded_now BEFORE INSERT ON target_withdrawals
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM target_withdrawals ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'target_withdrawals: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER target_withdrawals_in_order AFTER INSERT ON target_withdrawals
WHEN EXISTS (SELECT 1 FROM target_withdrawals WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'target_withdrawals: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER targets_recorded_now BEFORE INSERT ON targets
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM targets ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'targets: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER targets_in_order AFTER INSERT ON targets
WHEN EXISTS (SELECT 1 FROM targets WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'targets: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER wg_events_recorded_now BEFORE INSERT ON wg_events
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM wg_events ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'wg_events: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER wg_events_in_order AFTER INSERT ON wg_events
WHEN EXISTS (SELECT 1 FROM wg_events WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'wg_events: a new row goes after every row recorded before it: leave its row id out'); END;
CREATE TRIGGER working_groups_recorded_now BEFORE INSERT ON working_groups
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM working_groups ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'working_groups: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
CREATE TRIGGER working_groups_in_order AFTER INSERT ON working_groups
WHEN EXISTS (SELECT 1 FROM working_groups WHERE rowid > NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'working_groups: a new row goes after every row recorded before it: leave its row id out'); END;

-- 3. A recorded key is never replaced.
CREATE TRIGGER agreement_counts_no_replace BEFORE INSERT ON agreement_counts
WHEN EXISTS (SELECT 1 FROM agreement_counts WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'agreement_counts: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER agreements_no_replace BEFORE INSERT ON agreements
WHEN EXISTS (SELECT 1 FROM agreements WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'agreements: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER countries_no_replace BEFORE INSERT ON countries
WHEN EXISTS (SELECT 1 FROM countries WHERE rowid = NEW.rowid OR iso = NEW.iso)
BEGIN SELECT RAISE(ABORT, 'countries: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER export_log_no_replace BEFORE INSERT ON export_log
WHEN EXISTS (SELECT 1 FROM export_log WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'export_log: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER hub_dates_no_replace BEFORE INSERT ON hub_dates
WHEN EXISTS (SELECT 1 FROM hub_dates WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_dates: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER hub_kinds_no_replace BEFORE INSERT ON hub_kinds
WHEN EXISTS (SELECT 1 FROM hub_kinds WHERE rowid = NEW.rowid OR kind = NEW.kind)
BEGIN SELECT RAISE(ABORT, 'hub_kinds: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER hub_partners_no_replace BEFORE INSERT ON hub_partners
WHEN EXISTS (SELECT 1 FROM hub_partners WHERE rowid = NEW.rowid OR (hub_id, org_id) = (NEW.hub_id, NEW.org_id))
BEGIN SELECT RAISE(ABORT, 'hub_partners: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER hub_status_no_replace BEFORE INSERT ON hub_status
WHEN EXISTS (SELECT 1 FROM hub_status WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'hub_status: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER hubs_no_replace BEFORE INSERT ON hubs
WHEN EXISTS (SELECT 1 FROM hubs WHERE rowid = NEW.rowid OR code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'hubs: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER indicators_no_replace BEFORE INSERT ON indicators
WHEN EXISTS (SELECT 1 FROM indicators WHERE rowid = NEW.rowid OR name = NEW.name)
BEGIN SELECT RAISE(ABORT, 'indicators: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER meeting_agenda_no_replace BEFORE INSERT ON meeting_agenda
WHEN EXISTS (SELECT 1 FROM meeting_agenda WHERE rowid = NEW.rowid OR (meeting_number, position) = (NEW.meeting_number, NEW.position))
BEGIN SELECT RAISE(ABORT, 'meeting_agenda: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER meetings_no_replace BEFORE INSERT ON meetings
WHEN EXISTS (SELECT 1 FROM meetings WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'meetings: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER metrics_no_replace BEFORE INSERT ON metrics
WHEN EXISTS (SELECT 1 FROM metrics WHERE rowid = NEW.rowid OR name = NEW.name)
BEGIN SELECT RAISE(ABORT, 'metrics: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER narratives_no_replace BEFORE INSERT ON narratives
WHEN EXISTS (SELECT 1 FROM narratives WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'narratives: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER organisations_no_replace BEFORE INSERT ON organisations
WHEN EXISTS (SELECT 1 FROM organisations WHERE rowid = NEW.rowid OR name_ja = NEW.name_ja)
BEGIN SELECT RAISE(ABORT, 'organisations: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER other_projects_no_replace BEFORE INSERT ON other_projects
WHEN EXISTS (SELECT 1 FROM other_projects WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'other_projects: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER platform_events_no_replace BEFORE INSERT ON platform_events
WHEN EXISTS (SELECT 1 FROM platform_events WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'platform_events: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER platform_members_no_replace BEFORE INSERT ON platform_members
WHEN EXISTS (SELECT 1 FROM platform_members WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'platform_members: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER platforms_no_replace BEFORE INSERT ON platforms
WHEN EXISTS (SELECT 1 FROM platforms WHERE rowid = NEW.rowid OR code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'platforms: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER policy_documents_no_replace BEFORE INSERT ON policy_documents
WHEN EXISTS (SELECT 1 FROM policy_documents WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'policy_documents: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER source_documents_no_replace BEFORE INSERT ON source_documents
WHEN EXISTS (SELECT 1 FROM source_documents WHERE rowid = NEW.rowid OR code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'source_documents: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER target_assessments_no_replace BEFORE INSERT ON target_assessments
WHEN EXISTS (SELECT 1 FROM target_assessments WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'target_assessments: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER target_milestones_no_replace BEFORE INSERT ON target_milestones
WHEN EXISTS (SELECT 1 FROM target_milestones WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'target_milestones: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER target_withdrawals_no_replace BEFORE INSERT ON target_withdrawals
WHEN EXISTS (SELECT 1 FROM target_withdrawals WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'target_withdrawals: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER targets_no_replace BEFORE INSERT ON targets
WHEN EXISTS (SELECT 1 FROM targets WHERE rowid = NEW.rowid OR name = NEW.name)
BEGIN SELECT RAISE(ABORT, 'targets: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER taskforce_members_no_replace BEFORE INSERT ON taskforce_members
WHEN EXISTS (SELECT 1 FROM taskforce_members WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'taskforce_members: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER wg_events_no_replace BEFORE INSERT ON wg_events
WHEN EXISTS (SELECT 1 FROM wg_events WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'wg_events: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
CREATE TRIGGER working_groups_no_replace BEFORE INSERT ON working_groups
WHEN EXISTS (SELECT 1 FROM working_groups WHERE rowid = NEW.rowid OR code = NEW.code)
BEGIN SELECT RAISE(ABORT, 'working_groups: a row with this key is already recorded, and the record is append-only: no conflict clause (REPLACE, OR IGNORE, ON CONFLICT) may replace or skip it; record a change as a new row'); END;
