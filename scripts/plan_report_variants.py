#!/usr/bin/env python3
"""Write the plan-report-sheets variant documents under fixtures/variants/plan-report-sheets/.

a_town_crlf.txt   hand-written 町 sheets (plan + report per item, seed-000 shape), 令和 years,
                  full-width item numbers up to ⑳, 部-prefixed departments, label before mark,
                  × 中止, a missing status, OCR-damaged labels; UTF-8 with CRLF.
b_city_sjis.txt   hand-written report-only sheets that print their plan (seed-001 shape),
                  full-width digits everywhere, 中止 ×, 部/本部/事務所/センター departments,
                  one missing department, a printed legend of the marks and one status
                  printed as a mark alone; Shift_JIS (cp932) with CRLF.
c_seed000_other_city.txt
                  seed 000 transformed: other city and plan period (+3 years), stance-2 items
                  renumbered ⑤…⑳ (+4), item numbers printed with full-width digits, departments
                  given a 部/室 prefix, every status printed label first; UTF-8 with CRLF.
d_seed001_other_city.txt
                  seed 001 (OCR) transformed: 令和 report year, stance-5 items renumbered ⑯…⑳
                  (+15), other item numbers printed with full-width digits, departments given
                  a 部 prefix, statuses printed label first, every `- 未着手` turned into
                  `中止 ×`; UTF-8 with CRLF.
e_village_heisei.txt
                  hand-written 村 sheets across the era change: plan years 平成31年度…令和5年度,
                  report `(R2年度報告)`, roman stance numbers (`Ⅱ－⑲`), 所管課 label, a
                  department that is a 部 alone, `取組項目(1)` heads, one plan-only item;
                  UTF-8 with CRLF.

Run from the repository root: python3 scripts/plan_report_variants.py
"""
import re
from pathlib import Path

OUT = Path("fixtures/variants/plan-report-sheets")

A = """
さくら町行財政改革実施計画（令和4年度～令和8年度）

アクションプラン個別項目－計画調書

実施項目\tふるさと納税の推進
(アクション項目の概要)\t

項目番号
１－⑪

主管課
企画部 企画財政課

基本姿勢\t1. 持続可能な財政基盤の確立\t推進手段\t(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)
\t\t\t◎\t\t\t●\t\t\t
現状\t・返礼品の数が少なく、寄附額が伸び悩んでいる。
課題\t・町の魅力を伝える返礼品の開発が必要である。
目標（改革のゴール目標）\t・寄附額を増やし、自主財源を確保する。 【ふるさと納税寄附額 1億円】
取組方針（ゴールまでのアプローチ方針）\t・町内事業者と連携して返礼品を開発し、受付窓口を広げる。

〈アクション項目の年度別計画〉

項目名\t内容\t取組期間\t\t\t\t
\t\t令和4年度\t令和5年度\t令和6年度\t令和7年度\t令和8年度
取組項目1\t返礼品の開発\t●\t●\t●\t\t
取組内容\t町内事業者と協力し、新たな返礼品を開発する。\t取組目標\t返礼品数 100品
取組項目2\tポータルサイトの追加\t●\t●\t\t\t
取組内容\t寄附を受け付けるポータルサイトを追加する。\t取組目標\tサイト数 4

さくら町行財政改革実施計画（令和4年度～令和8年度）

アクションプラン個別項目－実績報告(令和4年度報告)

実施項目\tふるさと納税の推進
(アクション項目の総括)\t

項目番号
１－⑪

主管課
企画部 企画財政課

総括評価\t実施状況・効果及び今後の取組など
\t返礼品を20品追加し、寄附額は前年度から増加した。
\t【ふるさと納税寄附額】 令和3年度 4,200万円 令和4年度 5,800万円

〈取組項目別の実績報告〉

取組項目1\t返礼品の開発\t達成状況\t順調\t○
本年度の実施内容\t町内の12事業者と協議し、20品を追加した。
取組実績の評価\t寄附件数が増加した。\t次年度に向けた改善点\t体験型の返礼品を検討する。
取組項目2\tポータルサイトの追加\t達成状況\t達成\t◎
本年度の実施内容\tポータルサイトを2サイト追加した。
取組実績の評価\t-\t次年度に向けた改善点\t-

さくら町行財政改革実施計画（令和4年度～令和8年度）

アクションプラン個別項目－計画調書

実施項目\t公共施設の再編\t頂目番号\t１－⑫
(アクション項目の概要)\t推進手段\t主管誤\t総務部総務課

基本姿勢\t1. 持続可能な財政基盤の確立\t推進手段\t(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)
\t\t\t\t●\t\t\t\t◎\t
現状\t・昭和50年代に建てた施設が一斉に更新時期を迎える。
課題\t・人口減少に見合った施設総量にする必要がある。
目指す姿（改革のゴール目標）\t・施設の総延床面積を縮減する。 【総延床面積の縮減率 10%】
取組方針（ゴールまでのアプローチ方針）\t・個別施設計画に基づき、集約化・複合化を進める。

〈アクション項目の年度別計画〉

項目名\t内容\t取組期間\t\t\t\t
\t\t令和4年度\t令和5年度\t令和6年度\t令和7年度\t令和8年度
取組項目1\t個別施設計画の見直し\t実施\t\t\t\t
取組内容\t施設の利用状況を調査し、個別施設計画を見直す。\t取組目標\t計画の改訂
取組項目2\t旧公民館の廃止\t検討\t検討\t実施\t\t
取組内容\t利用の少ない旧公民館を廃止し、跡地を売却する。\t取組目標\t-
取組項目3\t学校施設の複合化\t\t検討\t検討\t実施\t実施
取組内容\t小学校に児童館と図書室を複合化する。\t取組目標\t複合化 1施設

さくら町行財政改革実施計画（令和4年度～令和8年度）

アクションプラン個別項目－実績報告(令和4年度報告)

美施項目\t公共施設の再編\t項目番号\t１－⑫
(アクション項目の総括)\t\t主管課\t

総括評価\t実施状況・効果及び今後の取組など
\t個別施設計画を改訂した。旧公民館は地元との協議が整わず、廃止を見送った。

〈取組項目別の実績報告〉

取組項目1\t個別施設計画の見直し\t達成状況\t達成\t◎
本年度の実施内容\t施設ごとの利用者数と維持費を調べ、計画を改訂した。
取組実績の評価\t更新費用の見通しが立った。\t次年度に向けた改善点\t-
取組項目2\t旧公民館の廃止\t達成状況\t中止\t×
本年度の実施内容\t地元から存続の要望があり、廃止を中止した。
取組実績の評価\t-\t次年度に向けた改善点\t地区の集会所として貸し出す方法を検討する。
取組項目3\t学校施設の複合化\t達成状況 遅延 △
本年度の実施内容\t-
取組実績の評価\t-\t次年度に向けた改善点\t基本構想の策定を急ぐ。

さくら町行財政改革実施計画（令和4年度～令和8年度）

アクションプラン個別項目－計画調書

実施項目\t健康づくりの推進
(アクション項目の概要)\t

項目番号\t２－⑳
主管課\t保健福祉部 健康づくりセンター

基本姿勢\t2. 町民との協働によるまちづくり\t推進手段\t(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)
\t\t\t●\t\t\t\t\t\t◎
現状\t・特定健診の受診率が県平均を下回っている。
課題\t・働く世代の受診機会を増やす必要がある。
目標達成度（改革のゴール目標）\t・町民が自らの健康に関心を持ち、健診を受けている。 【特定健診受診率 60%】
取組方針（ゴールまでのアプローチ方針）\t・休日健診と受診勧奨を組み合わせる。

〈アクション項目の年度別計画〉

項目名\t内容\t取組期間\t\t\t\t
\t\t令和4年度\t令和5年度\t令和6年度\t令和7年度\t令和8年度
取組項目1\t休日健診の実施\t●\t●\t●\t●\t●
取組内容\t土曜日と日曜日に集団健診を行う。\t取組目標\t休日健診 年4回
取組項目2\t受診勧奨の強化\t\t●\t●\t●\t●
取組内容\t未受診者に通知とSMSで受診を勧める。\t取組目標\t勧奨通知率 100%

さくら町行財政改革実施計画（令和4年度～令和8年度）

アクションプラン個別項目－実績報告(令和4年度報告)

実施項目\t健康づくりの推進
(アクション項目の総括)\t

項目番号\t２－⑳
主管課\t保健福祉部 健康づくりセンター

総括評価\t休日健診を年4回実施し、受診率は前年度から3ポイント上昇した。
\t【特定健診受診率】 令和3年度 41% 令和4年度 44%

〈取組項目別の実績報告〉

取組項目1\t休日健診の実施\t達成状況\t順調 ○
本年度の実施内容\t6月、9月、11月、2月に休日健診を行った。
取組実績の評価\t40歳代の受診者が増えた。\t次年度に向けた改善点\t予約をウェブで受け付ける。
取組項目2\t受診勧奨の強化\t達成状況\t
本年度の実施内容\t-
取組実績の評価\t-\t次年度に向けた改善点\t-
"""

B = """アクションプラン個別項目 - 実績報告(２０２２年度報告)
※進捗状況　◎：達成　○：順調　△：遅延　－：未着手　×：中止

実施項目\t窓口サービスの向上\t項目\t番号\t\t１－１\t
〈アクション項目\t目の概要〉\t主管\t課\t\t市民生活部 市民課\t
現状と課題\t窓口での待ち時間が長く、手続ごとに複数の窓口を回る必要がある。
目指す姿\tワンストップで手続が完了する窓口が実現している。【平均待ち時間 15分以内】\t\t\t
\t取組の内容\t\t取組\t期間(年度)\t
\t\t２０２２\t２０２３\t２０２４\t２０２５\t２０２６
取組内容１\t申請書の記載を減らす「書かない窓口」を導入する。\t検討\t導入\t実施\t実施\t実施
取組内容２\t窓口の混雑状況をウェブで公開する。\t実施\t実施\t実施\t実施\t実施

〈アクション項目の総括〉

\t取組状況、今後の取組、数値目標の状況など
総括評価\t書かない窓口の導入に向けて、先進市の事例を調査した。混雑状況の公開は中止した。
\t【平均待ち時間 22分(2022年度)】

取組内容１\t申請書の記載を減らす「書かない窓口」を導入する。\t進捗状況\t順調\t○
２０２２年度の 実施内容\t先進市を視察し、導入するシステムを比較した。
次年度に 向けた 改善点\tシステムの仕様を決定する。
取組内容２\t窓口の混雑状況をウェブで公開する。\t進捗状況\t中止 ×
２０２２年度の 実施内容\t国の標準化対応を優先するため、公開を中止した。
次年度に 向けた 改善点\t-

アクションプラン個別項目 - 実績報告(２０２２年度報告)

実施項目\t救急体制の充実\t項目番号 １－２\t
〈アクション項目の概要〉\t主管課\t消防本部 警防課\t
現状と課題\t高齢化に伴い救急出動件数が増え、現場到着までの時間が延びている。
目指す姿\t救急車が早く現場に到着し、救命率が高まっている。【現場到着時間 8.0分】
\t取組の内容\t\t取組期間(年度)\t
\t\t２０２２\t２０２３\t２０２４\t２０２５\t２０２６
取組内容１\t救急車の適正利用を啓発する。\t実施\t実施\t実施\t実施\t実施
取組内容２\t救急隊を１隊増やす。\t検討\t検討\t導入\t\t
取組内容３\t応急手当講習を行う。\t実施\t実施\t実施\t実施\t実施

〈アクション項目の総括〉

\t取組状況、今後の取組、数値目標の状況など
総括評価\t適正利用の啓発と講習は予定どおり行ったが、救急隊の増隊は人員確保が遅れている。
\t【現場到着時間 9.1分(2022年度)】

取組内容１\t救急車の適正利用を啓発する。\t進捗状況\t達成\t◎
２０２２年度の 実施内容\t広報紙と動画で適正利用を呼びかけた。
次年度に 向けた 改善点\t-
取組内容２\t救急隊を１隊増やす。 進捗状況 遅延 △
２０２２年度の 実施内容\t救急救命士の採用を募集したが、応募が少なかった。
次年度に 向けた 改善点\t採用年齢の上限を引き上げる。
取組内容３\t応急手当講習を行う。\t進捗状況\t順調\t○
２０２２年度の 実施内容\t普通救命講習を24回行い、480人が受講した。
次年度に 向けた 改善点\t中学生向けの講習を加える。

アクションプラン個別項目 - 実績報告(２０２２年度報告)

実施項目\t水道事業の経営健全化\t項目\t番号\t\t２－１\t
〈アクション項目\t目の概要〉\t主管\t課\t\t上下水道事務所\t
現状と課題\t給水人口の減少で料金収入が減る一方、老朽管の更新費用が増えている。
目指す姿\t料金収入で経営が成り立つ水道事業になっている。【経常収支比率 105%】
\t取組の内容\t\t取組期間(年度)\t
\t\t２０２２\t２０２３\t２０２４\t２０２５\t２０２６
取組内容１\t経営戦略を改定する。\t検討\t実施\t\t\t
取組内容２\t料金体系を見直す。\t\t検討\t検討\t実施\t実施

〈アクション項目の総括〉

\t取組状況、今後の取組、数値目標の状況など
総括評価\t経営戦略の改定に向けて、将来の収支を試算した。
\t【経常収支比率 101%(2022年度)】

取組内容１\t経営戦略を改定する。\t進捗状況\t順調\t○
２０２２年度の 実施内容\t２０６０年度までの収支を試算した。
次年度に 向けた 改善点\t審議会に諮る。
取組内容２\t料金体系を見直す。\t進捗状況\t未着手\t-
２０２２年度の 実施内容\t-
次年度に 向けた 改善点\t-

アクションプラン個別項目 - 実績報告(２０２２年度報告)

実施項目\t健康ポイント事業の推進\t項目\t番号\t\t２－２\t
〈アクション項目\t目の概要〉\t主管\t課\t\t\t
現状と課題\t健康づくりに関心のない層に働きかける手段が少ない。
目指す姿\t多くの市民が楽しみながら健康づくりに取り組んでいる。【参加者数 3,000人】
\t取組の内容\t\t取組期間(年度)\t
\t\t２０２２\t２０２３\t２０２４\t２０２５\t２０２６
取組内容１\tスマートフォンで歩数を記録できるようにする。\t導入\t実施\t実施\t実施\t実施

〈アクション項目の総括〉

\t取組状況、今後の取組、数値目標の状況など
総括評価\tアプリを導入し、参加者は1,850人となった。
\t【参加者数 1,850人(2022年度)】

取組内容１\tスマートフォンで歩数を記録できるようにする。\t進捗状況\t○
２０２２年度の 実施内容\t健康ポイントアプリを10月に導入した。
次年度に 向けた 改善点\t商店と連携して特典を増やす。
"""

E = """あおば村行政改革推進計画（平成31年度～令和5年度）

アクションプラン個別項目－計画調書

実施項目\t事務処理の電子化\t項目番号\tⅡ－⑲
(アクション項目の概要)\t推進手段\t所管課\t総務部

基本姿勢\t2. 効率的な行政運営\t推進手段\t(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)
\t\t\t\t\t◎\t\t\t\t●
現状\t・申請や決裁の多くを紙で処理している。
課題\t・書類の保管場所と処理時間が増えている。
目指す姿（改革のゴール目標）\t・決裁と申請が電子で完結している。 【電子決裁率 80%】
取組方針（ゴールまでのアプローチ方針）\t・電子決裁を導入し、申請のオンライン化を進める。

〈アクション項目の年度別計画〉

項目名\t内容\t取組期間\t\t\t\t
\t\t平成31年度\t令和2年度\t令和3年度\t令和4年度\t令和5年度
取組項目(1)\t電子決裁の導入\t●\t●\t\t\t
取組内容\t文書管理システムに電子決裁機能を追加する。\t取組目標\t電子決裁率 80%
取組項目(2)\t申請のオンライン化\t\t●\t●\t●\t●
取組内容\t住民票の写しなどの申請をオンラインで受け付ける。\t取組目標\tオンライン手続 20件

あおば村行政改革推進計画（平成31年度～令和5年度）

アクションプラン個別項目－実績報告(R2年度報告)

実施項目\t事務処理の電子化\t項目番号\tⅡ－⑲
(アクション項目の総括)\t\t所管課\t総務部

総括評価\t実施状況・効果及び今後の取組など
\t電子決裁を4月から全課で運用した。オンライン申請は対象手続の選定を終えた。
\t【電子決裁率】 令和元年度 12% 令和2年度 64%

〈取組項目別の実績報告〉

取組項目(1)\t電子決裁の導入\t達成状況\t達成\t◎
本年度の実施内容\t全課で電子決裁を運用した。
取組実績の評価\t決裁に要する日数が短くなった。\t次年度に向けた改善点\t-
取組項目(2)\t申請のオンライン化\t達成状況\t遅延\t△
本年度の実施内容\t対象とする12手続を選んだ。
取組実績の評価\t-\t次年度に向けた改善点\t県の共同システムへの参加を急ぐ。

あおば村行政改革推進計画（平成31年度～令和5年度）

アクションプラン個別項目－計画調書

実施項目\t村有地の売却\t項目番号\tⅡ－⑳
(アクション項目の概要)\t推進手段\t所管課\t産業建設課

基本姿勢\t2. 効率的な行政運営\t推進手段\t(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)
\t\t\t◎\t\t\t\t\t\t
現状\t・利用予定のない村有地が12か所ある。
課題\t・草刈りなどの管理費がかかっている。
目指す姿（改革のゴール目標）\t・使わない土地を売却し、管理費を減らしている。 【売却件数 6件】
取組方針（ゴールまでのアプローチ方針）\t・測量と公売を計画的に行う。

〈アクション項目の年度別計画〉

項目名\t内容\t取組期間\t\t\t\t
\t\t平成31年度\t令和2年度\t令和3年度\t令和4年度\t令和5年度
取組項目(1)\t売却候補地の選定\t●\t\t\t\t
取組内容\t12か所の利用見込みを調べ、売却する土地を決める。\t取組目標\t候補地の決定
取組項目(2)\t公売の実施\t\t\t●\t●\t●
取組内容\t測量を行い、公売にかける。\t取組目標\t売却 6件
"""


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# --- c: seed 000 as another city would print it -------------------------------------------

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
DEPTS = {
    "総務課": "総務部 総務課",
    "企画政策課": "企画部企画政策課",
    "財政課": "財務部 財政課",
    "収納課": "財務部 収納課",
    "介護福祉課": "保健福祉部介護福祉課",
    "国保年金課": "市民部 国保年金課",
    "地域推進課": "市民部 地域振興室",
    "開発指導課": "都市建設部開発指導課",
    "秘書広報課": "市長公室 秘書広報課",
}


def renumber(m: re.Match) -> str:
    """`1-①` → `１－①`; stance 2 shifted by four (`2-⑯` → `２－⑳`, `2-15` → `２－19`)."""
    stance, sep, n = m.group(1), m.group(2), m.group(3)
    if n in CIRCLED:
        v = CIRCLED.index(n) + 1
        v += 4 if stance == "2" else 0
        num = CIRCLED[v - 1]
    else:
        num = str(int(n) + (4 if stance == "2" else 0)).translate(FULL)
    return f"{stance.translate(FULL)}－{num}"


def dept_line(line: str) -> str:
    """Departments only where the sheet prints them (主管課 rows and their value row)."""
    for old, new in DEPTS.items():
        line = re.sub(rf"(?<![部室]){old}(?![長と])", new, line)
    return line


def label_first(m: re.Match) -> str:
    return f"{m.group(1)}{m.group(2)}{m.group(5)}{m.group(4)}{m.group(3)}"


def transform_seed(text: str) -> str:
    text = text.replace("つくばみらい市", "みどり野市")
    text = text.replace("（2019 -2023）", "（2022 -2026）")
    text = re.sub(
        r"20(19|2[0-3])( ?年度)",
        lambda m: f"20{int(m.group(1)) + 3}{m.group(2)}",
        text,
    )
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        # Item numbers as printed after 項目番号 (same cell, next cell or next line).
        prev = next((p for p in reversed(lines[max(0, i - 3):i]) if p.strip()), "")
        if "項目番号" in line or prev.strip() == "項目番号":
            line = re.sub(r"(?<![0-9])([123]) ?(-) ?([①-⑳]|1[0-9])", renumber, line)
        if "主管課" in line or prev.strip() == "主管課":
            line = dept_line(line)
        # Status printed label first: `達成状況⇥◎⇥達成` → `達成状況⇥達成⇥◎`,
        # `○ 順調` → `順調 ○`.
        line = re.sub(
            r"(達成状況)(\t| )([◎○△×●\-])(\t| )(達成|順調|遅延|未着手)",
            label_first,
            line,
        )
        line = re.sub(r"(<td>)([◎○△×])( )(達成|順調|遅延|未着手)(</td>)",
                      lambda m: f"{m.group(1)}{m.group(4)}{m.group(3)}{m.group(2)}{m.group(5)}",
                      line)
        out.append(line)
    return "\n".join(out)


DEPTS_001 = {
    "総務課": "総務部 総務課",
    "財政課": "財務部財政課",
    "地域推進課": "市民部 地域推進課",
}


def renumber_001(m: re.Match) -> str:
    """`5 - ①` → `5 - ⑯`, `5-3)` → `5-18)`; `1-(1)` → `１-(１)`, `3-④` → `３-④`."""
    stance, sep, pre, n, post = m.groups()
    if stance == "5":
        v = (CIRCLED.index(n) + 1 if n in CIRCLED else int(n)) + 15
        num = CIRCLED[v - 1] if n in CIRCLED else str(v)
        return f"{stance}{sep}{pre}{num}{post}"
    return f"{stance.translate(FULL)}{sep}{pre}{n.translate(FULL)}{post}"


def transform_seed_001(text: str) -> str:
    text = text.replace("実績報告(2024年度報告)", "実績報告(令和6年度報告)")
    out = []
    for line in text.split("\n"):
        if re.match(r"^(実施|美施)", line) and "番号" in line:
            line = re.sub(
                r"(?<![0-9])([1-5])( ?[-–] ?)(\(?)([0-9]|[①-⑳])(\)?)", renumber_001, line
            )
        if "主管" in line or "言課" in line:
            cells = line.split("\t")
            cells = [DEPTS_001.get(c, c) for c in cells]
            line = "\t".join(cells)
            line = re.sub(r"主管課 ?(総務課|地域推進課)",
                          lambda m: "主管課 " + DEPTS_001[m.group(1)], line)
        line = re.sub(r"(進捗状況)(\t| )([0○©◎])(\t| )(達成|順調)", label_first, line)
        line = line.replace("進捗状況\t-\t未着手", "進捗状況\t中止\t×")
        out.append(line)
    return "\n".join(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "a_town_crlf.txt").write_bytes(crlf(A.lstrip("\n")).encode("utf-8"))
    (OUT / "e_village_heisei.txt").write_bytes(crlf(E).encode("utf-8"))
    (OUT / "b_city_sjis.txt").write_bytes(crlf(B).encode("cp932"))
    seed = Path("fixtures/000_10e1818db76866b3.txt").read_text(encoding="utf-8")
    (OUT / "c_seed000_other_city.txt").write_bytes(
        crlf(transform_seed(seed)).encode("utf-8")
    )
    seed = Path("fixtures/001_f322297bbe860da5.txt").read_text(encoding="utf-8")
    (OUT / "d_seed001_other_city.txt").write_bytes(
        crlf(transform_seed_001(seed)).encode("utf-8")
    )


if __name__ == "__main__":
    main()
