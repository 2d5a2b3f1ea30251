//! Seed 002 (結城市 アクションプラン): the facts of issue 4 and a truth table written by
//! reading the document.

use keikaku_grammar::layout::action_sheet::Num;
use keikaku_grammar::Layout;

mod common;
use common::{item, parse_bytes as parse, sheet_ext as ext};

fn seed_bytes() -> Vec<u8> {
    common::fixture_bytes("002_dcc169ed6dd0f002.txt")
}

#[test]
fn document_facts() {
    let p = parse(&seed_bytes());
    assert_eq!(p.layout, Layout::ActionPlanSheets);
    assert_eq!(p.meta.municipality.as_deref(), Some("結城市"));
    assert_eq!(p.meta.period.map(|x| (x.from, x.to)), Some((2021, 2025)));
    assert_eq!(p.meta.report_year, None);
    // 39 取組, No.1–39 in order, under three 基本方針.
    let ids: Vec<String> = p.items.iter().filter_map(|i| i.id.clone()).collect();
    let want: Vec<String> = (1..=39).map(|n| n.to_string()).collect();
    assert_eq!(ids, want);
    let mut basics: Vec<u32> = p
        .items
        .iter()
        .filter_map(|i| ext(i).basic_policy.as_ref().and_then(|b| b.number))
        .collect();
    basics.dedup();
    assert_eq!(basics, vec![1, 2, 3]);
    // 30 named indicators on 29 sheets (No.24 has two).
    let named: usize = p
        .items
        .iter()
        .map(|i| {
            ext(i)
                .indicators
                .iter()
                .filter(|x| x.name.is_some())
                .count()
        })
        .sum();
    assert_eq!(named, 30);
    assert_eq!(ext(item(&p, "24")).indicators.len(), 2);
    // 分類: 5 重点事業, 2 主要事業.
    let cat = |c: &str| {
        p.items
            .iter()
            .filter(|i| ext(i).category.as_deref() == Some(c))
            .count()
    };
    assert_eq!((cat("重点事業"), cat("主要事業")), (5, 2));
    // No results yet: 取組実績 and 評価 are null, never "".
    assert!(p
        .items
        .iter()
        .all(|i| ext(i).results.is_none() && ext(i).evaluation.is_none()));
    // Every sheet runs 令和3–7年度.
    assert!(p
        .items
        .iter()
        .all(|i| ext(i).term.map(|t| (t.from, t.to)) == Some((2021, 2025))));
}

#[test]
fn legend_and_front_matter_are_not_items() {
    let p = parse(&seed_bytes());
    assert!(p
        .items
        .iter()
        .all(|i| !i.title.as_deref().unwrap_or("").contains('②')));
    let unparsed: Vec<u32> = p.unparsed.iter().map(|u| u.line).collect();
    // Legend (L121–150), 取組一覧 (L76–115), table of contents (L15–44): all claimed.
    for l in [
        15, 19, 32, 44, 76, 99, 105, 115, 121, 124, 137, 139, 140, 150, 155, 210, 213,
    ] {
        assert!(!unparsed.contains(&l), "line {l} should be claimed");
    }
    // Only prose stays: chapter 1 paragraphs, the legend's intro sentence, the footer.
    let prose = [
        50, 52, 56, 58, 62, 64, 68, 70, 119, 844, 846, 848, 850, 852, 854,
    ];
    assert_eq!(unparsed, prose);
}

/// (No, 取組内容, 主担当課, other departments, 基本方針, 重点項目, 推進項目, 分類)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    u32,
    u32,
    &'static str,
    Option<&'static str>,
);

/// Read off the sheets (L159 onwards) by hand; 重点項目 numbers from the 取組一覧.
const TRUTH: &[Row] = &[
    (
        "1",
        "市民参画・市民活動支援事業",
        "まちづくり協働課",
        &[],
        1,
        1,
        "市民協働の推進",
        Some("重点事業"),
    ),
    (
        "3",
        "包括連携協定の充実と連携企業等の拡大",
        "企画政策課",
        &[],
        1,
        1,
        "民間との連携・協働強化",
        None,
    ),
    (
        "7",
        "結城ケーブルテレビの活用",
        "秘書課",
        &[],
        1,
        2,
        "情報発信の強化",
        None,
    ),
    (
        "11",
        "情報公開条例の適正な運用",
        "総務課",
        &[],
        1,
        3,
        "開かれた行政運営の推進",
        None,
    ),
    (
        "15",
        "民間委託やPFI等の民間活力導入の推進",
        "総務課",
        &["契約管財課"],
        2,
        1,
        "民間活力の利活用の推進",
        None,
    ),
    (
        "17",
        "企業版ふるさと納税事業",
        "企画政策課",
        &[],
        2,
        2,
        "幅広い手法による財源の確保",
        Some("重点事業"),
    ),
    (
        "20",
        "使用料・手数料・負担金の見直し",
        "財政課",
        &[],
        2,
        2,
        "財政健全化に向けた取組強化",
        None,
    ),
    (
        "21",
        "公営企業会計の健全化の推進",
        "財政課",
        &[],
        2,
        2,
        "財政健全化に向けた取組強化",
        None,
    ),
    (
        "22",
        "職員研修事業",
        "総務課",
        &[],
        2,
        3,
        "市民に信頼される人材の育成",
        Some("主要事業"),
    ),
    (
        "25",
        "定員管理計画の管理",
        "総務課",
        &[],
        2,
        3,
        "挑戦する組織づくり",
        None,
    ),
    (
        "27",
        "イノベーションチャレンジの推進",
        "企画政策課",
        &["総務課"],
        2,
        3,
        "挑戦する組織づくり",
        None,
    ),
    (
        "28",
        "出資団体のあり方の見直し",
        "総務課",
        &[],
        2,
        4,
        "出資団体改革の推進",
        None,
    ),
    (
        "29",
        "定住自立圏構想の推進",
        "企画政策課",
        &[],
        2,
        4,
        "広域行政の推進",
        Some("重点事業"),
    ),
    (
        "30",
        "コンビニ証明書交付事業",
        "市民課",
        &[],
        3,
        1,
        "マイナンバーカードによる利便性の向上",
        Some("主要事業"),
    ),
    (
        "35",
        "CSIRT (シーサート)の整備",
        "総務課",
        &[],
        3,
        2,
        "情報セキュリティの強化推進",
        None,
    ),
    (
        "39",
        "電子決裁の拡充(ペーパーレス化の推進)",
        "総務課",
        &[],
        3,
        3,
        "ICT環境の充実",
        None,
    ),
];

#[test]
fn truth_table() {
    let p = parse(&seed_bytes());
    for &(id, title, dept, more, basic, focus, promo, cat) in TRUTH {
        let it = item(&p, id);
        let x = ext(it);
        assert_eq!(it.title.as_deref(), Some(title), "title of {id}");
        assert_eq!(it.department.as_deref(), Some(dept), "department of {id}");
        assert_eq!(&x.departments[1..], more, "departments of {id}");
        assert_eq!(
            x.basic_policy.as_ref().and_then(|b| b.number),
            Some(basic),
            "基本方針 of {id}"
        );
        assert_eq!(
            x.focus_area.as_ref().and_then(|b| b.number),
            Some(focus),
            "重点項目 of {id}"
        );
        assert_eq!(x.promotion_item.as_deref(), Some(promo), "推進項目 of {id}");
        assert_eq!(x.category.as_deref(), cat, "分類 of {id}");
    }
    // Printed numbers: only No.1 and No.4.
    assert_eq!(item(&p, "1").raw_id.as_deref(), Some("No. 1"));
    assert_eq!(item(&p, "4").raw_id.as_deref(), Some("No. 4"));
    assert_eq!(item(&p, "2").raw_id.as_deref(), Some("2"));
}

#[test]
fn overview_disagreements_are_reported() {
    let p = parse(&seed_bytes());
    let mismatch = |line: u32| {
        p.diagnostics
            .iter()
            .any(|d| d.code == "overview.mismatch" && d.line == Some(line))
    };
    // L97 prints (3) on No.21's row; No.28's name differs (を / の).
    assert!(mismatch(97));
    assert!(mismatch(104));
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "overview.misaligned" && d.line == Some(99)));
    // Rows that agree are not reported.
    assert!(!mismatch(77));
    assert!(!mismatch(91));
}

#[test]
fn indicators_and_targets() {
    let p = parse(&seed_bytes());
    let t = |id: &str, k: usize| ext(item(&p, id)).indicators[k].clone();
    let i1 = t("1", 0);
    assert_eq!(i1.name.as_deref(), Some("ふれあい出前講座の実施回数"));
    let v: Vec<Option<Num>> = i1.targets.iter().map(|x| x.value).collect();
    assert_eq!(v, [40, 50, 50, 50, 50].map(|n| Some(Num::Int(n))).to_vec());
    assert!(i1.targets.iter().all(|x| x.unit.as_deref() == Some("回")));
    assert_eq!(
        i1.targets.iter().map(|x| x.year).collect::<Vec<_>>(),
        (2021..=2025).map(Some).collect::<Vec<_>>()
    );
    let i9 = t("9", 0);
    assert_eq!(i9.targets[0].qualifier.as_deref(), Some("平均"));
    assert_eq!(i9.targets[0].unit.as_deref(), Some("人"));
    let i7 = t("7", 0);
    assert_eq!(i7.targets[0].qualifier.as_deref(), Some("月"));
    assert_eq!(t("10", 0).targets[0].unit.as_deref(), Some("%"));
    // — means no target.
    assert!(t("6", 0).targets.iter().all(|x| x.text.is_none()));
    let i18 = t("18", 0);
    assert_eq!(i18.targets[2].text, None);
    assert_eq!(i18.targets[3].text.as_deref(), Some("実施"));
    assert_eq!(t("27", 0).targets[0].text, None);
    assert_eq!(t("27", 0).targets[1].value, Some(Num::Int(4)));
    // No.17: the name sits on the row under 指標.
    assert_eq!(t("17", 0).name.as_deref(), Some("制度活用例数"));
    // Notes instead of indicators.
    let n3 = ext(item(&p, "3"));
    assert!(n3.indicators.is_empty());
    assert_eq!(
        n3.indicator_note.as_deref(),
        Some("※検討・協議事業のため指標は設定しない")
    );
    assert!(ext(item(&p, "31")).indicator_note.is_some());
    for id in ["11", "14", "15", "20", "21", "23", "26", "37"] {
        let x = ext(item(&p, id));
        assert!(
            x.indicators.is_empty() && x.indicator_note.is_none(),
            "No.{id}"
        );
    }
}

#[test]
fn year_plans_and_lists() {
    let p = parse(&seed_bytes());
    let x = ext(item(&p, "1"));
    assert_eq!(x.measures.as_ref().map(Vec::len), Some(4));
    assert_eq!(x.annual_plan.len(), 5);
    assert_eq!(x.annual_plan[4].plans.len(), 4);
    // No.5: → continues the first year's plan.
    let x = ext(item(&p, "5"));
    assert!(x
        .annual_plan_rows
        .iter()
        .all(|r| r.continued && r.to == Some(2025)));
    // No.23: one row across all years and a row of per-year cells, then a note.
    let x = ext(item(&p, "23"));
    assert_eq!(
        x.annual_plan[1].plans,
        vec![
            "産業医のメンタルヘルス面談",
            "ストレスチェックの実施",
            "メンタルヘルス研修(対象:係長)"
        ]
    );
    assert_eq!(x.annual_plan_notes.len(), 1);
    // No.21: a cell that spans 令和3–5年度.
    let x = ext(item(&p, "21"));
    assert_eq!(
        (x.annual_plan_rows[0].from, x.annual_plan_rows[0].to),
        (Some(2021), Some(2023))
    );
    // No.2: a lead sentence, then three ○ entries.
    assert_eq!(ext(item(&p, "2")).measures.as_ref().map(Vec::len), Some(4));
}

#[test]
fn crlf_gives_the_same_items() {
    let bytes = seed_bytes();
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let crlf = text.replace('\n', "\r\n");
    let a = parse(&bytes);
    let b = parse(crlf.as_bytes());
    assert_eq!(a.items, b.items);
    assert_eq!(a.unparsed.len(), b.unparsed.len());
}

/// A plan of the same shape from another (made-up) town: CRLF, every sheet numbered,
/// no 総合計画 policy row, arabic 基本方針 numbers in the overview, R-era year headers,
/// results already written, and an overview row whose name differs from its sheet.
const OTHER: &str = "\
みどり町行政改革アクションプラン\r
令和4年度～令和8年度\r
\r
取組一覧\r
基本方針\t重点項目\t推進項目\tNo\t取組内容\t主担当課\r
1 効率的な行政運営\t(1) 事務の見直し\t業務改善\t1\t窓口業務の委託\t住民課\r
\t\t\t2\t文書管理の電子化\t総務課\r
2 健全な財政運営\t(1) 歳入の確保\t収納対策\t3\t町税の収納率向上\t税務課・収納対策室\r
\r
No.1\r
取組内容\t窓口業務の委託\r
総合計画体系\tⅠ 効率的な行政運営\t\t主担当課\r
\t事務の見直し\t\t住民課\r
\t業務改善\r
取組期間\t(令和 4 年度 ~ 令和 8 年度)\r
【概要・方向性】\r
窓口業務の一部を民間に委託し、待ち時間を短縮する。\r
【手段】\r
・委託範囲の検討 ・事業者の選定\r
年次計画\tR4年度\tR5年度\tR6年度\tR7年度\tR8年度\r
\t検討\t事業者選定\t委託開始\t→\r
指標\t平均待ち時間\r
\t20分\t18分\t15分\t15分\t―\r
取組実績\t委託範囲を検討した。\r
評価\t予定どおり進んでいる。\r
\r
No.2\r
取組内容\t文書管理の電子化\r
総合計画体系\tⅠ 効率的な行政運営\t\t主担当課\r
\t事務の見直し\t\t総務課\r
\t業務改善\r
取組期間\t(令和 4 年度 ~ 令和 8 年度)\r
【概要・方向性】\r
紙の文書を減らす。\r
【手段】\r
電子決裁を導入する。\r
年次計画\tR4年度\tR5年度\tR6年度\tR7年度\tR8年度\r
\t電子決裁の導入\r
指標\r
取組実績\r
評価\r
\r
No.3\r
取組内容\t町税等の収納率の向上\r
総合計画体系\tⅡ 健全な財政運営\t\t主担当課\r
\t歳入の確保\t\t税務課\r
\t収納対策\t\t収納対策室\r
取組期間\t(令和 4 年度 ~ 令和 8 年度)\r
【概要・方向性】\r
収納率を高める。\r
【手段】\r
○口座振替の推進 ○滞納処分の強化\r
年次計画\tR4年度\tR5年度\tR6年度\tR7年度\tR8年度\r
\t口座振替の推進\r
指標\t町税の収納率\r
\t98.5%\t98.6%\t98.7%\t98.8%\t99.0%\r
取組実績\r
評価";

#[test]
fn another_town_of_the_same_shape() {
    let p = parse(OTHER.as_bytes());
    assert_eq!(p.layout, Layout::ActionPlanSheets);
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let a = item(&p, "1");
    let x = ext(a);
    assert_eq!(a.raw_id.as_deref(), Some("No.1"));
    assert_eq!(a.department.as_deref(), Some("住民課"));
    assert_eq!(x.basic_policy.as_ref().and_then(|b| b.number), Some(1));
    assert_eq!(x.plan_policy, None);
    assert_eq!(x.focus_area.as_ref().and_then(|f| f.number), Some(1));
    assert_eq!(x.term.map(|t| (t.from, t.to)), Some((2022, 2026)));
    assert_eq!(
        x.measures.as_deref(),
        Some(&["委託範囲の検討".to_string(), "事業者の選定".to_string()][..])
    );
    let spans: Vec<(Option<i32>, Option<i32>)> =
        x.annual_plan_rows.iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(
        spans,
        [
            (Some(2022), Some(2022)),
            (Some(2023), Some(2023)),
            (Some(2024), Some(2026))
        ]
    );
    assert!(x.annual_plan_rows[2].continued);
    let t = &x.indicators[0].targets;
    assert_eq!(t[0].value, Some(Num::Int(20)));
    assert_eq!(t[0].unit.as_deref(), Some("分"));
    assert_eq!((t[4].year, t[4].text.as_deref()), (Some(2026), None));
    assert_eq!(x.results.as_deref(), Some("委託範囲を検討した。"));
    assert_eq!(x.evaluation.as_deref(), Some("予定どおり進んでいる。"));
    // An empty 指標 row: no indicator, no note.
    let b = ext(item(&p, "2"));
    assert!(b.indicators.is_empty() && b.indicator_note.is_none());
    assert_eq!(b.results, None);
    // Two departments; the overview's 町税 vs the sheet's 町税等 is reported.
    let c = item(&p, "3");
    assert_eq!(ext(c).departments, ["税務課", "収納対策室"]);
    assert_eq!(ext(c).basic_policy.as_ref().and_then(|b| b.number), Some(2));
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "overview.mismatch" && d.message.contains("町税")));
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn never_panics_on_other_layouts_or_cut_documents() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
    for name in [
        "000_10e1818db76866b3.txt",
        "001_f322297bbe860da5.txt",
        "003_958463c6e2069eab.txt",
        "004_cf9142fe188b5ae8.txt",
    ] {
        let bytes = std::fs::read(format!("{dir}/{name}")).expect("seed");
        let doc = keikaku_loader::load(&bytes).expect("loads");
        let meta = keikaku_grammar::meta::read(&doc);
        let mut ctx = keikaku_grammar::layout::Ctx::new(&doc, &meta);
        let _ = keikaku_grammar::layout::action_sheet::parse(&doc, &mut ctx);
    }
    // Seed 002 cut after every few lines: sheets end half-way, tables lose their rows.
    let text = String::from_utf8(seed_bytes()).expect("utf-8");
    let lines: Vec<&str> = text.split('\n').collect();
    for n in (3..lines.len()).step_by(37) {
        let cut = lines[..n].join("\n");
        let p = parse(cut.as_bytes());
        assert!(p.items.len() <= 39);
    }
}

#[test]
fn without_an_overview_the_contents_number_the_headings() {
    // OTHER without its 取組一覧, with a table of contents instead; sheets keep their No.
    let start = OTHER.find("取組一覧").expect("overview");
    let end = OTHER.find("No.1").expect("first sheet");
    let doc = format!(
        "{}目次\r\n- 1 効率的な行政運営\r\n - (1) 事務の見直し・・・・ 2\r\n- 2 健全な財政運営\r\n - (1) 歳入の確保・・・・ 4\r\n\r\n{}",
        &OTHER[..start],
        &OTHER[end..]
    );
    let p = parse(doc.as_bytes());
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    let c = ext(item(&p, "3"));
    assert_eq!(c.focus_area.as_ref().and_then(|f| f.number), Some(1));
    assert_eq!(c.basic_policy.as_ref().and_then(|b| b.number), Some(2));
    assert!(!p
        .diagnostics
        .iter()
        .any(|d| d.code.starts_with("overview.")));
}

#[test]
fn running_headers_and_page_numbers_are_not_left_over() {
    let mut doc = String::new();
    for (k, part) in OTHER.split("\r\nNo.").enumerate() {
        if k > 0 {
            doc.push_str(&format!("\r\n- {k} -\r\nみどり町行政改革\r\nNo."));
        }
        doc.push_str(part);
    }
    let p = parse(doc.as_bytes());
    assert_eq!(p.items.len(), 3);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn damaged_copies_still_parse() {
    let text = String::from_utf8(seed_bytes()).expect("utf-8");
    let lines: Vec<&str> = text.split('\n').collect();
    // Every k-th line lost, and every cell shifted one column to the right.
    for k in [2usize, 3, 5] {
        let kept: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(n, _)| n % k != 1)
            .map(|(_, l)| *l)
            .collect();
        let p = parse(kept.join("\n").as_bytes());
        assert!(p.items.len() <= 39);
    }
    let shifted: Vec<String> = lines.iter().map(|l| format!("\t{l}")).collect();
    let p = parse(shifted.join("\n").as_bytes());
    assert!(p.items.len() <= 39);
    let doubled = text.replace('\t', "\t\t");
    let p = parse(doubled.as_bytes());
    assert!(p.items.len() <= 39);
}
