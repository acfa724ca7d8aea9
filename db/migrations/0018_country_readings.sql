-- A country's reading (its name in katakana, as a フリガナ): a Japanese list of countries sorts by
-- it, so that 中国 (チュウゴク) and 英国 (エイコク) stand among the others instead of after every
-- name in kana, as their kanji would. A country without a reading sorts by its name.
--
-- The seed's countries get their readings from db/seed/0002_country_readings.sql, which runs
-- after this statement (the migration is both, see store::migrate) and after the seed of a new
-- database.
ALTER TABLE countries ADD COLUMN reading TEXT CHECK (reading IS NULL OR length(trim(reading)) > 0);
