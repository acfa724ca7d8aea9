-- The import's and `hub add`'s check that a code is new, whatever its case
-- (`WHERE code = ? COLLATE NOCASE`), reads this index instead of scanning every hub: an import
-- of n hubs takes time in proportion to n, not n². Not unique: a database may already hold codes
-- that differ only in case; new ones are refused by that check.
CREATE INDEX hubs_code_nocase ON hubs (code COLLATE NOCASE);
