//! Status tables as other towns print them (fixtures/variants/status-table/), each read
//! end to end and checked against a truth table written by reading the variant's text:
//!
//! - `st_a_town_r4.txt`: a 町, R4, other departments (hiragana names), a caption, page
//!   numbers, a heading continued on the next row, an empty 担当部署 and 進捗区分.
//! - `st_b_city_sjis_crlf.txt`: Shift_JIS with CRLF, header words of another city (番号 /
//!   担当課 / 取組内容 / 令和4年度計画 / 令和4年度実績 / 課題 / 今後の方針 / 進捗状況),
//!   two-level headings `1 (1)`, 部 + 課 departments, mark + label statuses, a row wrapped
//!   onto a second line, a legend of the marks.
//! - `st_c_town_seed_r4.txt`: seed 004 made into another town's R4 table by
//!   `scripts/status_table_variant_c.py` (other departments, two rows dropped, one status
//!   changed), with every kind of PDF damage the seed shows.
//! - `st_d_village_two_line_header.txt`: a 村, a header broken over two lines with western
//!   years (`2022年度` above `計画概要`), section bands (`Ⅰ 持続可能な財政運営`) over
//!   `1 (1)` headings, section Ⅱ not in the table, 計画以上 / 計画以下 / 未着手.
//! - `st_e_town_html_grades.txt`: an HTML table (`<tr><td>`), whole ids `1-1` in `No.` and
//!   no ①, header words 担当課 / R4計画 / R4実績 / 今後の方向性 / 評価, letter grades A/B/C
//!   explained by a legend under the table.

use keikaku_grammar::{Item, Layout, Parsed, StatusCode};

use StatusCode::{Achieved, Delayed, NotStarted, OnTrack, Unknown};

mod common;

fn load(name: &str) -> (keikaku_loader::Document, Parsed) {
    common::fixture(&format!("variants/status-table/{name}"))
}

/// The item whose source covers `line`.
fn at(p: &Parsed, line: u32) -> &Item {
    p.items
        .iter()
        .find(|i| i.source.iter().any(|s| s.from <= line && line <= s.to))
        .unwrap_or_else(|| panic!("no item on line {line}"))
}

fn count(p: &Parsed, c: StatusCode) -> usize {
    p.items
        .iter()
        .filter(|i| i.status.as_ref().map(|s| s.code) == Some(c))
        .count()
}

fn unparsed(p: &Parsed) -> Vec<u32> {
    p.unparsed.iter().map(|u| u.line).collect()
}

/// (line, id, title, department, status) read from the variant.
type Truth = (
    u32,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    StatusCode,
);

fn check(p: &Parsed, truth: &[Truth]) {
    for &(line, id, title, dept, code) in truth {
        let i = at(p, line);
        assert_eq!(i.id.as_deref(), Some(id), "id on line {line}");
        assert_eq!(i.title.as_deref(), title, "title on line {line}");
        assert_eq!(i.department.as_deref(), dept, "department on line {line}");
        assert_eq!(
            i.status.as_ref().map(|s| s.code),
            Some(code),
            "status on line {line}"
        );
    }
}

fn heading(i: &Item) -> (Option<&str>, Option<&str>) {
    let h = i
        .status_table
        .as_ref()
        .and_then(|e| e.heading.as_ref())
        .expect("a heading");
    (h.id.as_deref(), h.title.as_deref())
}

fn all_years(p: &Parsed, y: i32) -> bool {
    p.items
        .iter()
        .all(|i| i.status_table.as_ref().and_then(|e| e.fiscal_year) == Some(y))
}

const A: &[Truth] = &[
    (
        3,
        "1-1-1-1",
        Some("ふるさと納税の推進"),
        Some("企画財政課"),
        Achieved,
    ),
    (
        4,
        "1-1-1-2",
        Some("町税の収納率向上"),
        Some("税務住民課"),
        OnTrack,
    ),
    (
        5,
        "1-1-1-3",
        Some("使用料・手数料の見直し"),
        Some("企画財政課"),
        Delayed,
    ),
    (
        6,
        "1-1-2-1",
        Some("公共施設等総合管理計画の推進"),
        Some("まちづくり課"),
        OnTrack,
    ),
    (
        7,
        "1-1-2-2",
        Some("町営住宅の集約化"),
        Some("建設課"),
        OnTrack,
    ),
    (
        8,
        "1-2-1-1",
        Some("事務事業評価の実施"),
        Some("総務課"),
        OnTrack,
    ),
    (9, "1-2-1-2", Some("補助金の見直し"), None, OnTrack),
    (
        14,
        "1-2-2-1",
        Some("証明書のコンビニ交付"),
        Some("税務住民課"),
        OnTrack,
    ),
    (
        15,
        "1-2-2-2",
        Some("書かない窓口の導入"),
        Some("税務住民課"),
        OnTrack,
    ),
    (
        16,
        "1-2-2-3",
        Some("キャッシュレス決済の導入"),
        Some("会計室"),
        Unknown,
    ),
    (
        17,
        "2-1-1-1",
        Some("組織機構の見直し"),
        Some("総務課"),
        OnTrack,
    ),
    (
        18,
        "2-1-1-2",
        Some("会計年度任用職員制度の運用"),
        Some("総務課"),
        OnTrack,
    ),
    (
        19,
        "2-1-2-1",
        Some("職員研修の充実"),
        Some("総務課"),
        OnTrack,
    ),
    (
        20,
        "2-1-2-2",
        Some("人事評価制度の活用"),
        Some("総務課"),
        Unknown,
    ),
    (
        25,
        "2-2-1-1",
        Some("消防・救急の広域化"),
        Some("防災安全課"),
        OnTrack,
    ),
    (
        26,
        "2-2-1-2",
        Some("ごみ処理の広域化"),
        Some("住民環境課"),
        Delayed,
    ),
    (
        27,
        "2-2-2-1",
        Some("指定管理者制度の活用"),
        Some("生涯学習課"),
        OnTrack,
    ),
    (
        28,
        "2-2-2-2",
        Some("町立保育所の民営化"),
        Some("こども支援室"),
        OnTrack,
    ),
    (
        29,
        "2-2-2-3",
        Some("学校給食センターの運営委託"),
        Some("教育委員会事務局"),
        Delayed,
    ),
    (
        30,
        "2-2-2-4",
        Some("健診業務の民間委託"),
        Some("保健センター"),
        Achieved,
    ),
];

#[test]
fn a_town_r4() {
    let (_, p) = load("st_a_town_r4.txt");
    assert_eq!(p.layout, Layout::StatusTable);
    assert_eq!(p.meta.municipality.as_deref(), Some("美里台町"));
    assert_eq!(p.meta.report_year, Some(2022));
    assert_eq!(p.meta.period, None);
    assert_eq!(p.items.len(), 20);
    assert_eq!(
        [Achieved, OnTrack, Delayed, Unknown].map(|c| count(&p, c)),
        [2, 13, 3, 2]
    );
    check(&p, A);
    assert!(all_years(&p, 2022));
    // The garbage row only; caption, headers and page numbers are structure.
    assert_eq!(unparsed(&p), vec![31]);
    let structure: Vec<(u32, u32)> = p.structure.iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(
        structure,
        vec![(1, 2), (11, 11), (13, 13), (22, 22), (24, 24)]
    );
    // The heading goes on in column 0 of the next row (`サービスの充実`).
    assert_eq!(
        heading(at(&p, 15)),
        (
            Some("1-2-2"),
            Some("行政手続のオンライン化と窓口サービスの充実")
        )
    );
    assert_eq!(
        heading(at(&p, 7)),
        (Some("1-1-2"), Some("公共施設の適正配置"))
    );
    let s = at(&p, 20).status.clone().unwrap();
    assert_eq!(s.raw.as_deref(), Some("2"));
    let e = at(&p, 5).status_table.clone().unwrap();
    assert_eq!(e.plan_summary.as_deref(), Some("見直し方針の策定"));
    assert_eq!(e.results, None);
    // A hiragana name is not a stray prefix; `: 総務課` is.
    assert_eq!(
        at(&p, 18)
            .status_table
            .as_ref()
            .unwrap()
            .department_raw
            .as_deref(),
        Some(": 総務課")
    );
    assert!(at(&p, 28)
        .status_table
        .as_ref()
        .unwrap()
        .department_raw
        .is_none());
}

const B: &[Truth] = &[
    (
        3,
        "1-1-1",
        Some("市税収納率の向上"),
        Some("財務部収納課"),
        OnTrack,
    ),
    (
        4,
        "1-1-2",
        Some("未利用市有地の売却"),
        Some("財務部管財課"),
        Achieved,
    ),
    (
        5,
        "1-1-3",
        Some("企業版ふるさと納税の活用"),
        Some("企画部企画政策課"),
        OnTrack,
    ),
    (
        7,
        "1-2-1",
        Some("補助金の見直し"),
        Some("財務部財政課"),
        Delayed,
    ),
    (
        8,
        "1-2-2",
        Some("電力調達の見直し"),
        Some("総務部総務課"),
        OnTrack,
    ),
    (
        14,
        "2-1-1",
        Some("組織機構の見直し"),
        Some("総務部人事課"),
        Achieved,
    ),
    (
        15,
        "2-1-2",
        Some("職員定員の適正化"),
        Some("総務部人事課"),
        Unknown,
    ),
    (
        16,
        "2-1-3",
        Some("女性職員の活躍推進"),
        Some("総務部人事課"),
        NotStarted,
    ),
    (
        17,
        "2-2-1",
        Some("行政手続のオンライン化"),
        Some("企画部DX推進課"),
        OnTrack,
    ),
    (
        18,
        "2-2-2",
        Some("窓口の混雑状況の発信"),
        Some("市民生活部市民課"),
        OnTrack,
    ),
    (
        19,
        "2-2-3",
        Some("子育て支援手続の簡素化"),
        Some("健康福祉部こども家庭課"),
        OnTrack,
    ),
    (
        20,
        "2-3-1",
        Some("水道料金の適正化"),
        Some("上下水道局経営課"),
        Delayed,
    ),
    (
        21,
        "2-3-2",
        Some("下水道事業の広域化"),
        Some("上下水道局下水道課"),
        OnTrack,
    ),
];

#[test]
fn b_city_shift_jis_crlf() {
    let (doc, p) = load("st_b_city_sjis_crlf.txt");
    assert!(doc.text.contains("北原市"), "decoded from Shift_JIS");
    assert_eq!(p.layout, Layout::StatusTable);
    assert_eq!(p.meta.municipality.as_deref(), Some("北原市"));
    assert_eq!(p.meta.report_year, Some(2022));
    assert_eq!(p.items.len(), 13);
    assert_eq!(
        [Achieved, OnTrack, Delayed, NotStarted, Unknown].map(|c| count(&p, c)),
        [2, 7, 2, 1, 1]
    );
    check(&p, B);
    assert!(all_years(&p, 2022));
    assert!(unparsed(&p).is_empty());
    // Mark and label both kept.
    let s = at(&p, 4).status.clone().unwrap();
    assert_eq!(
        (s.mark.as_deref(), s.label.as_deref()),
        (Some("◎"), Some("達成"))
    );
    let s = at(&p, 16).status.clone().unwrap();
    assert_eq!(
        (s.mark.as_deref(), s.label.as_deref()),
        (Some("×"), Some("未着手"))
    );
    // The row of line 5 wraps onto line 6: one item, both lines, texts joined.
    let i = at(&p, 6);
    assert_eq!(i.id.as_deref(), Some("1-1-3"));
    assert_eq!((i.source[0].from, i.source[0].to), (5, 6));
    let e = i.status_table.clone().unwrap();
    assert_eq!(
        e.content.as_deref(),
        Some("企業版ふるさと納税を活用した事業の実施を推進し、寄附の受入れを拡大する。")
    );
    assert_eq!(
        e.results.as_deref(),
        Some("企業2社から寄附の申出があり、北原市地域再生計画の認定を受けた。")
    );
    let e = at(&p, 7).status_table.clone().unwrap();
    assert_eq!(
        e.issues.as_deref(),
        Some("関係団体との調整に時間を要している。")
    );
    assert_eq!(
        e.next_year_policy.as_deref(),
        Some("関係団体と協議を進める。")
    );
    assert_eq!(e.plan_summary.as_deref(), Some("評価基準の策定"));
    assert_eq!(
        heading(at(&p, 20)),
        (Some("2-3"), Some("公営企業の経営健全化"))
    );
    // Caption (twice), headers, page numbers and the legend are structure.
    let structure: Vec<(u32, u32)> = p.structure.iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(
        structure,
        vec![(1, 2), (10, 10), (12, 13), (23, 23), (25, 25)]
    );
}

const C: &[Truth] = &[
    (
        2,
        "1-1-1-1",
        Some("ふるさと納税の推進"),
        Some("企画財政課"),
        OnTrack,
    ),
    (
        3,
        "1-1-1-2",
        Some("クラウドファンディングの活用"),
        Some("企画財政課"),
        Achieved,
    ),
    (
        7,
        "1-1-2-3",
        Some("収納率向上のための体制強化"),
        Some("収納対策室"),
        OnTrack,
    ),
    (
        8,
        "1-1-2-4",
        Some("新たな納入方法の導入に向けた検討"),
        Some("収納対策室"),
        Achieved,
    ),
    (9, "1-1-3-1", None, Some("契約管財課"), OnTrack),
    (
        10,
        "1-1-3-2",
        Some("未利用教育財産の跡地利用の検討"),
        Some("教育委員会事務局"),
        OnTrack,
    ),
    (
        11,
        "1-1-4-1",
        Some("受益者負担の適正化に係る制度の見直し"),
        Some("企画財政課"),
        OnTrack,
    ),
    (
        12,
        "1-2-1-1",
        Some("補助金・負担金等の見直し"),
        Some("企画財政課"),
        OnTrack,
    ),
    (
        15,
        "1-2-2-1",
        Some("国民健康保険特別会計の健全化"),
        Some("住民保険課"),
        OnTrack,
    ),
    (
        16,
        "1-2-2-2",
        Some("公共下水道事業会計の健全化"),
        Some("上下水道課"),
        OnTrack,
    ),
    (
        17,
        "1-2-2-3",
        Some("農業集落排水事業会計の健全化"),
        Some("上下水道課"),
        OnTrack,
    ),
    (
        24,
        "1-3-3-2",
        Some("地域包括支援センターの体制強化の検討と実施"),
        Some("地域包括支援センター"),
        OnTrack,
    ),
    (25, "1-3-4-1", None, Some("こども課"), OnTrack),
    (
        26,
        "2-1-1-1",
        Some("公金徴収業務の効率化を図る体制の一元化"),
        Some("総務人事課"),
        OnTrack,
    ),
    (
        31,
        "2-1-3-1",
        Some("窓口業務に関する改善改革(再構築)の推進等"),
        Some("総務人事課"),
        OnTrack,
    ),
    (32, "2-2-1-1", None, None, Unknown),
    (
        34,
        "2-2-2-2",
        Some("マイナポータル活用による各種申請の電子化の推進"),
        Some("情報政策課"),
        OnTrack,
    ),
    (
        35,
        "2-2-2-3",
        Some("マイナンバーカードの交付促進"),
        Some("住民課"),
        OnTrack,
    ),
    (
        41,
        "2-3-3-2",
        Some("AIを活用した問合せ窓口の検討"),
        None,
        Unknown,
    ),
    (
        43,
        "3-1-1-1",
        Some("会議の効率的な運営に関するルール化の検討"),
        None,
        OnTrack,
    ),
    (
        44,
        "3-1-1-2",
        Some("電子黒板やタブレット端末等を活用した会議の検討"),
        Some("情報政策課"),
        Unknown,
    ),
    (
        50,
        "3-1-2-3",
        Some("契約事務の効率化"),
        Some("契約管財課"),
        OnTrack,
    ),
    (
        60,
        "3-3-1-2",
        Some("議会関係文書のデジタル化"),
        Some("議会事務局"),
        OnTrack,
    ),
    (
        62,
        "3-3-2-1",
        Some("新たなコミュニケーションツールの導入に向けた検討"),
        Some("情報政策課"),
        Unknown,
    ),
    (
        65,
        "3-3-2-2",
        Some("モバイル端末の活用の推進"),
        Some("情報政策課"),
        OnTrack,
    ),
];

#[test]
fn c_seed_damage_in_another_town() {
    let (_, p) = load("st_c_town_seed_r4.txt");
    assert_eq!(p.layout, Layout::StatusTable);
    assert_eq!(p.meta.municipality.as_deref(), Some("南房台町"));
    assert_eq!(p.meta.report_year, Some(2022));
    assert_eq!((p.meta.title.clone(), p.meta.period), (None, None));
    assert_eq!(p.items.len(), 55);
    assert_eq!(
        [OnTrack, Achieved, Delayed, Unknown].map(|c| count(&p, c)),
        [42, 2, 0, 11]
    );
    check(&p, C);
    assert!(all_years(&p, 2022));
    assert_eq!(unparsed(&p), vec![45]);
    let ids: std::collections::HashSet<_> = p.items.iter().filter_map(|i| i.id.clone()).collect();
    assert_eq!(ids.len(), 55);
    let raw = |l: u32| at(&p, l).status.clone().unwrap().raw;
    assert_eq!(raw(32).as_deref(), Some(":"));
    assert_eq!(raw(50).as_deref(), Some("て計画どおり"));
    assert_eq!(raw(62).as_deref(), Some("総"));
    // Misread tops corrected, the lost group number inferred, the tail `の活用` joined.
    assert_eq!(at(&p, 31).raw_id.as_deref(), Some("Ⅲ1(3) ①"));
    assert_eq!(heading(at(&p, 32)).0, Some("2-2-1"));
    assert_eq!(
        heading(at(&p, 42)),
        (
            Some("2-3-3"),
            Some("地域課題を解決する官民連携での新しい界の活用")
        )
    );
    let codes = |c: &str| p.diagnostics.iter().filter(|d| d.code == c).count();
    assert_eq!(codes("heading.number-corrected"), 2);
    assert_eq!(codes("heading.number-inferred"), 1);
    assert_eq!(codes("item.spill-repaired"), 4);
    let e = at(&p, 15).status_table.clone().unwrap();
    assert_eq!(e.department_raw.as_deref(), Some("全住民保険課"));
    assert_eq!(e.title_raw.as_deref(), Some("国民健康保険特別会計の健 化"));
}

const D: &[Truth] = &[
    (
        5,
        "1-1-1-1",
        Some("村税の収納率向上"),
        Some("税務係"),
        Achieved,
    ),
    (
        6,
        "1-1-1-2",
        Some("使用料の見直し"),
        Some("総務課財政係"),
        OnTrack,
    ),
    (
        7,
        "1-1-2-1",
        Some("公共施設の維持管理費の削減"),
        Some("建設水道課"),
        OnTrack,
    ),
    (8, "1-1-2-2", Some("イベント事業の見直し"), None, Delayed),
    (
        15,
        "3-1-1-1",
        Some("電子申請の拡大"),
        Some("総務課"),
        OnTrack,
    ),
    (17, "3-1-1-2", Some("RPAの導入"), Some("総務課"), NotStarted),
    (
        18,
        "3-1-2-1",
        Some("職員提案制度の実施"),
        Some("総務課"),
        OnTrack,
    ),
    (
        19,
        "3-1-2-2",
        Some("保健事業の委託"),
        Some("保健福祉センター"),
        Unknown,
    ),
    (
        20,
        "3-1-2-3",
        Some("会計事務の効率化"),
        Some("出納室"),
        OnTrack,
    ),
];

#[test]
fn d_village_two_line_header_and_section_bands() {
    let (_, p) = load("st_d_village_two_line_header.txt");
    assert_eq!(p.layout, Layout::StatusTable);
    assert_eq!(p.meta.municipality.as_deref(), Some("高森台村"));
    assert_eq!(p.meta.report_year, Some(2022));
    assert_eq!(p.meta.period.map(|x| (x.from, x.to)), Some((2021, 2025)));
    assert_eq!(p.items.len(), 9);
    assert_eq!(
        [Achieved, OnTrack, Delayed, NotStarted, Unknown].map(|c| count(&p, c)),
        [1, 5, 1, 1, 1]
    );
    check(&p, D);
    assert!(all_years(&p, 2022));
    // The columns come from both header lines: 計画概要 and 実施内容 are told apart.
    let e = at(&p, 6).status_table.clone().unwrap();
    assert_eq!(e.plan_summary.as_deref(), Some("算定基準の策定"));
    assert_eq!(e.results.as_deref(), Some("算定基準案を作成した。"));
    assert_eq!(e.issues.as_deref(), Some("利用者への周知"));
    assert!(e.extra.is_empty());
    // Section bands lead the `1 (1)` headings; the heading goes on on line 16.
    let i = at(&p, 15);
    assert_eq!(i.raw_id.as_deref(), Some("1 (1) ①"));
    let h = i.status_table.as_ref().unwrap().heading.clone().unwrap();
    assert_eq!(h.section.as_deref(), Some("効率的な行政運営"));
    assert_eq!(
        h.title.as_deref(),
        Some("デジタル技術を活用した業務改革の推進")
    );
    assert_eq!((i.source[0].from, i.source[0].to), (14, 16));
    assert!(p
        .diagnostics
        .iter()
        .all(|d| d.code != "heading.number-corrected"));
    // The note under the table is no row of it.
    assert_eq!(unparsed(&p), vec![22]);
}

const E: &[Truth] = &[
    (
        4,
        "1-1",
        Some("ふるさと納税の推進"),
        Some("企画課"),
        Achieved,
    ),
    (
        5,
        "1-2",
        Some("町税のコンビニ収納"),
        Some("税務課"),
        OnTrack,
    ),
    (6, "1-3", Some("使用料の見直し"), Some("企画課"), Delayed),
    (7, "2-1", Some("窓口の一元化"), Some("町民課"), OnTrack),
    (
        8,
        "2-2",
        Some("電子申請の拡大"),
        Some("総務課情報係"),
        OnTrack,
    ),
    (9, "2-3", Some("公共施設の予約システム"), None, Unknown),
    (10, "3-1", Some("職員研修の充実"), Some("総務課"), OnTrack),
    (
        11,
        "3-2",
        Some("人事評価の活用"),
        Some("総務課"),
        NotStarted,
    ),
];

#[test]
fn e_html_table_with_whole_ids_and_letter_grades() {
    let (_, p) = load("st_e_town_html_grades.txt");
    assert_eq!(p.layout, Layout::StatusTable);
    assert_eq!(p.meta.municipality.as_deref(), Some("桜ヶ丘町"));
    assert_eq!(p.meta.report_year, Some(2022));
    assert_eq!(p.items.len(), 8);
    assert_eq!(
        [Achieved, OnTrack, Delayed, NotStarted, Unknown].map(|c| count(&p, c)),
        [1, 4, 1, 1, 1]
    );
    check(&p, E);
    assert!(all_years(&p, 2022));
    assert!(unparsed(&p).is_empty());
    // Whole ids in 項目No.: no groups to fill down.
    assert!(p
        .items
        .iter()
        .all(|i| i.status_table.as_ref().unwrap().heading.is_none()));
    // Letter grades read through the legend printed under the table.
    let s = at(&p, 5).status.clone().unwrap();
    assert_eq!(
        (s.mark.as_deref(), s.label.as_deref()),
        (Some("B"), Some("計画どおり"))
    );
    // <p> paragraphs inside a cell stay separate lines.
    let e = at(&p, 4).status_table.clone().unwrap();
    assert_eq!(
        e.results.as_deref(),
        Some("返礼品を10品目追加した。\n寄附額は前年度比110%となった。")
    );
    assert_eq!(e.next_year_policy.as_deref(), Some("継続して実施する。"));
    assert_eq!(e.plan_summary.as_deref(), Some("返礼品の見直し"));
}

/// The header test that votes for this family in layout detection (a header naming a
/// status column) finds no header in the other families' seeds.
#[test]
fn other_seeds_have_no_status_table_header() {
    use keikaku_grammar::layout::status_table::header::{Columns, Role};
    for name in [
        "000_10e1818db76866b3.txt",
        "001_f322297bbe860da5.txt",
        "002_dcc169ed6dd0f002.txt",
        "003_958463c6e2069eab.txt",
    ] {
        let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let doc = keikaku_loader::load(&std::fs::read(path).unwrap()).unwrap();
        let status = |c: Option<Columns>| c.is_some_and(|c| c.col(Role::Status).is_some());
        let found = doc
            .lines
            .iter()
            .zip(doc.lines.iter().skip(1))
            .any(|(a, b)| status(Columns::from_line(a)) || status(Columns::from_pair(a, b)));
        assert!(!found, "{name}");
        assert_ne!(keikaku_grammar::layout::detect(&doc), Layout::StatusTable);
    }
}
