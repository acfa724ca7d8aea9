-- Seed: a transcription of 「医療国際展開タスクフォースのこれまでの成果等について」 (state at the end of March 2018,
-- 平成30年3月末), ../shared/source/000_0664945caa461b12.txt.
--
-- Conventions
-- * 和暦 converted with 平成N年 = 1988+N. A date the document gives to the month only is stored as the first of
--   that month with date_precision 'month'.
-- * recorded_at of every row is 2018-03-31T15:00:00Z (2018-04-01 00:00 Asia/Tokyo): tenkai knows the
--   document's facts from the day after the date it describes.
-- * Hub status (the document's legend): an entry with an opening date before April 2018 is 'opened' from that
--   month; an entry dated FY2018 or later, or undated, is 'planned' and one is under a feasibility study. The
--   document gives no date on which the planned ones were first planned, so they are recorded from 2018-03-31.
--   北斗画像診断センター is marked 開設予定 (May 2013), but the legend's count of 21 open needs it open: it is
--   recorded as opened in May 2013, with a note.
-- * The document writes the same company as 富士フィルム and 富士フイルム; both are the one organisation 富士フイルム.
-- * English names are tenkai's translations, for the English report.

INSERT INTO countries (iso, name_ja, name_en, is_priority) VALUES
 ('JP', '日本', 'Japan', 0),
 ('RU', 'ロシア', 'Russia', 0),
 ('ID', 'インドネシア', 'Indonesia', 1),
 ('VN', 'ベトナム', 'Vietnam', 1),
 ('MM', 'ミャンマー', 'Myanmar', 1),
 ('CN', '中国', 'China', 1),
 ('BR', 'ブラジル', 'Brazil', 1),
 ('TR', 'トルコ', 'Turkey', 1),
 ('EG', 'エジプト', 'Egypt', 1),
 ('KE', 'ケニア', 'Kenya', 1),
 ('QA', 'カタール', 'Qatar', 0),
 ('TH', 'タイ', 'Thailand', 0),
 ('IN', 'インド', 'India', 0),
 ('LA', 'ラオス', 'Laos', 0),
 ('KH', 'カンボジア', 'Cambodia', 0),
 ('PH', 'フィリピン', 'Philippines', 0),
 ('MN', 'モンゴル', 'Mongolia', 0),
 ('AZ', 'アゼルバイジャン', 'Azerbaijan', 0),
 ('GB', '英国', 'United Kingdom', 0);

INSERT INTO hub_kinds (kind, name_ja, name_en) VALUES
 ('imaging', '画像診断センター', 'Imaging centre'),
 ('hospital', '病院', 'Hospital'),
 ('clinic', '診療所', 'Clinic'),
 ('training', 'トレーニングセンター', 'Training centre'),
 ('rehabilitation', 'リハビリテーション', 'Rehabilitation'),
 ('screening', '検診センター', 'Screening centre'),
 ('dental', '歯科', 'Dental'),
 ('distribution', '流通拠点', 'Distribution'),
 ('dialysis', '透析センター', 'Dialysis centre'),
 ('health_check', '健診センター', 'Health check-up centre'),
 ('prevention', '予防・治療センター', 'Prevention and treatment centre');

INSERT INTO organisations (name_ja, name_en) VALUES
 ('医療法人北斗', 'Hokuto Medical Corporation'),
 ('医療法人偕行会', 'Kaikoukai Medical Corporation'),
 ('名古屋大学', 'Nagoya University'),
 ('富士フイルム', 'FUJIFILM'),
 ('東京医科歯科大学', 'Tokyo Medical and Dental University'),
 ('メディヴァ', 'Mediva'),
 ('慈泉会（相澤病院）', 'Jisenkai (Aizawa Hospital)'),
 ('Medical Excellence JAPAN（MEJ）', 'Medical Excellence JAPAN (MEJ)'),
 ('東芝メディカルシステムズ', 'Toshiba Medical Systems'),
 ('オリンパス', 'Olympus'),
 ('日本トリム', 'Nihon Trim'),
 ('セコム医療', 'Secom Medical'),
 ('豊田通商', 'Toyota Tsusho'),
 ('鴻池運輸', 'Konoike Transport'),
 ('日揮', 'JGC'),
 ('国際医療福祉大学', 'International University of Health and Welfare'),
 ('モリタ', 'Morita'),
 ('医療法人社団ベル歯科', 'Bell Dental Medical Corporation'),
 ('北原国際病院', 'Kitahara International Hospital'),
 ('日本消化器内視鏡学会', 'Japan Gastroenterological Endoscopy Society'),
 ('結核予防会', 'Japan Anti-Tuberculosis Association'),
 ('消化器健康医療機構（神戸大学）', 'Gastrointestinal Health Organisation (Kobe University)'),
 ('ジェイ・エム・エス', 'JMS'),
 ('大雄会', 'Daiyukai'),
 ('産業革新機構', 'Innovation Network Corporation of Japan'),
 ('グリーンホスピタルサプライ', 'Green Hospital Supply');

-- The 28 hubs of the document's map, in the order the document lists them.
INSERT INTO hubs (code, name_ja, name_en, country_iso, kind, note, recorded_at) VALUES
 ('H01', '北斗画像診断センター', 'Hokuto Diagnostic Imaging Centre', 'RU', 'imaging', '資料では「平成25年5月開設予定」。凡例の開業済み21か所に含めるため開業として記録。', '2018-03-31T15:00:00Z'),
 ('H02', 'カイコウカイクリニックスナヤン', 'Kaikoukai Clinic Senayan', 'ID', 'clinic', NULL, '2018-03-31T15:00:00Z'),
 ('H03', '消化器内視鏡トレーニングセンター', 'Gastrointestinal Endoscopy Training Centre', 'VN', 'training', '平成26年7月開設の拠点。', '2018-03-31T15:00:00Z'),
 ('H04', '日本式大腸がん検診システムトレーニングセンター', 'Japanese Colorectal Cancer Screening Training Centre', 'BR', 'training', NULL, '2018-03-31T15:00:00Z'),
 ('H05', '乳がん検診センター', 'Breast Cancer Screening Centre', 'MM', 'screening', '運営者は資料で「メディヴァ、富士フィルム他」。', '2018-03-31T15:00:00Z'),
 ('H06', '普華相澤リハビリテーションセンター', 'Puhua Aizawa Rehabilitation Centre', 'CN', 'rehabilitation', NULL, '2018-03-31T15:00:00Z'),
 ('H07', '循環器病画像診断センター', 'Cardiovascular Diagnostic Imaging Centre', 'RU', 'imaging', NULL, '2018-03-31T15:00:00Z'),
 ('H08', '乳がん検診センター', 'Breast Cancer Screening Centre', 'QA', 'screening', NULL, '2018-03-31T15:00:00Z'),
 ('H09', 'オリンパスメコン外科トレーニングセンター', 'Olympus Mekong Surgical Training Centre', 'TH', 'training', '資料では「開業」。', '2018-03-31T15:00:00Z'),
 ('H10', '生活習慣病予防・治療センター（仮称）', 'Lifestyle Disease Prevention and Treatment Centre (provisional name)', 'CN', 'prevention', '平成30年5月開設予定。', '2018-03-31T15:00:00Z'),
 ('H11', 'SAKRA WORLD HOSPITAL', 'Sakra World Hospital', 'IN', 'hospital', NULL, '2018-03-31T15:00:00Z'),
 ('H12', 'インドヘルスケア流通センター（仮称）', 'India Healthcare Distribution Centre (provisional name)', 'IN', 'distribution', '実行可能性調査中。運営者は資料で「鴻池運輸他」。', '2018-03-31T15:00:00Z'),
 ('H13', '北斗リハビリテーションセンター', 'Hokuto Rehabilitation Centre', 'RU', 'rehabilitation', '資料では「平成30年5月開設」（平成30年度以降の開業予定）。', '2018-03-31T15:00:00Z'),
 ('H14', '人間ドックセンター', 'Health Check-up (Ningen Dock) Centre', 'VN', 'health_check', '開設時期の記載なし。', '2018-03-31T15:00:00Z'),
 ('H15', '歯科臨床技術研修センター', 'Dental Clinical Skills Training Centre', 'ID', 'dental', NULL, '2018-03-31T15:00:00Z'),
 ('H16', 'ミタパプリハビリテーションセンター（仮称）', 'Mittaphap Rehabilitation Centre (provisional name)', 'LA', 'rehabilitation', '開設時期の記載なし。', '2018-03-31T15:00:00Z'),
 ('H17', '内視鏡トレーニングセンター', 'Endoscopy Training Centre', 'ID', 'training', NULL, '2018-03-31T15:00:00Z'),
 ('H18', '日本式健診・検査センター', 'Japanese Health Screening and Testing Centre', 'KH', 'health_check', '開設時期の記載なし。', '2018-03-31T15:00:00Z'),
 ('H19', '国際先進消化器内視鏡センター', 'International Advanced Gastrointestinal Endoscopy Centre', 'PH', 'clinic', NULL, '2018-03-31T15:00:00Z'),
 ('H20', 'アジアリハビリテーションセンター（仮称）', 'Asia Rehabilitation Centre (provisional name)', 'VN', 'rehabilitation', '開設時期の記載なし。', '2018-03-31T15:00:00Z'),
 ('H21', '乳がん検診トレーニングセンター', 'Breast Cancer Screening Training Centre', 'RU', 'training', NULL, '2018-03-31T15:00:00Z'),
 ('H22', '消化器内視鏡トレーニングセンター', 'Gastrointestinal Endoscopy Training Centre', 'VN', 'training', '平成25年9月開設の拠点。', '2018-03-31T15:00:00Z'),
 ('H23', 'CDDSテクニカルセンター', 'CDDS Technical Centre', 'CN', 'training', NULL, '2018-03-31T15:00:00Z'),
 ('H24', '大雄会レオクリニック', 'Daiyukai Leo Clinic', 'MM', 'clinic', NULL, '2018-03-31T15:00:00Z'),
 ('H25', '歯科研修センター', 'Dental Training Centre', 'ID', 'dental', NULL, '2018-03-31T15:00:00Z'),
 ('H26', 'サンライズジャパンホスピタル', 'Sunrise Japan Hospital', 'KH', 'hospital', NULL, '2018-03-31T15:00:00Z'),
 ('H27', 'メディパス中央病院', 'Medipas Central Hospital', 'MN', 'hospital', NULL, '2018-03-31T15:00:00Z'),
 ('H28', '透析センター・CTセンター', 'Dialysis Centre and CT Centre', 'MM', 'dialysis', '透析センター平成26年8月、CTセンター平成27年9月開設。', '2018-03-31T15:00:00Z');

INSERT INTO hub_operators (hub_id, org_id, position)
SELECT h.id, o.id, v.column3 FROM (VALUES
 ('H01', '医療法人北斗', 1),
 ('H02', '医療法人偕行会', 1),
 ('H03', '名古屋大学', 1), ('H03', '富士フイルム', 2),
 ('H04', '東京医科歯科大学', 1), ('H04', '富士フイルム', 2),
 ('H05', 'メディヴァ', 1), ('H05', '富士フイルム', 2),
 ('H06', '慈泉会（相澤病院）', 1),
 ('H07', 'Medical Excellence JAPAN（MEJ）', 1), ('H07', '東芝メディカルシステムズ', 2),
 ('H08', '富士フイルム', 1),
 ('H09', 'オリンパス', 1),
 ('H10', '日本トリム', 1),
 ('H11', 'セコム医療', 1), ('H11', '豊田通商', 2),
 ('H12', '鴻池運輸', 1),
 ('H13', '医療法人北斗', 1), ('H13', '日揮', 2),
 ('H14', '国際医療福祉大学', 1), ('H14', '東芝メディカルシステムズ', 2),
 ('H15', 'モリタ', 1), ('H15', '医療法人社団ベル歯科', 2),
 ('H16', '北原国際病院', 1),
 ('H17', '日本消化器内視鏡学会', 1), ('H17', 'オリンパス', 2),
 ('H18', '結核予防会', 1),
 ('H19', '消化器健康医療機構（神戸大学）', 1),
 ('H20', '北原国際病院', 1),
 ('H21', '富士フイルム', 1),
 ('H22', '名古屋大学', 1), ('H22', '富士フイルム', 2),
 ('H23', 'ジェイ・エム・エス', 1),
 ('H24', '大雄会', 1),
 ('H25', 'モリタ', 1),
 ('H26', '日揮', 1), ('H26', '産業革新機構', 2), ('H26', '北原国際病院', 3),
 ('H27', 'メディヴァ', 1),
 ('H28', 'グリーンホスピタルサプライ', 1)
) v JOIN hubs h ON h.code = v.column1 JOIN organisations o ON o.name_ja = v.column2;

INSERT INTO hub_status (hub_id, status, effective_date, date_precision, expected_date, note, recorded_at)
SELECT h.id, v.column2, v.column3, v.column4, v.column5, v.column6, '2018-03-31T15:00:00Z' FROM (VALUES
 ('H01', 'opened', '2013-05-01', 'month', NULL, '平成25年5月（資料では開設予定）'),
 ('H02', 'opened', '2014-07-01', 'month', NULL, '平成26年7月開設'),
 ('H03', 'opened', '2014-07-01', 'month', NULL, '平成26年7月開設'),
 ('H04', 'opened', '2015-01-01', 'month', NULL, '平成27年1月開設'),
 ('H05', 'opened', '2015-02-01', 'month', NULL, '平成27年2月開設'),
 ('H06', 'opened', '2015-03-01', 'month', NULL, '平成27年3月開設'),
 ('H07', 'opened', '2015-09-01', 'month', NULL, '平成27年9月開設'),
 ('H08', 'opened', '2016-02-01', 'month', NULL, '平成28年2月開設'),
 ('H09', 'opened', '2016-07-01', 'month', NULL, '平成28年7月開業'),
 ('H10', 'planned', '2018-03-31', 'day', '2018-05-01', '平成30年5月開設予定'),
 ('H11', 'opened', '2014-03-01', 'month', NULL, '平成26年3月開設'),
 ('H12', 'feasibility', '2018-03-31', 'day', NULL, '実行可能性調査中'),
 ('H13', 'planned', '2018-03-31', 'day', '2018-05-01', '平成30年5月開設'),
 ('H14', 'planned', '2018-03-31', 'day', NULL, '平成30年度以降の開業予定（時期の記載なし）'),
 ('H15', 'opened', '2016-09-01', 'month', NULL, '平成28年9月開設'),
 ('H16', 'planned', '2018-03-31', 'day', NULL, '平成30年度以降の開業予定（時期の記載なし）'),
 ('H17', 'opened', '2014-09-01', 'month', NULL, '平成26年9月開設'),
 ('H18', 'planned', '2018-03-31', 'day', NULL, '平成30年度以降の開業予定（時期の記載なし）'),
 ('H19', 'opened', '2015-10-01', 'month', NULL, '平成27年10月開設'),
 ('H20', 'planned', '2018-03-31', 'day', NULL, '平成30年度以降の開業予定（時期の記載なし）'),
 ('H21', 'opened', '2016-10-01', 'month', NULL, '平成28年10月開設'),
 ('H22', 'opened', '2013-09-01', 'month', NULL, '平成25年9月開設'),
 ('H23', 'opened', '2017-02-01', 'month', NULL, '平成29年2月開設'),
 ('H24', 'opened', '2015-02-01', 'month', NULL, '平成27年2月開設'),
 ('H25', 'opened', '2017-10-01', 'month', NULL, '平成29年10月開設'),
 ('H26', 'opened', '2016-09-01', 'month', NULL, '平成28年9月開設'),
 ('H27', 'opened', '2016-02-01', 'month', NULL, '平成28年2月開設'),
 ('H28', 'opened', '2014-08-01', 'month', NULL, '透析センター平成26年8月・CTセンター平成27年9月開設')
) v JOIN hubs h ON h.code = v.column1;

INSERT INTO meetings (number, held_on, by_circulation, recorded_at) VALUES
 (1, '2013-08-07', 0, '2018-03-31T15:00:00Z'),
 (2, '2013-11-11', 0, '2018-03-31T15:00:00Z'),
 (3, '2014-11-05', 0, '2018-03-31T15:00:00Z'),
 (4, '2015-06-26', 0, '2018-03-31T15:00:00Z'),
 (5, '2015-09-02', 1, '2018-03-31T15:00:00Z'),
 (6, '2015-10-22', 1, '2018-03-31T15:00:00Z'),
 (7, '2016-05-23', 0, '2018-03-31T15:00:00Z'),
 (8, '2016-12-19', 1, '2018-03-31T15:00:00Z'),
 (9, '2017-01-27', 1, '2018-03-31T15:00:00Z'),
 (10, '2017-09-15', 1, '2018-03-31T15:00:00Z'),
 (11, '2017-12-05', 1, '2018-03-31T15:00:00Z'),
 (12, '2017-12-06', 0, '2018-03-31T15:00:00Z'),
 (13, '2018-03-22', 1, '2018-03-31T15:00:00Z');

-- Agenda items as the document writes them (第4回's 「インバンド」 is the document's own spelling).
INSERT INTO meeting_agenda (meeting_number, position, item_ja, item_en) VALUES
 (1, 1, '今後の医療国際展開に関する合意について', 'Agreement on the future international expansion of healthcare'),
 (2, 1, '関係府省及び関係機関の医療国際展開の取組について', 'Work of the ministries and agencies on international expansion of healthcare'),
 (3, 1, '日・ＡＳＥＡＮ健康イニシアチブのとりまとめ', 'Compiling the Japan-ASEAN Health Initiative'),
 (3, 2, 'インバウンドＷＧの設置及び医療国際展開の取組状況と課題について', 'Setting up the Inbound WG; progress and issues of international expansion'),
 (4, 1, '日メコン首脳会談に向けた検討', 'Preparation for the Japan-Mekong summit'),
 (4, 2, '平和と健康のための基本方針の策定に向けた検討', 'Towards the Basic Design for Peace and Health'),
 (4, 3, 'インバンド及びアウトバウンドの取組について', 'Inbound and outbound initiatives'),
 (5, 1, '「平和と健康のための基本方針」について', 'The Basic Design for Peace and Health'),
 (6, 1, '「日本国内閣官房とアゼルバイジャン共和国首相府との間の医療分野における協力に関する意図表明文書」について', 'Letter of intent on healthcare cooperation between the Cabinet Secretariat of Japan and the Office of the Prime Minister of Azerbaijan'),
 (7, 1, 'アジア健康構想WG開催について', 'Convening the Asia Health and Human Well-Being Initiative WG'),
 (7, 2, '医療の国際展開の状況について', 'State of the international expansion of healthcare'),
 (7, 3, '栄養改善事業の国際展開検討チームの最終報告書について', 'Final report of the study team on international expansion of nutrition improvement business'),
 (8, 1, 'アジア健康構想WG構成員変更について', 'Change of members of the Asia Health Initiative WG'),
 (8, 2, 'Medical Excellence JAPAN医療国際展開事業の推進状況の報告', 'Report on Medical Excellence JAPAN''s international expansion projects'),
 (9, 1, '在留外国人への適正な医療の給付等に関するワーキンググループ開催について', 'Convening the WG on appropriate medical benefits for foreign residents'),
 (10, 1, '国際医薬パートナーシップワーキンググループ開催について', 'Convening the International Pharmaceutical Partnership WG'),
 (11, 1, '在留外国人への適正な医療の給付等に関するワーキンググループ構成員変更について', 'Change of members of the WG on medical benefits for foreign residents'),
 (11, 2, 'アジア健康構想ワーキンググループ構成員変更について', 'Change of members of the Asia Health Initiative WG'),
 (11, 3, 'インバウンド・ワーキンググループ構成員変更について', 'Change of members of the Inbound WG'),
 (12, 1, 'ヘルスケア分野における日本の国際的アプローチ', 'Japan''s international approach in healthcare'),
 (12, 2, '在留外国人への適正な医療の給付等に関するワーキンググループ報告', 'Report of the WG on medical benefits for foreign residents'),
 (12, 3, '国際医薬パートナーシップ推進会議報告', 'Report of the International Pharmaceutical Partnership promotion council'),
 (12, 4, 'アジア健康構想推進会議報告', 'Report of the Asia Health Initiative promotion council'),
 (13, 1, '訪日外国人に対する適切な医療等の確保に関するワーキンググループの開催について', 'Convening the WG on ensuring appropriate healthcare for foreign visitors');

INSERT INTO working_groups (code, name_ja, name_en, set_up_by_meeting, set_up_on, recorded_at) VALUES
 ('inbound', 'インバウンド・ワーキンググループ', 'Inbound WG', 3, '2014-11-05', '2018-03-31T15:00:00Z'),
 ('asia_health', 'アジア健康構想ワーキンググループ', 'Asia Health and Human Well-Being Initiative WG', 7, '2016-05-23', '2018-03-31T15:00:00Z'),
 ('foreign_residents', '在留外国人への適正な医療の給付等に関するワーキンググループ', 'WG on appropriate medical benefits for foreign residents', 9, '2017-01-27', '2018-03-31T15:00:00Z'),
 ('pharma_partnership', '国際医薬パートナーシップワーキンググループ', 'International Pharmaceutical Partnership WG', 10, '2017-09-15', '2018-03-31T15:00:00Z'),
 ('foreign_visitors', '訪日外国人に対する適切な医療等の確保に関するワーキンググループ', 'WG on ensuring appropriate healthcare for foreign visitors', 13, '2018-03-22', '2018-03-31T15:00:00Z');

INSERT INTO wg_events (wg_id, meeting_number, event_date, kind, description_ja, description_en, recorded_at)
SELECT w.id, v.column2, v.column3, v.column4, v.column5, v.column6, '2018-03-31T15:00:00Z' FROM (VALUES
 ('asia_health', 8, '2016-12-19', 'membership_change', 'アジア健康構想WG構成員変更', 'Change of members'),
 ('foreign_residents', 11, '2017-12-05', 'membership_change', '在留外国人への適正な医療の給付等に関するワーキンググループ構成員変更', 'Change of members'),
 ('asia_health', 11, '2017-12-05', 'membership_change', 'アジア健康構想ワーキンググループ構成員変更', 'Change of members'),
 ('inbound', 11, '2017-12-05', 'membership_change', 'インバウンド・ワーキンググループ構成員変更', 'Change of members'),
 ('foreign_residents', 12, '2017-12-06', 'report', '在留外国人への適正な医療の給付等に関するワーキンググループ報告', 'Report to the task force')
) v JOIN working_groups w ON w.code = v.column1;

INSERT INTO agreements (kind, title_ja, title_en, counterpart_ja, counterpart_en, country_iso, effective_date, note, recorded_at) VALUES
 ('letter_of_intent', '日本国内閣官房とアゼルバイジャン共和国首相府との間の医療分野における協力に関する意図表明文書',
  'Letter of intent on cooperation in healthcare between the Cabinet Secretariat of Japan and the Office of the Prime Minister of the Republic of Azerbaijan',
  'アゼルバイジャン共和国首相府', 'Office of the Prime Minister of the Republic of Azerbaijan', 'AZ', '2015-10-22',
  '資料に署名日の記載はなく、これを扱った第6回会合（持ち回り開催）の日付で記録。', '2018-03-31T15:00:00Z');

-- 「医療・保健分野の協力に関する保健当局との政府間覚書等を20ヵ国、首相府との政府間意図表明文書を1ヵ国と作成」.
-- The document does not name the 20 countries: only the count is recorded.
INSERT INTO agreement_counts (kind, countries, effective_date, source, recorded_at) VALUES
 ('mou', 20, '2018-03-31', '医療・保健分野の協力に関する保健当局との政府間覚書等を20ヵ国…と作成', '2018-03-31T15:00:00Z'),
 ('letter_of_intent', 1, '2018-03-31', '首相府との政府間意図表明文書を1ヵ国と作成', '2018-03-31T15:00:00Z');

INSERT INTO policy_documents (title_ja, title_en, adopted_on, date_precision, meeting_number, note, recorded_at) VALUES
 ('今後の医療の国際展開に関する合意', 'Agreement on the future international expansion of healthcare', '2013-08-07', 'day', 1, '平成25年8月の会合にて決定', '2018-03-31T15:00:00Z'),
 ('日・ASEAN健康イニシアチブ（ASEANを健康寿命先進地域にするためのプラン）', 'Japan-ASEAN Health Initiative (plan to make ASEAN a region of advanced healthy life expectancy)', '2014-11-05', 'day', 3, '日・ASEAN特別首脳会合（平成25年12月）で提唱。資料に策定日の記載はなく、とりまとめを扱った第3回会合の日付で記録。', '2018-03-31T15:00:00Z'),
 ('医療渡航支援企業の認証及び渡航受診者受入医療機関の外国への情報発信に関する考え方', 'Approach to certifying medical travel support companies and informing foreign countries of hospitals accepting medical travellers', '2015-06-01', 'month', NULL, '平成27年6月策定', '2018-03-31T15:00:00Z'),
 ('国際薬事規制調和戦略', 'Strategy for international harmonisation of pharmaceutical regulation', '2015-06-01', 'month', NULL, '平成27年6月とりまとめ', '2018-03-31T15:00:00Z'),
 ('平和と健康のための基本方針', 'Basic Design for Peace and Health', '2015-09-01', 'month', 5, '平成27年9月策定（開発協力大綱の保健分野の課題別政策）', '2018-03-31T15:00:00Z'),
 ('栄養改善事業の国際展開検討チーム最終報告書', 'Final report of the study team on international expansion of nutrition improvement business', '2016-07-01', 'month', NULL, '平成28年7月とりまとめ', '2018-03-31T15:00:00Z'),
 ('アジア健康構想に向けた基本方針', 'Basic policy for the Asia Health and Human Well-Being Initiative', '2016-07-01', 'month', NULL, '平成28年7月決定', '2018-03-31T15:00:00Z');

INSERT INTO platforms (code, name_ja, name_en, started_on, date_precision, recorded_at) VALUES
 ('nutrition', '栄養改善事業推進プラットフォーム', 'Nutrition Improvement Business Promotion Platform', '2016-09-01', 'month', '2018-03-31T15:00:00Z'),
 ('asia_health_council', '国際・アジア健康構想協議会', 'International and Asia Health Initiative Council', '2017-02-01', 'month', '2018-03-31T15:00:00Z');

-- 「会員企業・団体数５６（平成30年３月末時点）」: the only count the document gives.
INSERT INTO platform_members (platform, members, effective_date, source, recorded_at) VALUES
 ('nutrition', 56, '2018-03-31', '会員企業・団体数５６（平成30年３月末時点）', '2018-03-31T15:00:00Z');

INSERT INTO taskforce_members (role, title_ja, position) VALUES
 ('chair', '内閣官房健康・医療戦略室長', 1),
 ('member', '内閣官房内閣審議官（内閣官房副長官補（外政担当）付）', 2),
 ('member', '総務省大臣官房総括審議官（情報通信担当）', 3),
 ('member', '外務省経済局長', 4),
 ('member', '外務省国際協力局長', 5),
 ('member', '文部科学省研究振興局長', 6),
 ('member', '厚生労働省医政局長', 7),
 ('member', '経済産業省大臣官房商務・サービス審議官', 8),
 ('member', '一般社団法人Medical Excellence JAPAN（MEJ）理事長', 9),
 ('observer', '独立行政法人国際協力機構(JICA)人間開発部長', 10),
 ('observer', '株式会社国際協力銀行(JBIC)執行役員産業ファイナンス部門長', 11),
 ('observer', '独立行政法人日本貿易振興機構(JETRO)副理事長', 12);

-- Targets from 「今後の方針」.
INSERT INTO targets (name, metric, title_ja, title_en, baseline_value, baseline_date, target_value, deadline, direction, tolerance, source_ja, note, recorded_at) VALUES
 ('hubs_2020', 'hubs_open', '海外の日本の医療拠点 2020年までに20か所程度', 'About 20 Japanese medical hubs abroad by 2020',
  1, '2013-08-07', 20, '2020-12-31', 'increase', 0.1,
  '海外における日本の医療拠点構築は、2020年までに20か所程度を目標に、ベトナム、インドネシア、ミャンマー、中国、ブラジル、トルコ、エジプト、ケニア等での案件を推進する。',
  'Baseline: the 1st task-force meeting (2013-08-07, 今後の医療の国際展開に関する合意), when 1 hub was open. "By 2020" read as by the end of calendar year 2020 (2020-12-31); "about 20" taken as 20.',
  '2018-03-31T15:00:00Z'),
 ('priority_countries', 'priority_countries_with_hub', '重点8か国すべてに医療拠点', 'Hubs in all 8 priority countries',
  0, '2013-08-07', 8, '2020-12-31', 'increase', 0.1,
  '海外における日本の医療拠点構築は、2020年までに20か所程度を目標に、ベトナム、インドネシア、ミャンマー、中国、ブラジル、トルコ、エジプト、ケニア等での案件を推進する。',
  'Baseline: the 1st task-force meeting (2013-08-07), when no priority country had an open hub. The sentence names 8 countries for new hubs with the 2020 horizon: read as an open hub in each of them by 2020-12-31.',
  '2018-03-31T15:00:00Z');
