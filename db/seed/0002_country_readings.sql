-- The readings of the seed's countries (see migration 0018): each where the country has the seed's
-- name and no reading yet. The readings are reference data, not a fact a report showed, so the
-- append-only trigger steps aside for this one update and is made again as it was. It runs after
-- migration 0018 on a database made before it, and after the seed of a new database; it may run
-- again on a database whose version was rolled back (the trigger is dropped only if it exists,
-- and only the rows without a reading change).
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
