-- A country's reading (its name in katakana, as a フリガナ): a Japanese list of countries sorts by
-- it, so that 中国 (チュウゴク) and 英国 (エイコク) stand among the others instead of after every
-- name in kana, as their kanji would. A country without a reading sorts by its name.
--
-- The seed's countries get their readings here (a database made before this migration); a new
-- database's seed gives them itself. The readings are reference data, not a fact a report showed,
-- so the append-only trigger steps aside for this one update and is made again as it was.
--
-- The statements may run again on a database whose version was rolled back after the column was
-- dropped: the trigger is dropped only if it exists, and only the rows without a reading change.
ALTER TABLE countries ADD COLUMN reading TEXT CHECK (reading IS NULL OR length(trim(reading)) > 0);

DROP TRIGGER IF EXISTS countries_no_update;
UPDATE countries SET reading = (
    SELECT v.column3 FROM (VALUES
        ('JP', '日本', 'ニホン'), ('RU', 'ロシア', 'ロシア'), ('ID', 'インドネシア', 'インドネシア'),
        ('VN', 'ベトナム', 'ベトナム'), ('MM', 'ミャンマー', 'ミャンマー'), ('CN', '中国', 'チュウゴク'),
        ('BR', 'ブラジル', 'ブラジル'), ('TR', 'トルコ', 'トルコ'), ('EG', 'エジプト', 'エジプト'),
        ('KE', 'ケニア', 'ケニア'), ('QA', 'カタール', 'カタール'), ('TH', 'タイ', 'タイ'),
        ('IN', 'インド', 'インド'), ('LA', 'ラオス', 'ラオス'), ('KH', 'カンボジア', 'カンボジア'),
        ('PH', 'フィリピン', 'フィリピン'), ('MN', 'モンゴル', 'モンゴル'),
        ('AZ', 'アゼルバイジャン', 'アゼルバイジャン'), ('GB', '英国', 'エイコク')
    ) v WHERE v.column1 = countries.iso AND v.column2 = countries.name_ja)
WHERE reading IS NULL;
CREATE TRIGGER countries_no_update BEFORE UPDATE ON countries
BEGIN SELECT RAISE(ABORT, 'countries is append-only: what a report showed must stay as it was recorded; record a change as a new row'); END;
