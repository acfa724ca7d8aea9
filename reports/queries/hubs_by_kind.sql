-- Hubs open at :as_of (as known at :known_at), by kind.
SELECT k.kind, k.name_ja, k.name_en, count(*) AS hubs
FROM hubs h
JOIN hub_kinds k ON k.kind = h.kind
WHERE h.recorded_at <= :known_at
  AND (SELECT s.status FROM hub_status s
       WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at
       ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = 'opened'
GROUP BY k.kind
ORDER BY hubs DESC, k.kind;
