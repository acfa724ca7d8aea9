-- Hubs by country and status at :as_of (as known at :known_at).
SELECT c.iso, c.name_ja, c.name_en, c.named_in_policy, s.status, count(*) AS hubs
FROM hubs h
JOIN countries c ON c.iso = h.country_iso
JOIN hub_status s ON s.id = (
    SELECT s2.id FROM hub_status s2
    WHERE s2.hub_id = h.id AND s2.effective_date <= :as_of AND s2.recorded_at <= :known_at
    ORDER BY s2.effective_date DESC, s2.recorded_at DESC, s2.id DESC LIMIT 1)
WHERE h.recorded_at <= :known_at
GROUP BY c.iso, s.status
ORDER BY c.iso, s.status;
