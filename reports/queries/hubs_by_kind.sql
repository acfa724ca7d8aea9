-- Hubs open at :as_of (as known at :known_at), by their kind at :as_of.
SELECT k.kind, k.name_ja, k.name_en, count(*) AS hubs
FROM hubs h
JOIN hub_kinds k ON k.kind = (
    SELECT x.kind FROM hub_kind_history x
    WHERE x.hub_id = h.id AND x.effective_date <= :as_of AND x.recorded_at <= :known_at
    ORDER BY x.effective_date DESC, x.recorded_at DESC, x.seq DESC LIMIT 1)
WHERE h.recorded_at <= :known_at
  AND (SELECT s.status FROM hub_status s
       WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at
       ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = 'opened'
GROUP BY k.kind
ORDER BY hubs DESC, k.kind;
