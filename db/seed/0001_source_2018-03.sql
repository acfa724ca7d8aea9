-- Seed: a transcription of 「医療国際展開タスクフォースのこれまでの成果等について」 (state at the end of March 2018,
-- 平成30年3月末), db/source/000_0664945caa461b12.txt (a copy of the source document).
--
-- Conventions
-- * 和暦 converted with 平成N年 = 1988+N. A date the document gives to the month only is stored as the first of
--   that month with date_precision 'month'.
-- * recorded_at of every row is 2018-03-31T15:00:00Z (2018-04-01 00:00 Asia/Tokyo): tenkai knows the
--   document's facts from the day after the date it describes.
-- * Hub status (the document's legend, L130): an entry with an opening date before April 2018 is 'opened'
--   from that month; an entry dated FY2018 or later, or undated, is 'planned' and one is under a
--   feasibility study. The document gives no date on which these were first planned or studied: their
--   status is undated ('unknown', known to hold by 2018-03-31), and no period reports it as a change.
--   北斗画像診断センター is marked 開設予定 (May 2013), but the legend's count of 21 open needs it open: it is
--   recorded as opened in May 2013, with a note.
-- * The document writes the same company as 富士フィルム and 富士フイルム; both are the one organisation 富士フイルム.
-- * English names are tenkai's translations, for the English report, but for the bodies that have
--   their own (reports/glossary.toml says which).
-- * Every row names its source: 'tf2018-03 L<line>' is a line of that document (source_documents);
--   'tenkai' marks tenkai's own classification, which the document does not make.
-- * A date the document does not give is stored with date_precision 'unknown': the date stored is the
--   latest by which the fact is known to hold (the document's date, or the meeting that dealt with it,
--   as the note says). A fiscal year given alone is stored as its 1 April with 'fiscal_year'.

INSERT INTO source_documents (code, title_ja, title_en, as_of, file) VALUES
 ('tf2018-03', '医療国際展開タスクフォースのこれまでの成果等について（平成30年3月末時点）',
  'Task Force on the International Expansion of Healthcare: achievements to date (end of March 2018)',
  '2018-03-31', 'db/source/000_0664945caa461b12.txt');

-- named_in_policy: the eight countries of 「…ベトナム、インドネシア、ミャンマー、中国、ブラジル、トルコ、エジプト、
-- ケニア等での案件を推進する」 (L49-51). The document does not call them priority countries.
INSERT INTO countries (iso, name_ja, name_en, named_in_policy, source) VALUES
 ('JP', '日本', 'Japan', 0, 'tf2018-03 L2-3'),
 ('RU', 'ロシア', 'Russia', 0, 'tf2018-03 L138-140'),
 ('ID', 'インドネシア', 'Indonesia', 1, 'tf2018-03 L49-51, L143-144'),
 ('VN', 'ベトナム', 'Viet Nam', 1, 'tf2018-03 L49-51, L148-150'),
 ('MM', 'ミャンマー', 'Myanmar', 1, 'tf2018-03 L49-51, L158-160'),
 ('CN', '中国', 'China', 1, 'tf2018-03 L49-51, L163-165'),
 ('BR', 'ブラジル', 'Brazil', 1, 'tf2018-03 L49-51, L152-155'),
 ('TR', 'トルコ', 'Turkey', 1, 'tf2018-03 L49-51'),
 ('EG', 'エジプト', 'Egypt', 1, 'tf2018-03 L49-51'),
 ('KE', 'ケニア', 'Kenya', 1, 'tf2018-03 L49-51'),
 ('QA', 'カタール', 'Qatar', 0, 'tf2018-03 L173-175'),
 ('TH', 'タイ', 'Thailand', 0, 'tf2018-03 L178-180'),
 ('IN', 'インド', 'India', 0, 'tf2018-03 L189-191'),
 ('LA', 'ラオス', 'Laos', 0, 'tf2018-03 L212-213'),
 ('KH', 'カンボジア', 'Cambodia', 0, 'tf2018-03 L222-224'),
 ('PH', 'フィリピン', 'Philippines', 0, 'tf2018-03 L227-229'),
 ('MN', 'モンゴル', 'Mongolia', 0, 'tf2018-03 L265-267'),
 ('AZ', 'アゼルバイジャン', 'Azerbaijan', 0, 'tf2018-03 L100-102, L134'),
 ('GB', '英国', 'United Kingdom', 0, 'tf2018-03 L353');

-- The kinds are tenkai's classification, made from the hubs' names: the document gives no kind. Their
-- source 'tenkai' says so.
INSERT INTO hub_kinds (kind, name_ja, name_en, source) VALUES
 ('imaging', '画像診断センター', 'Diagnostic imaging centre', 'tenkai'),
 ('hospital', '病院', 'Hospital', 'tenkai'),
 ('clinic', '診療所', 'Clinic', 'tenkai'),
 ('training', 'トレーニングセンター', 'Training centre', 'tenkai'),
 ('rehabilitation', 'リハビリテーションセンター', 'Rehabilitation centre', 'tenkai'),
 ('screening', '検診センター', 'Screening centre', 'tenkai'),
 ('dental', '歯科研修センター', 'Dental training centre', 'tenkai'),
 ('distribution', '流通拠点', 'Distribution centre', 'tenkai'),
 ('dialysis', '透析センター', 'Dialysis centre', 'tenkai'),
 ('health_check', '健診センター', 'Health check-up centre', 'tenkai'),
 ('prevention', '予防・治療センター', 'Prevention and treatment centre', 'tenkai'),
 ('endoscopy', '内視鏡センター', 'Endoscopy centre', 'tenkai'),
 ('technical', 'テクニカルセンター', 'Technical centre', 'tenkai');

INSERT INTO organisations (name_ja, name_en, source) VALUES
 ('医療法人北斗', 'Hokuto Medical Corporation', 'tf2018-03 L141'),
 ('医療法人偕行会', 'Kaikoukai Medical Corporation', 'tf2018-03 L146'),
 ('名古屋大学', 'Nagoya University', 'tf2018-03 L150'),
 ('富士フイルム', 'FUJIFILM', 'tf2018-03 L150, L239'),
 ('東京医科歯科大学', 'Tokyo Medical and Dental University', 'tf2018-03 L156'),
 ('メディヴァ', 'Mediva', 'tf2018-03 L161'),
 ('慈泉会（相澤病院）', 'Jisenkai (Aizawa Hospital)', 'tf2018-03 L166'),
 ('Medical Excellence JAPAN（MEJ）', 'Medical Excellence JAPAN (MEJ)', 'tf2018-03 L83, L171'),
 ('東芝メディカルシステムズ', 'Toshiba Medical Systems', 'tf2018-03 L171'),
 ('オリンパス', 'Olympus', 'tf2018-03 L181'),
 ('日本トリム', 'Nihon Trim', 'tf2018-03 L187'),
 ('セコム医療', 'Secom Medical', 'tf2018-03 L192'),
 ('豊田通商', 'Toyota Tsusho', 'tf2018-03 L192'),
 ('鴻池運輸', 'Konoike Transport', 'tf2018-03 L197'),
 ('日揮', 'JGC', 'tf2018-03 L200'),
 ('国際医療福祉大学', 'International University of Health and Welfare', 'tf2018-03 L205'),
 ('モリタ', 'Morita', 'tf2018-03 L210'),
 ('医療法人社団ベル歯科', 'Bell Dental Medical Corporation', 'tf2018-03 L210'),
 ('北原国際病院', 'Kitahara International Hospital', 'tf2018-03 L215'),
 ('日本消化器内視鏡学会', 'Japan Gastroenterological Endoscopy Society', 'tf2018-03 L220'),
 ('結核予防会', 'Japan Anti-Tuberculosis Association', 'tf2018-03 L225'),
 ('消化器健康医療機構（神戸大学）', 'Gastrointestinal Health Organisation (Kobe University)', 'tf2018-03 L230'),
 ('ジェイ・エム・エス', 'JMS', 'tf2018-03 L248'),
 ('大雄会', 'Daiyukai', 'tf2018-03 L253'),
 ('産業革新機構', 'Innovation Network Corporation of Japan', 'tf2018-03 L263'),
 ('グリーンホスピタルサプライ', 'Green Hospital Supply', 'tf2018-03 L275');

-- The 28 hubs of the document's map, in the order the document lists them.
INSERT INTO hubs (code, name_ja, name_en, country_iso, kind, note, recorded_at, source) VALUES
 ('H01', '北斗画像診断センター', 'Hokuto Diagnostic Imaging Centre', 'RU', 'imaging', '資料では「平成25年5月開設予定」。凡例の開業済み21か所に含めるため開業として記録。', '2018-03-31T15:00:00Z', 'tf2018-03 L138-141'),
 ('H02', 'カイコウカイクリニックスナヤン', 'Kaikoukai Clinic Senayan', 'ID', 'clinic', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L143-146'),
 ('H03', '消化器内視鏡トレーニングセンター', 'Gastrointestinal Endoscopy Training Centre', 'VN', 'training', '平成26年7月開設の拠点。', '2018-03-31T15:00:00Z', 'tf2018-03 L148-150'),
 ('H04', '日本式大腸がん検診システムトレーニングセンター', 'Japanese Colorectal Cancer Screening Training Centre', 'BR', 'training', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L152-156'),
 ('H05', '乳がん検診センター', 'Breast Cancer Screening Centre', 'MM', 'screening', '関係機関・企業は資料で「メディヴァ、富士フィルム他」。', '2018-03-31T15:00:00Z', 'tf2018-03 L158-161'),
 ('H06', '普華相澤リハビリテーションセンター', 'Puhua Aizawa Rehabilitation Centre', 'CN', 'rehabilitation', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L163-166'),
 ('H07', '循環器病画像診断センター', 'Cardiovascular Diagnostic Imaging Centre', 'RU', 'imaging', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L168-171'),
 ('H08', '乳がん検診センター', 'Breast Cancer Screening Centre', 'QA', 'screening', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L173-176'),
 ('H09', 'オリンパスメコン外科トレーニングセンター', 'Olympus Mekong Surgical Training Centre', 'TH', 'training', '資料では「開業」。', '2018-03-31T15:00:00Z', 'tf2018-03 L178-181'),
 ('H10', '生活習慣病予防・治療センター（仮称）', 'Lifestyle Disease Prevention and Treatment Centre (provisional name)', 'CN', 'prevention', '平成30年5月開設予定。', '2018-03-31T15:00:00Z', 'tf2018-03 L183-187'),
 ('H11', 'SAKRA WORLD HOSPITAL', 'Sakra World Hospital', 'IN', 'hospital', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L189-192'),
 ('H12', 'インドヘルスケア流通センター（仮称）', 'India Healthcare Distribution Centre (provisional name)', 'IN', 'distribution', '実行可能性調査中。関係機関・企業は資料で「鴻池運輸他」。', '2018-03-31T15:00:00Z', 'tf2018-03 L194-197'),
 ('H13', '北斗リハビリテーションセンター', 'Hokuto Rehabilitation Centre', 'RU', 'rehabilitation', '資料では「平成30年5月開設」（平成30年度以降の開業予定）。', '2018-03-31T15:00:00Z', 'tf2018-03 L197-200'),
 ('H14', '人間ドックセンター', 'Health Check-up (Ningen Dock) Centre', 'VN', 'health_check', '開設時期の記載なし。', '2018-03-31T15:00:00Z', 'tf2018-03 L202-205'),
 ('H15', '歯科臨床技術研修センター', 'Dental Clinical Skills Training Centre', 'ID', 'dental', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L207-210'),
 ('H16', 'ミタパプリハビリテーションセンター（仮称）', 'Mittaphap Rehabilitation Centre (provisional name)', 'LA', 'rehabilitation', '開設時期の記載なし。', '2018-03-31T15:00:00Z', 'tf2018-03 L212-215'),
 ('H17', '内視鏡トレーニングセンター', 'Endoscopy Training Centre', 'ID', 'training', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L217-220'),
 ('H18', '日本式健診・検査センター', 'Japanese-style Health Check-up and Testing Centre', 'KH', 'health_check', '開設時期の記載なし。', '2018-03-31T15:00:00Z', 'tf2018-03 L222-225'),
 ('H19', '国際先進消化器内視鏡センター', 'International Advanced Gastrointestinal Endoscopy Centre', 'PH', 'endoscopy', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L227-230'),
 ('H20', 'アジアリハビリテーションセンター（仮称）', 'Asia Rehabilitation Centre (provisional name)', 'VN', 'rehabilitation', '開設時期の記載なし。', '2018-03-31T15:00:00Z', 'tf2018-03 L232-234'),
 ('H21', '乳がん検診トレーニングセンター', 'Breast Cancer Screening Training Centre', 'RU', 'training', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L236-239'),
 ('H22', '消化器内視鏡トレーニングセンター', 'Gastrointestinal Endoscopy Training Centre', 'VN', 'training', '平成25年9月開設の拠点。', '2018-03-31T15:00:00Z', 'tf2018-03 L241-243'),
 ('H23', 'CDDSテクニカルセンター', 'CDDS Technical Centre', 'CN', 'technical', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L245-248'),
 ('H24', '大雄会レオクリニック', 'Daiyukai Leo Clinic', 'MM', 'clinic', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L250-253'),
 ('H25', '歯科研修センター', 'Dental Training Centre', 'ID', 'dental', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L255-258'),
 ('H26', 'サンライズジャパンホスピタル', 'Sunrise Japan Hospital', 'KH', 'hospital', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L260-263'),
 ('H27', 'メディパス中央病院', 'Medipas Central Hospital', 'MN', 'hospital', NULL, '2018-03-31T15:00:00Z', 'tf2018-03 L265-268'),
 ('H28', '透析センター・CTセンター', 'Dialysis Centre and CT Centre', 'MM', 'dialysis', '資料では「平成26年8月・平成27年9月開設」。どちらの施設の時期かは記載なし。', '2018-03-31T15:00:00Z', 'tf2018-03 L270-275');

INSERT INTO hub_partners (hub_id, org_id, position, source)
SELECT h.id, o.id, v.column3, 'tf2018-03 ' || v.column4 FROM (VALUES
 ('H01', '医療法人北斗', 1, 'L138-141'),
 ('H02', '医療法人偕行会', 1, 'L143-146'),
 ('H03', '名古屋大学', 1, 'L148-150'), ('H03', '富士フイルム', 2, 'L148-150'),
 ('H04', '東京医科歯科大学', 1, 'L152-156'), ('H04', '富士フイルム', 2, 'L152-156'),
 ('H05', 'メディヴァ', 1, 'L158-161'), ('H05', '富士フイルム', 2, 'L158-161'),
 ('H06', '慈泉会（相澤病院）', 1, 'L163-166'),
 ('H07', 'Medical Excellence JAPAN（MEJ）', 1, 'L168-171'), ('H07', '東芝メディカルシステムズ', 2, 'L168-171'),
 ('H08', '富士フイルム', 1, 'L173-176'),
 ('H09', 'オリンパス', 1, 'L178-181'),
 ('H10', '日本トリム', 1, 'L183-187'),
 ('H11', 'セコム医療', 1, 'L189-192'), ('H11', '豊田通商', 2, 'L189-192'),
 ('H12', '鴻池運輸', 1, 'L194-197'),
 ('H13', '医療法人北斗', 1, 'L197-200'), ('H13', '日揮', 2, 'L197-200'),
 ('H14', '国際医療福祉大学', 1, 'L202-205'), ('H14', '東芝メディカルシステムズ', 2, 'L202-205'),
 ('H15', 'モリタ', 1, 'L207-210'), ('H15', '医療法人社団ベル歯科', 2, 'L207-210'),
 ('H16', '北原国際病院', 1, 'L212-215'),
 ('H17', '日本消化器内視鏡学会', 1, 'L217-220'), ('H17', 'オリンパス', 2, 'L217-220'),
 ('H18', '結核予防会', 1, 'L222-225'),
 ('H19', '消化器健康医療機構（神戸大学）', 1, 'L227-230'),
 ('H20', '北原国際病院', 1, 'L232-234'),
 ('H21', '富士フイルム', 1, 'L236-239'),
 ('H22', '名古屋大学', 1, 'L241-243'), ('H22', '富士フイルム', 2, 'L241-243'),
 ('H23', 'ジェイ・エム・エス', 1, 'L245-248'),
 ('H24', '大雄会', 1, 'L250-253'),
 ('H25', 'モリタ', 1, 'L255-258'),
 ('H26', '日揮', 1, 'L260-263'), ('H26', '産業革新機構', 2, 'L260-263'), ('H26', '北原国際病院', 3, 'L260-263'),
 ('H27', 'メディヴァ', 1, 'L265-268'),
 ('H28', 'グリーンホスピタルサプライ', 1, 'L270-275')
) v JOIN hubs h ON h.code = v.column1 JOIN organisations o ON o.name_ja = v.column2;

-- The expected opening: the month the document gives (H10, H13), or for the four it gives none, the
-- legend's 「平成30年度以降の開業予定」: FY2018 or later ('from_fiscal_year', stored as 2018-04-01).
INSERT INTO hub_status (hub_id, status, effective_date, date_precision, expected_date, note, recorded_at, source, expected_precision)
SELECT h.id, v.column2, v.column3, v.column4, v.column5, v.column6, '2018-03-31T15:00:00Z', 'tf2018-03 L130, ' || v.column7, v.column8 FROM (VALUES
 ('H01', 'opened', '2013-05-01', 'month', NULL, '平成25年5月（資料では開設予定）', 'L138-141', NULL),
 ('H02', 'opened', '2014-07-01', 'month', NULL, '平成26年7月開設', 'L143-146', NULL),
 ('H03', 'opened', '2014-07-01', 'month', NULL, '平成26年7月開設', 'L148-150', NULL),
 ('H04', 'opened', '2015-01-01', 'month', NULL, '平成27年1月開設', 'L152-156', NULL),
 ('H05', 'opened', '2015-02-01', 'month', NULL, '平成27年2月開設', 'L158-161', NULL),
 ('H06', 'opened', '2015-03-01', 'month', NULL, '平成27年3月開設', 'L163-166', NULL),
 ('H07', 'opened', '2015-09-01', 'month', NULL, '平成27年9月開設', 'L168-171', NULL),
 ('H08', 'opened', '2016-02-01', 'month', NULL, '平成28年2月開設', 'L173-176', NULL),
 ('H09', 'opened', '2016-07-01', 'month', NULL, '平成28年7月開業', 'L178-181', NULL),
 ('H10', 'planned', '2018-03-31', 'unknown', '2018-05-01', '平成30年5月開設予定', 'L183-187', 'month'),
 ('H11', 'opened', '2014-03-01', 'month', NULL, '平成26年3月開設', 'L189-192', NULL),
 ('H12', 'feasibility', '2018-03-31', 'unknown', NULL, '実行可能性調査中', 'L194-197', NULL),
 ('H13', 'planned', '2018-03-31', 'unknown', '2018-05-01', '平成30年5月開設', 'L197-200', 'month'),
 ('H14', 'planned', '2018-03-31', 'unknown', '2018-04-01', '平成30年度以降の開業予定（時期の記載なし）', 'L202-205', 'from_fiscal_year'),
 ('H15', 'opened', '2016-09-01', 'month', NULL, '平成28年9月開設', 'L207-210', NULL),
 ('H16', 'planned', '2018-03-31', 'unknown', '2018-04-01', '平成30年度以降の開業予定（時期の記載なし）', 'L212-215', 'from_fiscal_year'),
 ('H17', 'opened', '2014-09-01', 'month', NULL, '平成26年9月開設', 'L217-220', NULL),
 ('H18', 'planned', '2018-03-31', 'unknown', '2018-04-01', '平成30年度以降の開業予定（時期の記載なし）', 'L222-225', 'from_fiscal_year'),
 ('H19', 'opened', '2015-10-01', 'month', NULL, '平成27年10月開設', 'L227-230', NULL),
 ('H20', 'planned', '2018-03-31', 'unknown', '2018-04-01', '平成30年度以降の開業予定（時期の記載なし）', 'L232-234', 'from_fiscal_year'),
 ('H21', 'opened', '2016-10-01', 'month', NULL, '平成28年10月開設', 'L236-239', NULL),
 ('H22', 'opened', '2013-09-01', 'month', NULL, '平成25年9月開設', 'L241-243', NULL),
 ('H23', 'opened', '2017-02-01', 'month', NULL, '平成29年2月開設', 'L245-248', NULL),
 ('H24', 'opened', '2015-02-01', 'month', NULL, '平成27年2月開設', 'L250-253', NULL),
 ('H25', 'opened', '2017-10-01', 'month', NULL, '平成29年10月開設', 'L255-258', NULL),
 ('H26', 'opened', '2016-09-01', 'month', NULL, '平成28年9月開設', 'L260-263', NULL),
 ('H27', 'opened', '2016-02-01', 'month', NULL, '平成28年2月開設', 'L265-268', NULL),
 ('H28', 'opened', '2014-08-01', 'month', NULL, '平成26年8月・平成27年9月開設', 'L270-275', NULL)
) v JOIN hubs h ON h.code = v.column1;

INSERT INTO meetings (number, held_on, by_circulation, recorded_at, source) VALUES
 (1, '2013-08-07', 0, '2018-03-31T15:00:00Z', 'tf2018-03 L91'),
 (2, '2013-11-11', 0, '2018-03-31T15:00:00Z', 'tf2018-03 L92'),
 (3, '2014-11-05', 0, '2018-03-31T15:00:00Z', 'tf2018-03 L93-95'),
 (4, '2015-06-26', 0, '2018-03-31T15:00:00Z', 'tf2018-03 L96-98'),
 (5, '2015-09-02', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L99'),
 (6, '2015-10-22', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L100-102'),
 (7, '2016-05-23', 0, '2018-03-31T15:00:00Z', 'tf2018-03 L104-105'),
 (8, '2016-12-19', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L107-108'),
 (9, '2017-01-27', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L110'),
 (10, '2017-09-15', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L111'),
 (11, '2017-12-05', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L112-114'),
 (12, '2017-12-06', 0, '2018-03-31T15:00:00Z', 'tf2018-03 L115-117'),
 (13, '2018-03-22', 1, '2018-03-31T15:00:00Z', 'tf2018-03 L118');

-- Agenda items as the document writes them (第4回's 「インバンド」 is the document's own spelling).
INSERT INTO meeting_agenda (meeting_number, position, item_ja, item_en, source) VALUES
 (1, 1, '今後の医療国際展開に関する合意について', 'Agreement on the future international expansion of healthcare', 'tf2018-03 L91'),
 (2, 1, '関係府省及び関係機関の医療国際展開の取組について', 'Work of the ministries and agencies on international expansion of healthcare', 'tf2018-03 L92'),
 (3, 1, '日・ＡＳＥＡＮ健康イニシアチブのとりまとめ', 'Compiling the Japan-ASEAN Health Initiative', 'tf2018-03 L93-95'),
 (3, 2, 'インバウンドＷＧの設置及び医療国際展開の取組状況と課題について', 'Setting up the Inbound Working Group; progress and issues of international expansion', 'tf2018-03 L93-95'),
 (4, 1, '日メコン首脳会談に向けた検討', 'Preparation for the Japan-Mekong summit', 'tf2018-03 L96-98'),
 (4, 2, '平和と健康のための基本方針の策定に向けた検討', 'Towards the Basic Design for Peace and Health', 'tf2018-03 L96-98'),
 (4, 3, 'インバンド及びアウトバウンドの取組について', 'Inbound and outbound initiatives', 'tf2018-03 L96-98'),
 (5, 1, '「平和と健康のための基本方針」について', 'The Basic Design for Peace and Health', 'tf2018-03 L99'),
 (6, 1, '「日本国内閣官房とアゼルバイジャン共和国首相府との間の医療分野における協力に関する意図表明文書」について', 'Letter of intent on healthcare cooperation between the Cabinet Secretariat of Japan and the Office of the Prime Minister of Azerbaijan', 'tf2018-03 L100-102'),
 (7, 1, 'アジア健康構想WG開催について', 'Convening the Asia Health and Human Well-Being Initiative Working Group', 'tf2018-03 L104-105'),
 (7, 2, '医療の国際展開の状況について', 'State of the international expansion of healthcare', 'tf2018-03 L104-105'),
 (7, 3, '栄養改善事業の国際展開検討チームの最終報告書について', 'Final report of the study team on international expansion of nutrition improvement business', 'tf2018-03 L104-105'),
 (8, 1, 'アジア健康構想WG構成員変更について', 'Change of members of the Asia Health and Human Well-Being Initiative Working Group', 'tf2018-03 L107-108'),
 (8, 2, 'Medical Excellence JAPAN医療国際展開事業の推進状況の報告', 'Report on Medical Excellence JAPAN''s international expansion projects', 'tf2018-03 L107-108'),
 (9, 1, '在留外国人への適正な医療の給付等に関するワーキンググループ開催について', 'Convening the Working Group on Appropriate Medical Benefits for Foreign Residents', 'tf2018-03 L110'),
 (10, 1, '国際医薬パートナーシップワーキンググループ開催について', 'Convening the International Pharmaceutical Partnership Working Group', 'tf2018-03 L111'),
 (11, 1, '在留外国人への適正な医療の給付等に関するワーキンググループ構成員変更について', 'Change of members of the Working Group on Appropriate Medical Benefits for Foreign Residents', 'tf2018-03 L112-114'),
 (11, 2, 'アジア健康構想ワーキンググループ構成員変更について', 'Change of members of the Asia Health and Human Well-Being Initiative Working Group', 'tf2018-03 L112-114'),
 (11, 3, 'インバウンド・ワーキンググループ構成員変更について', 'Change of members of the Inbound Working Group', 'tf2018-03 L112-114'),
 (12, 1, 'ヘルスケア分野における日本の国際的アプローチ', 'Japan''s international approach in healthcare', 'tf2018-03 L115-117'),
 (12, 2, '在留外国人への適正な医療の給付等に関するワーキンググループ報告', 'Report of the Working Group on Appropriate Medical Benefits for Foreign Residents', 'tf2018-03 L115-117'),
 (12, 3, '国際医薬パートナーシップ推進会議報告', 'Report of the International Pharmaceutical Partnership promotion council', 'tf2018-03 L115-117'),
 (12, 4, 'アジア健康構想推進会議報告', 'Report of the Asia Health and Human Well-Being Initiative promotion council', 'tf2018-03 L115-117'),
 (13, 1, '訪日外国人に対する適切な医療等の確保に関するワーキンググループの開催について', 'Convening the Working Group on Ensuring Appropriate Medical Care for Foreign Visitors', 'tf2018-03 L118');

INSERT INTO working_groups (code, name_ja, name_en, set_up_by_meeting, set_up_on, recorded_at, source) VALUES
 ('inbound', 'インバウンド・ワーキンググループ', 'Inbound Working Group', 3, '2014-11-05', '2018-03-31T15:00:00Z', 'tf2018-03 L93-95'),
 ('asia_health', 'アジア健康構想ワーキンググループ', 'Asia Health and Human Well-Being Initiative Working Group', 7, '2016-05-23', '2018-03-31T15:00:00Z', 'tf2018-03 L104-105'),
 ('foreign_residents', '在留外国人への適正な医療の給付等に関するワーキンググループ', 'Working Group on Appropriate Medical Benefits for Foreign Residents', 9, '2017-01-27', '2018-03-31T15:00:00Z', 'tf2018-03 L110'),
 ('pharma_partnership', '国際医薬パートナーシップワーキンググループ', 'International Pharmaceutical Partnership Working Group', 10, '2017-09-15', '2018-03-31T15:00:00Z', 'tf2018-03 L111'),
 ('foreign_visitors', '訪日外国人に対する適切な医療等の確保に関するワーキンググループ', 'Working Group on Ensuring Appropriate Medical Care for Foreign Visitors', 13, '2018-03-22', '2018-03-31T15:00:00Z', 'tf2018-03 L118');

INSERT INTO wg_events (wg_id, meeting_number, event_date, kind, description_ja, description_en, recorded_at, source)
SELECT w.id, v.column2, v.column3, v.column4, v.column5, v.column6, '2018-03-31T15:00:00Z', 'tf2018-03 ' || v.column7 FROM (VALUES
 ('asia_health', 8, '2016-12-19', 'membership_change', 'アジア健康構想WG構成員変更', 'Change of members', 'L107-108'),
 ('foreign_residents', 11, '2017-12-05', 'membership_change', '在留外国人への適正な医療の給付等に関するワーキンググループ構成員変更', 'Change of members', 'L112-114'),
 ('asia_health', 11, '2017-12-05', 'membership_change', 'アジア健康構想ワーキンググループ構成員変更', 'Change of members', 'L112-114'),
 ('inbound', 11, '2017-12-05', 'membership_change', 'インバウンド・ワーキンググループ構成員変更', 'Change of members', 'L112-114'),
 ('foreign_residents', 12, '2017-12-06', 'report', '在留外国人への適正な医療の給付等に関するワーキンググループ報告', 'Report to the task force', 'L115-117')
) v JOIN working_groups w ON w.code = v.column1;

INSERT INTO agreements (kind, title_ja, title_en, counterpart_ja, counterpart_en, country_iso, effective_date, date_precision, note, recorded_at, source) VALUES
 ('letter_of_intent', '日本国内閣官房とアゼルバイジャン共和国首相府との間の医療分野における協力に関する意図表明文書',
  'Letter of intent on cooperation in healthcare between the Cabinet Secretariat of Japan and the Office of the Prime Minister of the Republic of Azerbaijan',
  'アゼルバイジャン共和国首相府', 'Office of the Prime Minister of the Republic of Azerbaijan', 'AZ', '2015-10-22', 'unknown',
  '資料に署名日の記載はなく、これを扱った第6回会合（持ち回り開催）の日付で記録。', '2018-03-31T15:00:00Z', 'tf2018-03 L33-34, L100-102');

-- 「医療・保健分野の協力に関する保健当局との政府間覚書等を20ヵ国、首相府との政府間意図表明文書を1ヵ国と作成」.
-- The document does not name the 20 countries: only the count is recorded, as of the document's date.
INSERT INTO agreement_counts (kind, countries, effective_date, source, recorded_at) VALUES
 ('mou', 20, '2018-03-31', 'tf2018-03 L33-34', '2018-03-31T15:00:00Z'),
 ('letter_of_intent', 1, '2018-03-31', 'tf2018-03 L33-34', '2018-03-31T15:00:00Z');

INSERT INTO policy_documents (title_ja, title_en, adopted_on, date_precision, meeting_number, note, recorded_at, source) VALUES
 ('今後の医療の国際展開に関する合意', 'Agreement on the future international expansion of healthcare', '2013-08-07', 'day', 1, '平成25年8月の会合にて決定', '2018-03-31T15:00:00Z', 'tf2018-03 L2-3, L91'),
 ('日・ASEAN健康イニシアチブ（ASEANを健康寿命先進地域にするためのプラン）', 'Japan-ASEAN Health Initiative (plan to make ASEAN a region of advanced healthy life expectancy)', '2014-11-05', 'unknown', 3, '日・ASEAN特別首脳会合（平成25年12月）で提唱。資料に策定日の記載はなく、とりまとめを扱った第3回会合の日付で記録。', '2018-03-31T15:00:00Z', 'tf2018-03 L5-7, L93-95'),
 ('医療渡航支援企業の認証及び渡航受診者受入医療機関の外国への情報発信に関する考え方', 'Approach to certifying medical travel support companies and informing foreign countries of hospitals accepting medical travellers', '2015-06-01', 'month', NULL, '平成27年6月策定', '2018-03-31T15:00:00Z', 'tf2018-03 L9-11'),
 ('国際薬事規制調和戦略', 'Strategy for international harmonisation of pharmaceutical regulation', '2015-06-01', 'month', NULL, '平成27年6月とりまとめ', '2018-03-31T15:00:00Z', 'tf2018-03 L13'),
 ('平和と健康のための基本方針', 'Basic Design for Peace and Health', '2015-09-01', 'month', 5, '平成27年9月策定（開発協力大綱の保健分野の課題別政策）', '2018-03-31T15:00:00Z', 'tf2018-03 L15, L99'),
 ('栄養改善事業の国際展開検討チーム最終報告書', 'Final report of the study team on international expansion of nutrition improvement business', '2016-07-01', 'month', NULL, '平成28年7月とりまとめ', '2018-03-31T15:00:00Z', 'tf2018-03 L17-19'),
 ('アジア健康構想に向けた基本方針', 'Basic policy for the Asia Health and Human Well-Being Initiative', '2016-07-01', 'month', NULL, '平成28年7月決定', '2018-03-31T15:00:00Z', 'tf2018-03 L21-23, L276');

INSERT INTO platforms (code, name_ja, name_en, started_on, date_precision, recorded_at, source) VALUES
 ('nutrition', '栄養改善事業推進プラットフォーム', 'Nutrition Japan Public Private Platform (NJPPP)', '2016-09-01', 'month', '2018-03-31T15:00:00Z', 'tf2018-03 L380'),
 ('asia_health_council', '国際・アジア健康構想協議会', 'International and Asia Health and Human Well-Being Initiative Council', '2017-02-01', 'month', '2018-03-31T15:00:00Z', 'tf2018-03 L35-37');

-- 「会員企業・団体数５６（平成30年３月末時点）」: the only count the document gives.
INSERT INTO platform_members (platform, members, effective_date, source, recorded_at) VALUES
 ('nutrition', 56, '2018-03-31', 'tf2018-03 L336', '2018-03-31T15:00:00Z');

-- L270-275: 「透析センター・CTセンター（ミャンマー）、平成２６年８月・平成２７年９月開設」. Two months of
-- opening, and the document does not say which centre opened in which: one label for both, and
-- the report says the two months are not told apart.
INSERT INTO hub_dates (hub_id, event_date, date_precision, label_ja, label_en, source, recorded_at)
SELECT h.id, v.column1, 'month', v.column2, v.column3, 'tf2018-03 L270-275', '2018-03-31T15:00:00Z'
FROM hubs h, (VALUES ('2014-08-01', '開設', 'opened'), ('2015-09-01', '開設', 'opened')) v
WHERE h.code = 'H28';

-- L37-38: the council's second meeting (第２回目の協議会を開催（平成30年３月）). The document places it
-- under 国際・アジア健康構想協議会, not under the nutrition platform.
-- L340-342: the nutrition platform's surveys in FY2017 (平成29年度), with no date within the year.
-- L337-339: the platform launches projects with the 2020 nutrition summit in view: work under way, listed
-- as looking ahead (undated in the report) while the summit is to come.
INSERT INTO platform_events (platform, kind, event_date, date_precision, description_ja, description_en, source, recorded_at) VALUES
 ('asia_health_council', 'meeting', '2018-03-01', 'month',
  '第２回目の協議会を開催',
  'Second meeting of the council held',
  'tf2018-03 L35-38', '2018-03-31T15:00:00Z'),
 ('nutrition', 'survey', '2017-04-01', 'fiscal_year',
  'インドネシア及びカンボジアにおける工場労働者向け栄養改善プロジェクトの実施に向け、現地調査、相手国政府との協議等を実施',
  'Field surveys and talks with the governments, among others, towards nutrition-improvement projects for factory workers in Indonesia and Cambodia',
  'tf2018-03 L340-342', '2018-03-31T15:00:00Z'),
 ('nutrition', 'milestone', '2020-01-01', 'year',
  '2020年東京オリンピック・パラリンピック競技大会にあわせて日本で開催される「栄養サミット」も念頭に、プロジェクトの立ち上げを推進',
  'The platform is launching projects with the Nutrition Summit in view. Japan will host the summit alongside the Tokyo 2020 Olympic and Paralympic Games.',
  'tf2018-03 L337-339', '2018-03-31T15:00:00Z');

-- L134: 「アゼルバイジャンにおける後発医薬品工場建設は現在保留中であり、一般用医薬品（OTC薬）の流通拠点設立等も
-- 検討中」. Named beside the hubs, not counted among the 28: the state as at the document, since an
-- unknown date ('unknown', on or before 2018-03-31).
INSERT INTO other_projects (country_iso, title_ja, title_en, status, effective_date, date_precision, source, recorded_at) VALUES
 ('AZ', '後発医薬品工場建設', 'Construction of a generic-drug plant', 'suspended', '2018-03-31', 'unknown', 'tf2018-03 L134', '2018-03-31T15:00:00Z'),
 ('AZ', '一般用医薬品（OTC薬）の流通拠点設立等', 'Setting up a distribution hub for over-the-counter (OTC) medicines, among others', 'under_study', '2018-03-31', 'unknown', 'tf2018-03 L134', '2018-03-31T15:00:00Z');

INSERT INTO taskforce_members (role, title_ja, position, source) VALUES
 ('chair', '内閣官房健康・医療戦略室長', 1, 'tf2018-03 L73'),
 ('member', '内閣官房内閣審議官（内閣官房副長官補（外政担当）付）', 2, 'tf2018-03 L74-76'),
 ('member', '総務省大臣官房総括審議官（情報通信担当）', 3, 'tf2018-03 L77'),
 ('member', '外務省経済局長', 4, 'tf2018-03 L78'),
 ('member', '外務省国際協力局長', 5, 'tf2018-03 L79'),
 ('member', '文部科学省研究振興局長', 6, 'tf2018-03 L80'),
 ('member', '厚生労働省医政局長', 7, 'tf2018-03 L81'),
 ('member', '経済産業省大臣官房商務・サービス審議官', 8, 'tf2018-03 L82'),
 ('member', '一般社団法人Medical Excellence JAPAN（MEJ）理事長', 9, 'tf2018-03 L83'),
 ('observer', '独立行政法人国際協力機構(JICA)人間開発部長', 10, 'tf2018-03 L120-121'),
 ('observer', '株式会社国際協力銀行(JBIC)執行役員産業ファイナンス部門長', 11, 'tf2018-03 L122-123'),
 ('observer', '独立行政法人日本貿易振興機構(JETRO)副理事長', 12, 'tf2018-03 L124');

-- The one target of 「今後の方針」 (L49-51): about 20 hubs by 2020. The sentence's list of countries
-- ends with 等 and sets no target for them: the count of those countries with an open hub is an
-- indicator, the office's own measure.
INSERT INTO targets (name, metric, title_ja, title_en, baseline_value, baseline_date, target_value, deadline, direction, tolerance, source_ja, source_en, note_ja, note_en, source, recorded_at) VALUES
 ('hubs_2020', 'hubs_open', '海外の日本の医療拠点 2020年までに20か所程度', 'About 20 Japanese medical hubs abroad by 2020',
  1, '2013-08-07', 20, '2020-12-31', 'increase', 0.1,
  '海外における日本の医療拠点構築は、2020年までに20か所程度を目標に、ベトナム、インドネシア、ミャンマー、中国、ブラジル、トルコ、エジプト、ケニア等での案件を推進する。',
  'Japanese medical hubs abroad: projects will be promoted in Viet Nam, Indonesia, Myanmar, China, Brazil, Turkey, Egypt, Kenya and other countries, aiming at about 20 hubs by 2020.',
  '基準は第1回タスクフォース（平成25年8月7日、「今後の医療の国際展開に関する合意」）時点の開業済み1か所である。「2020年まで」は2020年12月31日まで、「20か所程度」は20か所と読む。',
  'Baseline: the 1st task-force meeting (7 August 2013, Agreement on the future international expansion of healthcare), when 1 hub was open. "By 2020" is read as by 31 December 2020, and "about 20" as 20.',
  'tf2018-03 L49-51', '2018-03-31T15:00:00Z');

INSERT INTO indicators (name, metric, title_ja, title_en, note_ja, note_en, source, recorded_at) VALUES
 ('named_countries_with_hub', 'named_countries_with_hub',
  '推進対象として例示された国のうち開業済み拠点のある国', 'Countries named in the policy with an open hub',
  '資料が医療拠点の案件を推進する国として例示した8か国（「等」とあり、対象はこれに限られない）のうち、開業済みの拠点がある国の数。担当室の参考指標であり、政府の目標ではない。',
  'Of the 8 countries the source names for hub projects (its list ends with "and others", so it is not complete), how many have an open hub. The office''s own measure, not a government target.',
  'tf2018-03 L49-51', '2018-03-31T15:00:00Z');
