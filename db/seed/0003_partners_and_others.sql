-- The hubs whose partners the source lists with 他 (see migration 0020): each where the hub is the
-- seed's (its code, name and the seed's recorded_at) and has no such row yet. It runs after
-- migration 0020 on a database made before it, and after the seed of a new database; it may run
-- again. The seed's rows are dated as the seed is, before any report a database may have sent:
-- the trigger that holds every later row to the time of its write is made after them.
DROP TRIGGER IF EXISTS hub_partners_others_recorded_now;
INSERT INTO hub_partners_others (hub_id, source, recorded_at)
SELECT h.id, v.column3, '2018-03-31T15:00:00Z'
FROM hubs h, (VALUES ('H05', '乳がん検診センター', 'tf2018-03 L158-161'),
                     ('H12', 'インドヘルスケア流通センター（仮称）', 'tf2018-03 L194-197')) v
WHERE h.code = v.column1 AND h.name_ja = v.column2 AND h.recorded_at = '2018-03-31T15:00:00Z'
  AND NOT EXISTS (SELECT 1 FROM hub_partners_others o WHERE o.hub_id = h.id);
CREATE TRIGGER hub_partners_others_recorded_now BEFORE INSERT ON hub_partners_others
WHEN NEW.recorded_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', NEW.recorded_at)
  OR NEW.recorded_at > tenkai_now()
  OR NEW.recorded_at < (SELECT recorded_at FROM hub_partners_others ORDER BY rowid DESC LIMIT 1)
  OR EXISTS (SELECT 1 FROM export_log WHERE min(known_at, started_at) >= NEW.recorded_at
             AND (min(known_at, started_at) > NEW.recorded_at OR known_at < started_at))
BEGIN SELECT RAISE(ABORT, 'hub_partners_others: recorded_at is set by tenkai to the time of the write (leave the column out): a row recorded before the newest row or a sent report, or after now, would change what a report shows'); END;
