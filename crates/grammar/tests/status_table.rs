//! Seed 004 (袖ケ浦市, R2 status table) read end to end, checked against facts counted by
//! hand and a truth table written by reading the document.

use std::collections::{BTreeSet, HashSet};

use keikaku_grammar::{Item, Layout, Parsed, StatusCode};

mod common;

fn parsed() -> Parsed {
    common::fixture("004_cf9142fe188b5ae8.txt").1
}

fn at(p: &Parsed, line: u32) -> &Item {
    p.items
        .iter()
        .find(|i| i.source.first().is_some_and(|s| s.from == line))
        .unwrap_or_else(|| panic!("no item on line {line}"))
}

#[test]
fn document_facts() {
    let p = parsed();
    assert_eq!(p.layout, Layout::StatusTable);
    assert_eq!(p.meta.municipality.as_deref(), Some("袖ケ浦市"));
    assert_eq!(p.meta.report_year, Some(2020));
    assert_eq!(p.meta.title, None);
    assert_eq!(p.meta.period, None);
    assert_eq!(p.items.len(), 57);
    let count = |c: StatusCode| {
        p.items
            .iter()
            .filter(|i| i.status.as_ref().map(|s| s.code) == Some(c))
            .count()
    };
    assert_eq!(count(StatusCode::OnTrack), 43);
    assert_eq!(count(StatusCode::Achieved), 2);
    assert_eq!(count(StatusCode::Delayed), 1);
    assert_eq!(count(StatusCode::Unknown), 11);
    // Only the garbage row L47 is left over.
    let left: Vec<u32> = p.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(left, vec![47]);
    // Ids are unique and every item has one (L34's is inferred).
    let ids: HashSet<_> = p.items.iter().filter_map(|i| i.id.clone()).collect();
    assert_eq!(ids.len(), 57);
    // 28 heading cells in column 0: 27 groups, and L43 `の活用` continuing L42's heading.
    let groups: BTreeSet<_> = p
        .items
        .iter()
        .filter_map(|i| i.status_table.as_ref()?.heading.as_ref()?.id.clone())
        .collect();
    assert_eq!(groups.len(), 27);
    let continued = p
        .diagnostics
        .iter()
        .filter(|d| d.code == "heading.continued")
        .count();
    assert_eq!(groups.len() + continued, 28);
    assert!(p
        .items
        .iter()
        .all(|i| i.status_table.as_ref().and_then(|e| e.fiscal_year) == Some(2020)));
}

/// (line, id, title, department, status) read from the document.
type Truth = (
    u32,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    StatusCode,
);

const TRUTH: &[Truth] = &[
    (
        2,
        "1-1-1-1",
        Some("ふるさと納税の推進"),
        Some("財政課"),
        StatusCode::OnTrack,
    ),
    (
        3,
        "1-1-1-2",
        Some("クラウドファンディングの活用"),
        Some("財政課"),
        StatusCode::Achieved,
    ),
    (
        5,
        "1-1-1-4",
        Some("広告収入等による新たな財源の確保"),
        Some("秘書広報課"),
        StatusCode::OnTrack,
    ),
    (
        8,
        "1-1-2-3",
        Some("収納率向上のための体制強化"),
        Some("納税課"),
        StatusCode::OnTrack,
    ),
    (
        9,
        "1-1-2-4",
        Some("新たな納入方法の導入に向けた検討"),
        Some("納税課"),
        StatusCode::Achieved,
    ),
    (10, "1-1-3-1", None, Some("管財契約課"), StatusCode::OnTrack),
    (
        11,
        "1-1-3-2",
        Some("未利用教育財産の跡地利用の検討"),
        Some("教育総務課"),
        StatusCode::OnTrack,
    ),
    (
        17,
        "1-2-2-1",
        Some("国民健康保険特別会計の健全化"),
        Some("保険年金課"),
        StatusCode::OnTrack,
    ),
    (
        18,
        "1-2-2-2",
        Some("公共下水道事業会計の健全化"),
        Some("下水対策課"),
        StatusCode::OnTrack,
    ),
    (
        19,
        "1-2-2-3",
        Some("農業集落排水事業会計の健全化"),
        Some("下水対策課"),
        StatusCode::OnTrack,
    ),
    (
        25,
        "1-3-3-1",
        Some("健康福祉支援室のあり方の利計及び方針の決定並びに方に基づく運営の実施"),
        None,
        StatusCode::OnTrack,
    ),
    (
        27,
        "1-3-4-1",
        None,
        Some("子育で支援課"),
        StatusCode::OnTrack,
    ),
    (
        28,
        "2-1-1-1",
        Some("公金徴収業務の効率化を図る体制の一元化"),
        Some("職員課"),
        StatusCode::OnTrack,
    ),
    (
        33,
        "2-1-3-1",
        Some("窓口業務に関する改善改革(再構築)の推進等"),
        Some("職員課"),
        StatusCode::OnTrack,
    ),
    (34, "2-2-1-1", None, None, StatusCode::Unknown),
    (
        35,
        "2-2-2-1",
        Some("マイナンバーカードの利用拡大に向けた検討"),
        None,
        StatusCode::Unknown,
    ),
    (
        36,
        "2-2-2-2",
        Some("マイナポータル活用による各種申請の電子化の推進"),
        Some("行政管理課"),
        StatusCode::OnTrack,
    ),
    (
        43,
        "2-3-3-2",
        Some("AIを活用した問合せ窓口の検討"),
        None,
        StatusCode::Unknown,
    ),
    (
        45,
        "3-1-1-1",
        Some("会議の効率的な運営に関するルール化の検討"),
        None,
        StatusCode::Delayed,
    ),
    (
        46,
        "3-1-1-2",
        Some("電子黒板やタブレット端末等を活用した会議の検討"),
        Some("行政管理課"),
        StatusCode::Unknown,
    ),
    (
        52,
        "3-1-2-3",
        Some("契約事務の効率化"),
        Some("管財契約課"),
        StatusCode::OnTrack,
    ),
    (
        57,
        "3-2-2-2",
        Some("業務マニュアルの整備"),
        Some("行政管理課"),
        StatusCode::Unknown,
    ),
    (
        62,
        "3-3-1-2",
        Some("議会関係文書のデジタル化"),
        Some("総務課議会事務局"),
        StatusCode::OnTrack,
    ),
    (
        64,
        "3-3-2-1",
        Some("新たなコミュニケーションツールの導入に向けた検討"),
        Some("行政管理課"),
        StatusCode::Unknown,
    ),
    (
        67,
        "3-3-2-2",
        Some("モバイル端末の活用の推進"),
        Some("行政管理課"),
        StatusCode::OnTrack,
    ),
];

#[test]
fn truth_table() {
    let p = parsed();
    for &(line, id, title, dept, code) in TRUTH {
        let i = at(&p, line);
        assert_eq!(i.id.as_deref(), Some(id), "id of L{line}");
        assert_eq!(i.title.as_deref(), title, "title of L{line}");
        assert_eq!(i.department.as_deref(), dept, "department of L{line}");
        assert_eq!(
            i.status.as_ref().map(|s| s.code),
            Some(code),
            "status of L{line}"
        );
    }
}

#[test]
fn headings_and_numbers() {
    let p = parsed();
    let h = |line| {
        at(&p, line)
            .status_table
            .as_ref()
            .and_then(|e| e.heading.clone())
            .unwrap()
    };
    // Filled down from L2 to L5, wrap space removed.
    assert_eq!(h(5).title.as_deref(), Some("新たな財源の確保"));
    assert_eq!(h(5).raw_id.as_deref(), Some("I 1 (1)"));
    assert_eq!(h(14).title.as_deref(), Some("補助金・負担金等の見直し"));
    // Ⅲ1(3) between Ⅱ rows is read as Ⅱ1(3); the raw id keeps the print.
    assert_eq!(h(33).id.as_deref(), Some("2-1-3"));
    assert_eq!(at(&p, 33).raw_id.as_deref(), Some("Ⅲ1(3) ①"));
    // II 3 (2) after Ⅲ3(1) is Ⅲ3(2), and goes on across the page header to L67.
    assert_eq!(h(64).id.as_deref(), Some("3-3-2"));
    assert_eq!(h(67).id.as_deref(), Some("3-3-2"));
    assert_eq!(at(&p, 67).raw_id.as_deref(), Some("II 3 (2) ②"));
    // L34 lost its number and the 民 of its heading; L43 continues L42's heading.
    assert_eq!(h(34).id.as_deref(), Some("2-2-1"));
    assert_eq!(h(34).raw_id, None);
    assert_eq!(
        h(34).title.as_deref(),
        Some("間委託の導入を見据えた事務フローの見直し")
    );
    assert_eq!(
        h(44).title.as_deref(),
        Some("地域課題を解決する官民連携での新しい界の活用")
    );
    for (line, code) in [
        (33, "heading.number-corrected"),
        (64, "heading.number-corrected"),
        (34, "heading.number-inferred"),
        (34, "item.no-title"),
        (10, "item.number-inferred"),
        (25, "item.no-department"),
        (17, "item.spill-repaired"),
        (8, "item.department-stray-prefix"),
        (57, "item.status-unreadable"),
        (35, "item.no-status"),
        (47, "row.fragment"),
    ] {
        assert!(
            p.diagnostics
                .iter()
                .any(|d| d.code == code && d.line == Some(line)),
            "{code} at L{line}"
        );
    }
}

#[test]
fn text_columns_and_raw_cells() {
    let p = parsed();
    let e = |line| at(&p, line).status_table.clone().unwrap();
    assert_eq!(e(2).plan_summary, None);
    assert!(e(2)
        .results
        .unwrap()
        .starts_with("返礼品について、新たに7事業者14品目を追加した。"));
    assert_eq!(
        e(3).plan_summary.as_deref(),
        Some("クラウドファンディングの検討")
    );
    assert!(e(8)
        .content
        .unwrap()
        .starts_with("とともに、累積・高額化した滞納者等"));
    assert_eq!(e(26).issues.as_deref(), Some("(地域福祉課)"));
    // Debris in a text cell is dropped (with an info diagnostic).
    assert_eq!(e(25).issues, None);
    assert_eq!(e(27).issues, None);
    assert_eq!(
        e(29).issues.as_deref(),
        Some("職階ポストを限定することで、人事が硬直化することが懸念される。")
    );
    assert!(e(8)
        .next_year_policy
        .unwrap()
        .starts_with("週1日程度の徴税吏員配置"));
    assert_eq!(e(17).department_raw.as_deref(), Some("全保険年金課"));
    assert_eq!(
        e(17).title_raw.as_deref(),
        Some("国民健康保険特別会計の健 化")
    );
    assert_eq!(e(11).department_raw.as_deref(), Some("D 教育総務課"));
    assert_eq!(e(2).department_raw, None);
    let s = |line| at(&p, line).status.clone().unwrap();
    assert_eq!(s(52).label.as_deref(), Some("計画どおり"));
    assert_eq!(s(52).raw.as_deref(), Some("て計画どおり"));
    assert_eq!(s(64).raw.as_deref(), Some("総"));
    assert_eq!(s(34).raw.as_deref(), Some(":"));
    assert_eq!(s(35).raw, None);
    assert_eq!(s(2).raw, None);
}
