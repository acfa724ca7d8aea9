-- Hubs open at :as_of (as known at :known_at), by their kind at :as_of.
-- A hub's kind at a date is hub_kind_history's: its latest change of kind in hub_changes dated
-- by then and recorded by the time, else the kind it was added with. The changes are read here
-- from hub_changes by its index, one hub at a time (the view, a union of two tables, would be
-- gathered and sorted again for each hub).
SELECT k.kind, k.name_ja, k.name_en, count(*) AS hubs
FROM hubs h
JOIN hub_kinds k ON k.kind = coalesce((
    SELECT c.kind FROM hub_changes c
    WHERE c.hub_id = h.id AND c.kind IS NOT NULL AND c.effective_date <= :as_of AND c.recorded_at <= :known_at
    ORDER BY c.effective_date DESC, c.recorded_at DESC, c.id DESC LIMIT 1), h.kind)
WHERE h.recorded_at <= :known_at
  AND (SELECT s.status FROM hub_status s
       WHERE s.hub_id = h.id AND s.effective_date <= :as_of AND s.recorded_at <= :known_at
       ORDER BY s.effective_date DESC, s.recorded_at DESC, s.id DESC LIMIT 1) = 'opened'
GROUP BY k.kind
ORDER BY hubs DESC, k.kind;
