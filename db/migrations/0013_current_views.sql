-- The "current" views show what holds today (in Asia/Tokyo, where the office is), not the latest
-- row whatever its date: a closure recorded ahead for next year, or a count dated in the future,
-- is not the current state yet. A hub whose statuses all lie ahead has no current status. The
-- views are for any SQLite tool, so today is SQLite's own clock.

DROP VIEW hub_status_current;
CREATE VIEW hub_status_current AS
SELECT h.code, h.name_ja, h.name_en, h.country_iso, h.kind, s.status, s.effective_date, s.date_precision, s.expected_date
FROM hubs h
JOIN hub_status s ON s.id = (
    SELECT s2.id FROM hub_status s2
    WHERE s2.hub_id = h.id AND s2.effective_date <= date('now', '+9 hours')
    ORDER BY s2.effective_date DESC, s2.recorded_at DESC, s2.id DESC LIMIT 1);

DROP VIEW platform_members_current;
CREATE VIEW platform_members_current AS
SELECT p.code AS platform, p.name_ja, m.members, m.effective_date
FROM platforms p
JOIN platform_members m ON m.id = (
    SELECT m2.id FROM platform_members m2
    WHERE m2.platform = p.code AND m2.effective_date <= date('now', '+9 hours')
    ORDER BY m2.effective_date DESC, m2.recorded_at DESC, m2.id DESC LIMIT 1);
