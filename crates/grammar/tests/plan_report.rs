//! The plan-report-sheets family against its seeds (000, 001) and a small document of the
//! same genre written for the variants other cities print. The truth tables were written
//! by reading the seed text, not copied from the program's output.

use keikaku_grammar::{Layout, Parsed, StatusCode};

mod common;
use common::{check_truth, codes, counts, item, parse_text, Truth};

fn fixture(name: &str) -> Parsed {
    common::fixture(name).1
}

use StatusCode::{Achieved as A, Delayed as D, NotStarted as N, OnTrack as O, Unknown as U};

#[test]
fn seed_000_counts() {
    let p = fixture("000_10e1818db76866b3.txt");
    assert_eq!(p.layout, Layout::PlanReportSheets);
    let (items, acts, by) = counts(&p);
    assert_eq!(items, 29);
    assert_eq!(acts, 116);
    assert_eq!(by.get("achieved"), Some(&19));
    assert_eq!(by.get("on_track"), Some(&71));
    assert_eq!(by.get("delayed"), Some(&6));
    assert_eq!(by.get("not_started"), Some(&13));
    assert_eq!(by.get("unknown"), Some(&7));
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids.first(), Some(&"1-1"));
    assert_eq!(ids.last(), Some(&"3-5"));
    // Every item is one plan sheet plus one report sheet; 1-⑤'s report printed three
    // times still yields six activities.
    for it in &p.items {
        assert_eq!(it.source.len(), 2, "{:?}", it.id);
    }
    assert_eq!(item(&p, "1-5").activities.len(), 6);
}

#[test]
fn seed_000_truth() {
    let p = fixture("000_10e1818db76866b3.txt");
    let truth: &[Truth] = &[
        ("1-1", "1-①", "定員管理", Some("総務課"), &[A, N, N]),
        ("1-2", "1-②", "人材の確保", Some("総務課"), &[A, N, O, O]),
        // The report prints 主管課 without a value: the plan's department holds.
        ("1-3", "1-③", "人材の育成", Some("総務課"), &[O, O, O, O, O]),
        (
            "1-5",
            "1-⑤",
            "リスクマネジメント",
            Some("総務課"),
            &[O, A, O, O, O, A],
        ),
        (
            "1-6",
            "1-⑥",
            "庁内の情報共有",
            Some("企画政策課"),
            &[A, A, O, O],
        ),
        (
            "2-7",
            "2-⑦",
            "社会保障制度の適正な運営(介護保険)",
            Some("介護福祉課"),
            &[O, U, U, U],
        ),
        (
            "2-9",
            "2-⑨",
            "受益者負担の適正化",
            Some("財政課"),
            &[O, O, O],
        ),
        (
            "2-14",
            "2-⑭",
            "新たな財源の拡充",
            Some("財政課"),
            &[O, O, O, D],
        ),
        (
            "2-15",
            "2-15",
            "新たな地域経営手法の創設",
            Some("企画政策課"),
            &[A, D, O, N],
        ),
        ("2-16", "2-⑯", "民間活力の導入", None, &[O, N, O, O]),
        (
            "3-1",
            "3-①",
            "市民意見の収集",
            Some("地域推進課"),
            &[O, U, U],
        ),
        (
            "3-5",
            "3-⑤",
            "情報システムの効率的な活用",
            Some("総務課"),
            &[A, O, O, O],
        ),
    ];
    check_truth(&p, truth);

    // 1-② activity 4: its label sits one row early, its name on the status row.
    let a4 = &item(&p, "1-2").activities[3];
    assert_eq!(a4.title.as_deref(), Some("再任用職員の活用"));
    // 2-⑭: names on the row after an empty head row, status after the 実施内容 text.
    let a2 = &item(&p, "2-14").activities[1];
    assert_eq!(
        a2.title.as_deref(),
        Some("新たな財源確保のための調査・研究")
    );
    // ○ 達成: the label decides, the mark is kept as printed.
    let s = item(&p, "1-2").activities[0].status.clone().unwrap();
    assert_eq!(
        (s.mark.as_deref(), s.label.as_deref()),
        (Some("○"), Some("達成"))
    );
    // A radio input is the ○ mark.
    let s = item(&p, "2-9").activities[0].status.clone().unwrap();
    assert_eq!(s.mark.as_deref(), Some("○"));
}

#[test]
fn seed_000_fields() {
    let p = fixture("000_10e1818db76866b3.txt");
    let it = item(&p, "1-1");
    let e = it.plan_report.as_ref().unwrap();
    assert_eq!(e.sheets, vec!["plan", "report"]);
    assert_eq!(e.report_year, Some(2020));
    let st = e.basic_stance.as_ref().unwrap();
    assert_eq!(st.n, Some(1));
    // L16–17: (1) ●, (3) ●, (7) ◎ by column; (2), (4)–(6) print nothing.
    let means: Vec<(u32, &str)> = e
        .means
        .as_ref()
        .unwrap()
        .iter()
        .map(|m| (m.n, m.mark.as_str()))
        .collect();
    assert_eq!(means, vec![(1, "●"), (3, "●"), (7, "◎")]);
    let goal = e.goal.as_ref().unwrap();
    assert_eq!(
        goal.indicator.as_deref(),
        Some("定員管理計画に基づく職員数の増減")
    );
    assert!(e
        .current_state
        .as_deref()
        .unwrap()
        .starts_with("・業務の集約"));
    assert!(e.issues.as_deref().unwrap().starts_with("・市の重要施策"));
    assert!(e
        .approach
        .as_deref()
        .unwrap()
        .starts_with("・重要施策の実現"));
    let a1 = it.activities[0].plan_report.as_ref().unwrap();
    let plan: Vec<(i32, &str)> = a1
        .plan
        .as_ref()
        .unwrap()
        .iter()
        .map(|y| (y.year, y.value.as_str()))
        .collect();
    assert_eq!(plan, vec![(2019, "●"), (2020, "●")]);
    assert_eq!(a1.target.as_deref(), Some("定員管理計画の策定"));
    assert!(a1.done.as_deref().unwrap().starts_with("人口の推移"));
    assert!(a1.evaluation.as_deref().unwrap().starts_with("類似団体"));
    // 1-③: marks space-joined after a space-joined header have no column.
    let e3 = item(&p, "1-3").plan_report.as_ref().unwrap();
    assert!(e3.means.is_none());
    assert_eq!(e3.means_raw.as_deref(), Some("● ○ ● ● ●"));
    // 1-⑤ summary quotes its indicator.
    let sum = item(&p, "1-5")
        .plan_report
        .as_ref()
        .unwrap()
        .summary
        .clone()
        .unwrap();
    assert_eq!(
        sum.indicators.first().map(|i| i.name.as_str()),
        Some("業務ミス件数")
    );
    // 1-④ prints its five dots in one cell: no plan is guessed.
    let a = item(&p, "1-4").activities[0].plan_report.as_ref().unwrap();
    assert!(a.plan.is_none());
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.code == "activity.plan-unplaced"));
    // Repeated page headers never leak into a field.
    for it in &p.items {
        for a in &it.activities {
            let e = a.plan_report.as_ref().unwrap();
            for t in [&e.target, &e.improvement, &e.evaluation, &e.done]
                .into_iter()
                .flatten()
            {
                assert!(!t.contains("行政改革プラン"), "{t}");
            }
        }
    }
}

#[test]
fn seed_000_unparsed_is_noise() {
    let p = fixture("000_10e1818db76866b3.txt");
    // Only the stray repeat of an activity name printed before its own row (L637).
    assert!(p.unparsed.len() <= 2, "{:?}", p.unparsed);
}

#[test]
fn seed_001_counts() {
    let p = fixture("001_f322297bbe860da5.txt");
    assert_eq!(p.layout, Layout::PlanReportSheets);
    let (items, acts, by) = counts(&p);
    assert_eq!(items, 23);
    assert_eq!(acts, 61);
    assert_eq!(by.get("on_track"), Some(&56));
    assert_eq!(by.get("achieved"), Some(&2));
    assert_eq!(by.get("not_started"), Some(&3));
    assert_eq!(by.get("unknown"), None);
}

#[test]
fn seed_001_truth() {
    let p = fixture("001_f322297bbe860da5.txt");
    let truth: &[Truth] = &[
        ("1-1", "1-(1)", "人材の育成", Some("総務課"), &[O, N, O]),
        ("1-2", "1-2", "人材の確保", Some("総務課"), &[O, O, O]),
        ("2-1", "2 - 1", "職員提案の活性化", None, &[O, O]),
        (
            "2-3",
            "2-3",
            "ワーク・ライフ・バランスの充実",
            Some("総務課"),
            &[O, O, O],
        ),
        (
            "3-2",
            "3-2",
            "地方公営企業の健全経営",
            Some("上下水道課"),
            &[A, O, O],
        ),
        ("3-3", "3-3", "収納率の維持向上", None, &[O, O, O]),
        ("3-5", "3-⑤", "ふるさと納税の推進", None, &[O, O, O]),
        ("3-6", "3-6", "公共施設の適正管理", Some("財政課"), &[O, N]),
        ("4-3", "4-3", "アナログ規制の点検・見直し", None, &[O, N]),
        ("5-1", "5 - ①", "広報の充実", None, &[A, O]),
        ("5-3", "5-3)", "協働の推進", Some("地域推進課"), &[O, O, O]),
        (
            "5-4",
            "5 – ④",
            "コミュニティ・スクールの推進",
            Some("生涯学習課"),
            &[O, O],
        ),
    ];
    for (id, raw, title, dept, sts) in truth {
        let it = item(&p, id);
        assert_eq!(it.raw_id.as_deref(), Some(*raw), "{id} raw_id");
        assert_eq!(it.title.as_deref(), Some(*title), "{id} title");
        // OCR-damaged departments (2-1, 3-3, 3-5, 4-3) are only checked where the print
        // is legible.
        if dept.is_some() {
            assert_eq!(it.department.as_deref(), *dept, "{id} department");
        }
        assert_eq!(codes(it), sts.to_vec(), "{id} statuses");
    }
    // 5-① prints 主管課 without a value.
    assert_eq!(item(&p, "5-1").department, None);
    assert!(p.diagnostics.iter().any(|d| d.code == "item.no-department"));
    // © is ◎; the garbled 回調 still reads as 順調.
    let a = &item(&p, "5-1").activities;
    assert_eq!(a[0].status.as_ref().unwrap().mark.as_deref(), Some("◎"));
    // Status printed inside the title cell.
    assert_eq!(
        item(&p, "1-2").activities[1].title.as_deref(),
        Some("重点プロジェクトや期間の決まった事業等に任期付職員を活用する。")
    );
    // 3-3 activity 1: the status is unreadable (川石三田); the OCR's second reading of
    // the same row gives ○ 順調.
    let s = item(&p, "3-3").activities[0].status.clone().unwrap();
    assert_eq!(
        (s.mark.as_deref(), s.label.as_deref()),
        (Some("○"), Some("順調"))
    );
    // Goal indicator in 【】, report-only sheets.
    let e = item(&p, "1-1").plan_report.as_ref().unwrap();
    assert_eq!(
        e.goal.as_ref().and_then(|g| g.indicator.as_deref()),
        Some("外部研修受講率50%")
    );
    assert_eq!(e.sheets, vec!["report"]);
    // Arrow labels in year cells are not placed in years.
    assert!(item(&p, "1-1").activities[0]
        .plan_report
        .as_ref()
        .unwrap()
        .plan
        .is_none());
    assert!(p.unparsed.len() <= 6, "{:?}", p.unparsed);
}

/// Another city's sheets: CRLF, full-width digits, ⑳, a 部 prefix on the department,
/// the label before the mark, × 中止, no 項目番号 value on the report (number from the
/// plan sheet is matched by title).
const OTHER_CITY: &str = "○○町行政改革プラン（2021-2025）\r\n\
アクションプラン個別項目－計画調書\r\n\
実施項目\t窓口改革\r\n\
（アクション項目の概要）\t\r\n\
項目番号\t２－⑳\r\n\
主管課\t市民部 市民課\r\n\
基本姿勢\t２. 市民サービスの向上\t推進手段\t(1)\t(2)\t(3)\r\n\
\t\t\t●\t\t◎\r\n\
現状\t・窓口が混む。\r\n\
課題\t・待ち時間が長い。\r\n\
目指す姿（改革のゴール目標）\t・待ち時間を半減する。 【平均待ち時間】\r\n\
取組方針（ゴールまでのアプローチ方針）\t・手続を見直す。\r\n\
〈アクション項目の年度別計画〉\r\n\
項目名\t内容\t取組期間\r\n\
\t\t２０２１年度\t２０２２年度\t２０２３年度\r\n\
取組項目1\t手続の見直し\t●\t●\t\r\n\
取組内容\t手続を見直す。\t取組目標\t見直しの完了\r\n\
取組項目2\t電子申請の導入\t\t●\t●\r\n\
取組内容\t電子申請を導入する。\t取組目標\t\r\n\
○○町行政改革プラン（2021-2025）\r\n\
アクションプラン個別項目－実績報告(2021年度報告)\r\n\
実施項目\t窓口改革\r\n\
（アクション項目の総括）\r\n\
項目番号\t２－⑳\r\n\
主管課\t\r\n\
総括評価\t実施状況・効果及び今後の取組など\r\n\
\t手続の見直しを行った。 【平均待ち時間】 令和2年度 30分 令和3年度 20分\r\n\
〈取組項目別の実績報告〉\r\n\
取組項目1\t手続の見直し\t達成状況\t達成 ◎\r\n\
本年度の実施内容\t申請書を統合した。\r\n\
取組実績の評価\t待ち時間が減った。\t次年度に向けた改善点\t-\r\n\
取組項目2\t電子申請の導入\t達成状況\t× 中止\r\n\
本年度の実施内容\t国の基盤を待つため中止した。\r\n\
取組実績の評価\t-\t次年度に向けた改善点\t-";

#[test]
fn other_city_variants() {
    let p = parse_text(OTHER_CITY);
    assert_eq!(p.layout, Layout::PlanReportSheets);
    assert_eq!(p.items.len(), 1, "{:?}", p.items);
    let it = &p.items[0];
    assert_eq!(it.id.as_deref(), Some("2-20"));
    assert_eq!(it.raw_id.as_deref(), Some("２－⑳"));
    assert_eq!(it.title.as_deref(), Some("窓口改革"));
    // The report's empty 主管課 takes the plan's department.
    assert!(it
        .department
        .as_deref()
        .is_some_and(|d| d.starts_with("市民部")));
    assert_eq!(codes(it), vec![A, StatusCode::Discontinued]);
    let s = it.activities[0].status.clone().unwrap();
    assert_eq!(
        (s.mark.as_deref(), s.label.as_deref()),
        (Some("◎"), Some("達成"))
    );
    let e = it.plan_report.as_ref().unwrap();
    assert_eq!(e.basic_stance.as_ref().and_then(|s| s.n), Some(2));
    let means: Vec<(u32, &str)> = e
        .means
        .as_ref()
        .unwrap()
        .iter()
        .map(|m| (m.n, m.mark.as_str()))
        .collect();
    assert_eq!(means, vec![(1, "●"), (3, "◎")]);
    let a2 = it.activities[1].plan_report.as_ref().unwrap();
    let plan: Vec<i32> = a2.plan.as_ref().unwrap().iter().map(|y| y.year).collect();
    assert_eq!(plan, vec![2022, 2023]);
    assert_eq!(a2.target, None);
    let sum = e.summary.as_ref().unwrap();
    assert_eq!(sum.indicators.len(), 1);
    assert_eq!(
        sum.indicators[0].value.as_deref(),
        Some("令和2年度 30分令和3年度 20分")
    );
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn missing_department_is_null_with_a_warning() {
    let p = parse_text(
        "アクションプラン個別項目－実績報告(2021年度報告)\n実施項目\t広報\n項目番号\t1-①\n主管課\t\n\
         取組項目1\t広報紙\t達成状況\t○\t順調\n取組項目2\t動画\t達成状況\t\n本年度の実施内容\t-",
    );
    assert_eq!(p.items.len(), 1);
    assert_eq!(p.items[0].department, None);
    assert!(p.diagnostics.iter().any(|d| d.code == "item.no-department"));
    // No status printed: unknown, with a warning.
    assert_eq!(codes(&p.items[0]), vec![O, U]);
    assert!(p.diagnostics.iter().any(|d| d.code == "activity.no-status"));
}

#[test]
fn unreadable_title_row_does_not_merge_items() {
    // The second sheet's 実施項目 label is illegible; its 項目番号 still separates it.
    let p = parse_text(
        "実施項目\t広報\n項目番号\t1-①\n主管課\t秘書課\n取組項目1\t広報紙\t達成状況\t○ 順調\n\
         芙旋顎目\t相談\n項目番号\t1-②\n主管課\t福祉課\n取組項目1\t窓口\t達成状況\t△ 遅延",
    );
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(ids, vec!["1-1", "1-2"]);
    assert_eq!(p.items[1].department.as_deref(), Some("福祉課"));
    assert_eq!(codes(&p.items[1]), vec![D]);
}

#[test]
fn damaged_input_never_panics() {
    let path = format!(
        "{}/../../fixtures/001_f322297bbe860da5.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("seed");
    let lines: Vec<&str> = text.lines().collect();
    // Sheets cut anywhere, rows out of order, every other row missing.
    for cut in (0..lines.len()).step_by(97) {
        let _ = parse_text(&lines[cut..].join("\n"));
    }
    let reversed: Vec<&str> = lines.iter().rev().copied().collect();
    let p = parse_text(&reversed.join("\n"));
    assert!(p.items.len() <= 30);
    let sparse: Vec<&str> = lines.iter().step_by(2).copied().collect();
    let _ = parse_text(&sparse.join("\n"));
    let _ = parse_text("実施項目\n項目番号\n主管課\n取組項目1\n達成状況\n\t\t\n取組項目1");
}

#[test]
fn report_sheet_with_plan_table() {
    let p = parse_text(
        "アクションプラン個別項目－実績報告(2025年度報告)\n\
         実施項目\t健康づくり\t項目番号\t１－⑫\n\
         〈アクション項目の概要〉\t主管課\t健康福祉部 健康増進課\n\
         現状と課題\t健診の受診率が低い。\n\
         目指す姿\t受診率が上がっている。【特定健診受診率 60%】\n\
         \t取組の内容\t\t取組期間(年度)\n\
         \t\t2025\t2026\t2027\n\
         取組内容 1\t受診勧奨を行う。\t実施\t実施\t実施\n\
         取組内容 2\t休日健診を行う。\t検討\t導入\t実施\n\
         〈アクション項目の総括〉\n\
         \t取組状況、今後の取組、数値目標の状況など\n\
         総括評価\t勧奨を強化した。\n\
         \t【特定健診受診率 45%(2025年度)】\n\
         取組内容1\t受診勧奨を行う。\t進捗状況\t順調 ○\n\
         2025年度の 実施内容\tはがきで勧奨した。\n\
         次年度に 向けた 改善点\tSMSも使う。\n\
         取組内容 2\t休日健診を行う。\t進捗状況\t△\t遅延\n\
         2025年度の 実施内容\t会場を探した。\n\
         次年度に 向けた 改善点\t-",
    );
    assert_eq!(p.items.len(), 1);
    let it = &p.items[0];
    assert_eq!(it.id.as_deref(), Some("1-12"));
    assert_eq!(it.department.as_deref(), Some("健康福祉部 健康増進課"));
    assert_eq!(codes(it), vec![O, D]);
    let e = it.plan_report.as_ref().unwrap();
    assert_eq!(e.report_year, Some(2025));
    assert_eq!(e.current_state.as_deref(), Some("健診の受診率が低い。"));
    assert_eq!(
        e.goal.as_ref().and_then(|g| g.indicator.as_deref()),
        Some("特定健診受診率 60%")
    );
    let a2 = &it.activities[1];
    let plan: Vec<(i32, &str)> = a2
        .plan_report
        .as_ref()
        .and_then(|x| x.plan.as_ref())
        .unwrap()
        .iter()
        .map(|y| (y.year, y.value.as_str()))
        .collect();
    assert_eq!(plan, vec![(2025, "検討"), (2026, "導入"), (2027, "実施")]);
    let x = a2.plan_report.as_ref().unwrap();
    assert_eq!(x.done.as_deref(), Some("会場を探した。"));
    assert_eq!(x.improvement, None);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}
