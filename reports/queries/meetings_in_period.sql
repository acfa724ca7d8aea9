-- Task-force meetings held between :start and :end.
SELECT m.number, m.held_on, m.by_circulation, group_concat(a.item_ja, '／') AS agenda
FROM meetings m LEFT JOIN meeting_agenda a ON a.meeting_number = m.number
WHERE m.held_on BETWEEN :start AND :end AND m.recorded_at <= :known_at
GROUP BY m.number
ORDER BY m.number;
