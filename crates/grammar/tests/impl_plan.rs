//! Seed 003 (安中市 第3次行政改革大綱 実施計画): facts counted by hand and a truth table
//! written by reading the document.

use keikaku_grammar::layout::impl_plan::Phase;
use keikaku_grammar::{Layout, Parsed};

mod common;
use common::{impl_ext as ext, item, phases};

fn parsed() -> Parsed {
    common::fixture("003_958463c6e2069eab.txt").1
}

fn goal(p: &Parsed, id: &str, year: i32) -> String {
    ext(p, id)
        .plan
        .iter()
        .find(|y| y.year == Some(year))
        .and_then(|y| y.goal.clone())
        .unwrap_or_default()
}

fn value(p: &Parsed, id: &str, year: i32) -> Option<String> {
    ext(p, id)
        .plan
        .iter()
        .find(|y| y.year == Some(year))
        .and_then(|y| y.value.clone())
}

#[test]
fn document_facts() {
    let p = parsed();
    assert_eq!(p.layout, Layout::ImplementationPlanSheets);
    assert_eq!(p.meta.municipality.as_deref(), Some("安中市"));
    assert_eq!(p.meta.report_year, None);
    // 36 items under 5 chapters: 8 + 4 + 8 + 11 + 5.
    assert_eq!(p.items.len(), 36);
    let per_chapter: Vec<usize> = (1..=5)
        .map(|c| {
            p.items
                .iter()
                .filter(|i| {
                    i.id.as_deref()
                        .is_some_and(|id| id.starts_with(&format!("{c}-")))
                })
                .count()
        })
        .collect();
    assert_eq!(per_chapter, vec![8, 4, 8, 11, 5]);
    // 19 sections carry items.
    let mut sections: Vec<(u32, u32)> = p
        .items
        .iter()
        .filter_map(|i| {
            let x = i.impl_plan.as_ref()?;
            Some((x.chapter.as_ref()?.n, x.section.as_ref()?.n))
        })
        .collect();
    sections.dedup();
    assert_eq!(sections.len(), 19);
    // Ids are unique and in document order.
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    let mut sorted = ids.clone();
    sorted.sort_by_key(|s| keikaku_grammar::token::id::levels(s));
    assert_eq!(ids, sorted);
    sorted.dedup();
    assert_eq!(sorted.len(), 36);
}

#[test]
fn empty_section_is_a_diagnostic_not_an_item() {
    let p = parsed();
    assert!(p
        .items
        .iter()
        .all(|i| !i.id.as_deref().is_some_and(|id| id.starts_with("2-2-"))));
    let d: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.code == "section.no-items")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, Some(35));
    // Every one of the 36 items of the table of contents has its sheet.
    assert!(!p
        .diagnostics
        .iter()
        .any(|d| d.code == "toc.item-without-sheet"));
}

#[test]
fn toc_item_without_sheet_is_reported() {
    let src = "目次\n1 行政運営\t\n① 事務の見直し\t1\n② 窓口の改善\t2\n\n1 行政運営\n① 事務の見直し\n担当課\t総務課\t関係課\t\n現状と課題\t事務が多い。\n取組内容\t減らす。\n目標の状態\t減っている。\n年次計画\t年度\t令和2年度\t令和3年度\n進捗状況\t実施\t実施\n";
    let doc = keikaku_loader::load(src.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    assert_eq!(p.items.len(), 1);
    let d: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.code == "toc.item-without-sheet")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, Some(4));
}

#[test]
fn only_the_cover_dates_stay_unparsed() {
    let p = parsed();
    let lines: Vec<u32> = p.unparsed.iter().map(|u| u.line).collect();
    // 令和2年3月(初版) and 令和3年4月(改訂1版): editions, which the contract has no field for.
    assert_eq!(lines, vec![11, 13]);
}

#[test]
fn planned_phases_over_all_item_years() {
    // INVENTORY §4.1: 149 実施, 24 検討, 6 達成, 1 empty of 180 item-year cells.
    let p = parsed();
    let all: Vec<Option<Phase>> = p
        .items
        .iter()
        .flat_map(|i| {
            i.impl_plan
                .iter()
                .flat_map(|x| x.plan.iter().map(|y| y.phase))
        })
        .collect();
    assert_eq!(all.len(), 180);
    let count = |ph: Option<Phase>| all.iter().filter(|x| **x == ph).count();
    assert_eq!(count(Some(Phase::Implement)), 149);
    assert_eq!(count(Some(Phase::Study)), 24);
    assert_eq!(count(Some(Phase::Achieve)), 6);
    assert_eq!(count(None), 1);
    for i in &p.items {
        let years: Vec<Option<i32>> = i
            .impl_plan
            .iter()
            .flat_map(|x| x.plan.iter().map(|y| y.year))
            .collect();
        assert_eq!(
            years,
            vec![Some(2020), Some(2021), Some(2022), Some(2023), Some(2024)],
            "{:?}",
            i.id
        );
    }
}

/// (id, raw_id, title, department, related departments)
const TRUTH: &[(&str, &str, &str, &str, &[&str])] = &[
    ("1-1-1", "1 (1) ①", "情報提供手段の拡大", "情報戦略課", &[]),
    (
        "1-1-2",
        "1 (1) ②",
        "市民との行政課題の共有",
        "情報戦略課",
        &[],
    ),
    (
        "1-2-1",
        "1 (2) ①",
        "行政からの積極的な意見収集",
        "情報戦略課",
        &[],
    ),
    (
        "1-3-2",
        "1 (3) ②",
        "審議会等への市民公募・女性参加率の向上",
        "地域創造課",
        &["全課"],
    ),
    (
        "1-4-2",
        "1 (4) ②",
        "「ちいき生活応援隊」の推進",
        "高齢者支援課",
        &[],
    ),
    (
        "1-4-3",
        "1 (4) ③",
        "道路アダプト(里親)の制度の推進",
        "土木課",
        &[],
    ),
    (
        "2-1-1",
        "2 (1) ①",
        "職員の外部派遣等の推進・外部(民間・他自治体)人材の積極的受入れと登用",
        "職員課",
        &[],
    ),
    ("2-3-1", "2 (3) ①", "職員研修の拡充", "職員課", &[]),
    ("2-4-2", "2 (4) ②", "働き方改革の推進", "職員課", &["全課"]),
    (
        "3-3-1",
        "3 (3) ①",
        "組織の見直し",
        "秘書政策課",
        &["職員課"],
    ),
    (
        "3-3-2",
        "3 (3) ②",
        "職員の適正配置",
        "秘書政策課",
        &["職員課"],
    ),
    ("3-4-1", "3 (4) ①", "行政区の活用と検討", "行政課", &[]),
    (
        "4-1-2",
        "4 (1) ②",
        "広告媒体の活用",
        "情報戦略課",
        &["財政課"],
    ),
    (
        "4-1-4",
        "4 (1) ④",
        "市税の収納率の向上",
        "収納課",
        &["債権を扱う各課", "秘書政策課", "財政課", "行政課等"],
    ),
    (
        "4-1-5",
        "4 (1) ⑤",
        "債権回収事務の一層の推進とその一元化に向けた取組",
        "収納課",
        &["債権を扱う各課", "秘書政策課", "行政課等"],
    ),
    (
        "4-3-1",
        "4 (3) ①",
        "病院事業の推進",
        "事務部総務企画課",
        &["財政課", "病院全課"],
    ),
    (
        "4-3-2",
        "4 (3) ②",
        "第三セクターの健全経営の推進と民営化の検討",
        "財政課",
        &["秘書政策課", "観光課"],
    ),
    ("5-1-1", "5 (1) ①", "AI、RPA等の活用", "情報戦略課", &[]),
    (
        "5-3-1",
        "5 (3) ①",
        "ガバメントクラウド活用の検討",
        "情報戦略課",
        &[],
    ),
];

#[test]
fn truth_table() {
    let p = parsed();
    for (id, raw, title, dept, related) in TRUTH {
        let it = item(&p, id);
        assert_eq!(it.raw_id.as_deref(), Some(*raw), "{id}");
        assert_eq!(it.title.as_deref(), Some(*title), "{id}");
        assert_eq!(it.department.as_deref(), Some(*dept), "{id}");
        let x = ext(&p, id);
        assert_eq!(x.related_departments, related.to_vec(), "{id}");
    }
    assert!(p.items.iter().all(|i| i.department.is_some()));
    assert_eq!(
        ext(&p, "1-1-1").chapter.as_ref().map(|c| c.title.as_str()),
        Some("市民ニーズの把握と「総働」")
    );
    assert_eq!(
        ext(&p, "5-3-1").section.as_ref().map(|c| c.title.as_str()),
        Some("情報システムのクラウド化")
    );
}

#[test]
fn text_fields_as_lists() {
    let p = parsed();
    let x = ext(&p, "1-1-1");
    assert_eq!(x.actions.len(), 3);
    assert_eq!(
        x.actions[1],
        "SNSは、ツイッターとインスタグラムを活用しリアルタイムな情報を提供する。"
    );
    assert_eq!(
        x.target_state,
        vec!["HP、広報、おしらせ版を有効に使い、行政情報を適切に提供する。"]
    );
    assert_eq!(x.issues.as_deref().map(|s| s.lines().count()), Some(3));
    // <ul> without bullets: entries separated by white space only.
    assert_eq!(
        ext(&p, "1-2-1").actions,
        vec![
            "広報紙やHPで広聴ボックスの啓発を図る。",
            "市民との懇談会を実施する。"
        ]
    );
    // Five bullets of one <ul>.
    assert_eq!(ext(&p, "4-3-1").actions.len(), 5);
    // <p> paragraphs numbered (1) (2).
    assert!(ext(&p, "4-2-4").actions[1].starts_with("(2) 公共施設に係る"));
    // PDCA printed spaced in a list cell stays one word.
    assert!(ext(&p, "3-5-1")
        .issues
        .as_deref()
        .is_some_and(|s| s.contains("PDCAサイクル")));
    // 3-4-1: the 取組内容 label is missing; its two lines follow 現状と課題, 目標の状態 is empty.
    let x = ext(&p, "3-4-1");
    assert_eq!(x.actions.len(), 2);
    assert!(x.actions[0].starts_with("区長会代表理事会"));
    assert!(x.target_state.is_empty());
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "sheet.label-missing" && d.line == Some(366)));
}

#[test]
fn current_and_target_values_in_every_variant() {
    let p = parsed();
    let cv = |id: &str| ext(&p, id).current_value.clone();
    let tv = |id: &str| ext(&p, id).target_value.clone();
    // Label and value on separate lines.
    assert_eq!(
        cv("1-1-1").as_deref(),
        Some("HPアクセス数 456,456件 (R2.1.15現在)")
    );
    assert_eq!(tv("1-1-1").as_deref(), Some("HPアクセス数 510,000件"));
    assert_eq!(cv("2-4-2").as_deref(), Some("時間外23人 年休取得11.9日"));
    assert_eq!(tv("2-4-2").as_deref(), Some("時間外0人 年休取得15日"));
    // Label and value in one cell.
    assert_eq!(cv("1-3-2").as_deref(), Some("女性参加率 29.2%"));
    assert_eq!(tv("1-3-2").as_deref(), Some("女性参加率 36.0%"));
    assert_eq!(cv("1-4-3").as_deref(), Some("15団体 (321人)"));
    // Label⇥value, no target.
    assert_eq!(
        cv("1-3-1").as_deref(),
        Some("しみんの声回答発送まで 平均19.1日")
    );
    assert_eq!(tv("1-3-1"), None);
    assert_eq!(cv("2-4-1").as_deref(), Some("成績反映0%"));
    // HTML table, its flattened copy and the same values once more line by line.
    assert_eq!(cv("4-1-3").as_deref(), Some("N年度決算分をN+2年6月に公表"));
    assert_eq!(tv("4-1-3").as_deref(), Some("N年度決算分をN+1年12月に公表"));
    // <p>現状の数値</p> <ul>…</ul> <p>目標の数値</p> <ul>…</ul> in one cell.
    assert_eq!(
        cv("4-3-1").as_deref(),
        Some("・常勤医師9人 ・病床199床 ・稼働率約54% ・在院日数26日")
    );
    assert!(tv("4-3-1").is_some_and(|t| t.contains("病床149床")));
    // Labels only.
    assert_eq!(cv("3-3-2"), None);
    assert_eq!(tv("4-2-1"), None);
    assert_eq!(cv("5-1-2"), None);
}

#[test]
fn yearly_plan() {
    let p = parsed();
    use Phase::{Achieve as A, Implement as I, Study as S};
    assert_eq!(
        phases(&p, "1-4-1"),
        vec![Some(S), Some(S), Some(I), Some(I), Some(I)]
    );
    assert_eq!(
        phases(&p, "2-4-1"),
        vec![Some(I), Some(I), Some(A), Some(A), Some(A)]
    );
    assert_eq!(
        phases(&p, "2-4-2"),
        vec![Some(I), Some(I), Some(I), Some(I), Some(A)]
    );
    assert_eq!(
        phases(&p, "4-2-4"),
        vec![None, Some(S), Some(I), Some(I), Some(A)]
    );
    assert_eq!(
        phases(&p, "5-3-1"),
        vec![Some(S), Some(S), Some(S), Some(S), Some(I)]
    );
    // 数値 per year.
    assert_eq!(
        value(&p, "1-1-1", 2020).as_deref(),
        Some("HPアクセス数 470,000件")
    );
    assert_eq!(
        value(&p, "1-1-1", 2024).as_deref(),
        Some("HPアクセス数 510,000件")
    );
    assert_eq!(value(&p, "1-4-3", 2020).as_deref(), Some("14団体"));
    assert_eq!(value(&p, "4-1-4", 2022).as_deref(), Some("収納率:96.80%"));
    assert_eq!(value(&p, "4-1-5", 2021), None);
    assert_eq!(
        value(&p, "4-1-5", 2022).as_deref(),
        Some("一部税外債権における滞納処分件数 20件")
    );
    // The 数値 row carried by a `年次計画⇥数値⇥…` row.
    assert_eq!(
        value(&p, "3-3-1", 2020).as_deref(),
        Some("令和2年12月までに令和3年度組織の方向性を確定")
    );
    // Six cells: the sixth repeats the fifth.
    assert_eq!(
        value(&p, "3-1-2", 2020).as_deref(),
        Some("大綱を知っている職員 91% 内容を把握している職員 30%")
    );
    assert_eq!(
        value(&p, "3-1-2", 2024).as_deref(),
        Some("大綱を知っている職員 95% 内容を把握している職員 50%")
    );
    assert_eq!(goal(&p, "4-2-3", 2020), "個別施設計画の策定");
    assert_eq!(goal(&p, "4-2-3", 2021), "公共施設等総合計画の見直し");
    // `年度目標⇥⇥…`: aligned with the header.
    assert_eq!(goal(&p, "2-1-1", 2020), "・派遣先との調整 ・派遣実施");
    // Five identical then a different final-year goal: ambiguous, warned.
    assert!(goal(&p, "3-1-1", 2024).contains("新たな大綱の策定"));
    assert!(goal(&p, "3-1-1", 2023).contains("市ホームページで公表"));
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "plan.ambiguous-cells" && d.line == Some(287)));
    // One merged cell for all years.
    let x = ext(&p, "4-3-2");
    assert!(x.goal_merged);
    assert_eq!(goal(&p, "4-3-2", 2020), goal(&p, "4-3-2", 2024));
    assert!(goal(&p, "1-1-2", 2022).contains("メディアの有効活用"));
    assert!(!ext(&p, "1-1-1").goal_merged);
}

/// A plan of the same shape from another town: 平成 to 令和, other departments, no
/// sections under chapter 2, a second page of a sheet that repeats its headings only.
const OTHER_TOWN: &str = "第2次みどり町行政改革大綱 実施計画
平成30年度～令和4年度

目次
1 行政運営の効率化\t
(1) 事務事業の見直し\t
① 事務事業評価の推進\t1
② 補助金の見直し\t2
(2) 窓口サービスの向上\t
2 財政の健全化\t
① 町税の収納対策\t3

1 行政運営の効率化
(1) 事務事業の見直し
① 事務事業評価の推進
担当課\t企画財政課\t関係課\t全課
現状と課題\t・評価を実施している。 ・結果の活用が不十分である。
取組内容\t・評価結果を予算に反映する。 ・評価シートを見直す。
目標の状態\t・全事業で評価が活用されている。\t現状の数値 評価実施率 80%\t目標の数値 評価実施率 100%
年次計画\t年度\t平成30年度\t令和元年度\t令和2年度\t令和3年度\t令和4年度
進捗状況\t検討\t実施\t実施\t実施\t達成
年度目標\t評価制度の見直し\t評価の実施\t評価の実施\t評価の実施\t評価の実施
数値\t85%\t90%\t95%\t100%\t100%

1 行政運営の効率化
(1) 事務事業の見直し
② 補助金の見直し
担当 課\t総務課\t関 係 課\t
現状と課題\t補助金の効果検証が不十分である。
取組内容\t補助金の交付基準を定める。
目標の状態\t基準に基づく交付が行われている。
年次計画\t年度\t平成30年度\t令和元年度\t令和2年度\t令和3年度\t令和4年度
進捗状況\t実施\t実施\t実施\t実施\t実施
年度目標\t交付基準の運用

1 行政運営の効率化
(1) 事務事業の見直し
数値\t\t\t\t\t

2 財政の健全化
① 町税の収納対策
担当課\t税務課\t関係課\t
現状と課題\t滞納額が増えている。
取組内容\t滞納整理を強化する。
目標の状態\t収納率が向上している。
年次計画\t年度\t平成30年度\t令和元年度\t令和2年度\t令和3年度\t令和4年度
進捗状況\t実施\t実施\t実施\t実施\t実施
";

#[test]
fn another_town_heisei_to_reiwa() {
    let doc = keikaku_loader::load(OTHER_TOWN.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    assert_eq!(p.layout, Layout::ImplementationPlanSheets);
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, vec!["1-1-1", "1-1-2", "2-1"]);
    let first = &p.items[0];
    assert_eq!(first.department.as_deref(), Some("企画財政課"));
    let x = first.impl_plan.as_ref().expect("fields");
    assert_eq!(x.related_departments, vec!["全課"]);
    assert_eq!(
        x.actions,
        vec!["評価結果を予算に反映する。", "評価シートを見直す。"]
    );
    assert_eq!(x.current_value.as_deref(), Some("評価実施率 80%"));
    assert_eq!(x.target_value.as_deref(), Some("評価実施率 100%"));
    let years: Vec<Option<i32>> = x.plan.iter().map(|y| y.year).collect();
    assert_eq!(
        years,
        vec![Some(2018), Some(2019), Some(2020), Some(2021), Some(2022)]
    );
    assert_eq!(x.plan[0].phase, Some(Phase::Study));
    assert_eq!(x.plan[4].phase, Some(Phase::Achieve));
    assert_eq!(x.plan[1].value.as_deref(), Some("90%"));
    // Spaced labels; an empty 関係課 is an empty list.
    let second = &p.items[1];
    assert_eq!(second.department.as_deref(), Some("総務課"));
    let y = second.impl_plan.as_ref().expect("fields");
    assert!(y.related_departments.is_empty());
    assert!(y.goal_merged);
    // Chapter 2 has no sections: the id has two levels.
    assert_eq!(p.items[2].raw_id.as_deref(), Some("2 ①"));
    // The TOC's empty section 1-(2) is reported.
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "section.no-items" && d.message.contains("1-(2)")));
    // The continued page (headings repeated, no item heading) stays with 1-1-2.
    assert!(p.unparsed.iter().all(|u| !u.text.starts_with("数値")));
}

/// Sheets numbered `(1)` under chapters, with a row this family has no field for.
const PAREN_ITEMS: &str = "1 行政運営の効率化
(1) 事務事業評価の推進
担当課\t企画課\t関係課\t総務課、財政課
現状と課題\t評価結果の活用が不十分である。
取組内容\t評価結果を予算に反映する。
目標の状態\t全事業で評価が活用されている。
効果額\t年100千円
年次計画\t年度\tR1\tR2\tR3
進捗状況\t検討\t実施\t実施
(2) 補助金の見直し
担当課\t
現状と課題\t効果検証が不十分である。
取組内容\t交付基準を定める。
目標の状態\t基準に基づく交付。
年次計画\t年度\tR1\tR2\tR3
進捗状況\t実施\t実施\t実施
";

#[test]
fn parenthesised_items_and_unknown_rows() {
    let doc = keikaku_loader::load(PAREN_ITEMS.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    assert_eq!(p.layout, Layout::ImplementationPlanSheets);
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, vec!["1-1", "1-2"]);
    let x = p.items[0].impl_plan.as_ref().expect("fields");
    assert_eq!(x.related_departments, vec!["総務課", "財政課"]);
    assert_eq!(x.extra_fields.len(), 1);
    assert_eq!(x.extra_fields[0].label, "効果額");
    assert_eq!(x.extra_fields[0].values, vec!["年100千円"]);
    assert_eq!(x.plan[0].year, Some(2019));
    // An empty 担当課 is null, with a warning.
    assert_eq!(p.items[1].department, None);
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "item.no-department" && d.line == Some(10)));
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

/// A page footer and a numbered text line inside a sheet of chapter 2.
const FOOTER: &str = "2 財政の健全化
(1) 歳入の確保
① 町税の収納対策
担当課\t税務課\t関係課\t
現状と課題\t滞納額が増えている。
取組内容\t滞納整理を強化する。
1 口座振替を推進する
- 3 -
目標の状態\t収納率が向上している。\t現状の数値\t
\t\t収納率 95%
年次計画\t年度\t令和2年度\t令和3年度
進捗状況\t実施\t実施
";

#[test]
fn footers_and_numbered_text_stay_in_the_sheet() {
    let doc = keikaku_loader::load(FOOTER.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    assert_eq!(p.items.len(), 1);
    let x = p.items[0].impl_plan.as_ref().expect("fields");
    assert_eq!(
        x.actions,
        vec!["滞納整理を強化する。", "1 口座振替を推進する"]
    );
    assert_eq!(x.current_value.as_deref(), Some("収納率 95%"));
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

/// Text continuing 目標の状態 in its own column while the numbers stand right of it.
const COLUMNS: &str = "1 行政運営
(1) 事務の見直し
① 文書管理の電子化
担当課\t総務課\t関係課\t全課
現状と課題\t紙の文書が多い。\t保管場所が不足している。
取組内容\t電子決裁を導入する。
目標の状態\t・電子決裁が定着している。\t現状の数値
\t・保管文書が減っている。\t電子決裁率 10%
\t\t目標の数値
\t\t電子決裁率 80%
年次計画\t年度\t令和2年度\t令和3年度
進捗状況\t検討\t実施
";

#[test]
fn numbers_stay_in_their_column() {
    let doc = keikaku_loader::load(COLUMNS.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    let x = p.items[0].impl_plan.as_ref().expect("fields");
    assert_eq!(
        x.target_state,
        vec!["電子決裁が定着している。", "保管文書が減っている。"]
    );
    assert_eq!(x.current_value.as_deref(), Some("電子決裁率 10%"));
    assert_eq!(x.target_value.as_deref(), Some("電子決裁率 80%"));
    // A text cell cut in two is one field.
    assert_eq!(
        x.issues.as_deref(),
        Some("紙の文書が多い。\n保管場所が不足している。")
    );
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn wrapped_title_continues_on_the_next_line() {
    let src = "1 行政運営\n(1) 事務の見直し\n① 公共施設等総合管理計画に基づく\n施設の適正管理\n担当課\t財政課\t関係課\t\n現状と課題\t老朽化が進む。\n取組内容\t計画を策定する。\n目標の状態\t計画的に管理される。\n年次計画\t年度\t令和2年度\t令和3年度\n進捗状況\t実施\t実施\n";
    let doc = keikaku_loader::load(src.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    assert_eq!(
        p.items[0].title.as_deref(),
        Some("公共施設等総合管理計画に基づく施設の適正管理")
    );
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn plan_rows_without_header_take_the_period() {
    let src = "第1次さくら村行政改革実施計画\n計画期間 令和2年度～令和4年度\n1 行政運営\n① 事務の見直し\n担当課\t総務課\t関係課\t\n現状と課題\t事務が多い。\n取組内容\t事務を減らす。\n目標の状態\t事務が減っている。\n年次計画\n進捗状況\t検討\t実施\t実施\n";
    let doc = keikaku_loader::load(src.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    let x = p.items[0].impl_plan.as_ref().expect("fields");
    let years: Vec<Option<i32>> = x.plan.iter().map(|y| y.year).collect();
    assert_eq!(years, vec![Some(2020), Some(2021), Some(2022)]);
    assert_eq!(x.plan[0].phase, Some(Phase::Study));
    assert!(p.diagnostics.iter().any(|d| d.code == "plan.no-header"));
}

#[test]
fn odd_input_never_panics() {
    let inputs = [
        "目次",
        "① 見出しだけ\n② もう一つ\t3\n",
        "1 章\n(1) 節\n① 項目\n担当課\n年次計画\t年度\t令和2年度\t令和3年度\n進捗状況\t実施\t実施\t実施\t実施\t実施\n数値\t\t\t\t\t\t\t\t\t\t\t\tx\n",
        "1 章\n① 項目\n担当課\t総務課\n現状と課題\n目標の状態\t<p>現状の数値</p><p>目標の数値</p>\n<table><tr><td>現状の数値</td></tr></table>\n年度\t令和2年度\t令和3年度\n年度目標\t\n",
        "① 項目\n関係課\t全課\n取組内容\t<ul> ・ ・ </ul>\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n",
    ];
    for src in inputs {
        let doc = keikaku_loader::load(src.as_bytes()).expect("loads");
        // Run this family's reader whatever the detection says.
        let meta = keikaku_grammar::meta::read(&doc);
        let mut ctx = keikaku_grammar::layout::Ctx::new(&doc, &meta);
        let items = keikaku_grammar::layout::impl_plan::parse(&doc, &mut ctx);
        for it in &items {
            assert!(it.id.is_some());
            let x = it.impl_plan.as_ref().expect("fields");
            assert!(x.plan.len() <= 3, "{src}");
        }
    }
}

#[test]
fn running_page_headers_are_structure() {
    let sheet = |n: &str, dept: &str| {
        format!(
            "みどり町行政改革 実施計画書\n1 行政運営\n{n} 見直し{n}\n担当課\t{dept}\t関係課\t\n現状と課題\t課題がある。\n取組内容\t取り組む。\n目標の状態\t達成している。\n年次計画\t年度\t令和2年度\t令和3年度\n進捗状況\t実施\t実施\n"
        )
    };
    let src = [
        sheet("①", "総務課"),
        sheet("②", "企画課"),
        sheet("③", "税務課"),
    ]
    .concat();
    let doc = keikaku_loader::load(src.as_bytes()).expect("loads");
    let p = keikaku_grammar::parse(&doc);
    assert_eq!(p.items.len(), 3);
    assert_eq!(p.items[2].department.as_deref(), Some("税務課"));
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    let x = p.items[0].impl_plan.as_ref().expect("fields");
    assert_eq!(x.target_state, vec!["達成している。"]);
}
