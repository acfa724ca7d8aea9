-- A new hub's Japanese name is checked against every hub's name, present and past (a hub
-- renamed by a change keeps its old name): once per row of a bulk import. Without an index each
-- check scanned both tables, and an import's time grew with the square of its rows.
CREATE INDEX IF NOT EXISTS hubs_by_name_ja ON hubs (name_ja);
CREATE INDEX IF NOT EXISTS hub_changes_by_name_ja ON hub_changes (name_ja);
