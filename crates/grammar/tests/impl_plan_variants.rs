//! Variant 実施計画 documents of other towns (fixtures/variants/impl_plan/, written by
//! scripts/impl_plan_variants.py and scripts/impl_plan_variant_d.py): truth tables written
//! from the variant text.

use keikaku_grammar::layout::impl_plan::Phase;
use keikaku_grammar::{Layout, Parsed};

mod common;
use common::{impl_ext as ext, item, parse_text, phases};

fn parsed(name: &str) -> Parsed {
    common::fixture(&format!("variants/impl_plan/{name}")).1
}

fn years(p: &Parsed, id: &str) -> Vec<Option<i32>> {
    ext(p, id).plan.iter().map(|y| y.year).collect()
}

fn goals(p: &Parsed, id: &str) -> Vec<Option<String>> {
    ext(p, id).plan.iter().map(|y| y.goal.clone()).collect()
}

fn values(p: &Parsed, id: &str) -> Vec<Option<String>> {
    ext(p, id).plan.iter().map(|y| y.value.clone()).collect()
}

fn s(v: &[&str]) -> Vec<Option<String>> {
    v.iter()
        .map(|x| (!x.is_empty()).then(|| x.to_string()))
        .collect()
}

fn codes(p: &Parsed, code: &str) -> Vec<Option<u32>> {
    p.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.line)
        .collect()
}

/// (id, raw_id, title, department, related)
type Row<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, &'a [&'a str]);

fn check_truth(p: &Parsed, truth: &[Row<'_>]) {
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    let want: Vec<&str> = truth.iter().map(|t| t.0).collect();
    assert_eq!(ids, want);
    for &(id, raw, title, dept, related) in truth {
        let it = item(p, id);
        assert_eq!(it.raw_id.as_deref(), Some(raw), "{id}");
        assert_eq!(it.title.as_deref(), Some(title), "{id}");
        assert_eq!(it.department.as_deref(), dept, "{id}");
        assert_eq!(ext(p, id).related_departments, related, "{id}");
        assert!(it.activities.is_empty());
        assert!(it.status.is_none());
    }
}

use Phase::{Achieve as A, Continue as C, Implement as I, Introduce as N, Study as S};

// ---------------------------------------------------------------- A: 北川町, 平成30年度～令和4年度

const A_TRUTH: &[Row<'_>] = &[
    (
        "1-1-1",
        "1 (1) ①",
        "町ホームページの充実",
        Some("総務課"),
        &["全課"],
    ),
    (
        "1-1-2",
        "1 (1) ②",
        "町政懇談会の開催",
        Some("企画財政課"),
        &["総務課", "住民福祉課"],
    ),
    (
        "1-2-1",
        "1 (2) ①",
        "ボランティア団体の育成",
        Some("健康福祉課"),
        &[],
    ),
    (
        "2-1-1",
        "2 (1) ①",
        "事務事業評価の実施",
        Some("企画財政課"),
        &["全課"],
    ),
    (
        "2-1-2",
        "2 (1) ②",
        "窓口業務の改善",
        Some("住民課"),
        &["税務課", "健康福祉課"],
    ),
    ("2-3-1", "2 (3) ①", "人事評価制度の運用", None, &["全課"]),
    (
        "3-1-1",
        "3 (1) ①",
        "町税等の収納率向上",
        Some("税務課"),
        &["上下水道事務所"],
    ),
    (
        "3-1-2",
        "3 (1) ②",
        "ふるさと納税の推進",
        Some("企画財政課"),
        &["産業振興課"],
    ),
    (
        "3-2-1",
        "3 (2) ①",
        "公共施設等総合管理計画の推進",
        Some("財産管理室"),
        &["建設課", "教育委員会事務局"],
    ),
];

#[test]
fn a_town_document() {
    let p = parsed("a_town_heisei.txt");
    common::assert_meta(
        &p,
        Layout::ImplementationPlanSheets,
        Some("北川町"),
        Some("第2次 北川町行政改革大綱 実施計画"),
        Some((2018, 2022)),
    );
    assert_eq!(p.meta.report_year, None);
    check_truth(&p, A_TRUTH);
    // Section 2-(2) is in the table of contents only.
    assert_eq!(codes(&p, "section.no-items"), vec![Some(23)]);
    assert!(codes(&p, "toc.item-without-sheet").is_empty());
    // 2-3-1 prints 担当課 without a value; 2-1-2 an empty 目標の状態.
    assert_eq!(codes(&p, "item.no-department"), vec![Some(119)]);
    assert_eq!(codes(&p, "sheet.empty-field"), vec![Some(104)]);
    // Only the edition date of the cover is left.
    let lines: Vec<u32> = p.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(lines, vec![7]);
    for i in &p.items {
        let id = i.id.as_deref().unwrap_or("");
        assert_eq!(
            years(&p, id),
            vec![Some(2018), Some(2019), Some(2020), Some(2021), Some(2022)],
            "{id}"
        );
    }
}

#[test]
fn a_town_sheets() {
    let p = parsed("a_town_heisei.txt");
    let x = ext(&p, "1-1-1");
    assert_eq!(
        x.issues.as_deref(),
        Some("町ホームページは各課が個別に更新しており、情報の鮮度に差がある。\nスマートフォンでの閲覧に対応していない。")
    );
    assert_eq!(
        x.actions,
        vec![
            "ホームページの全面改修を行う。",
            "各課の更新担当者向けの研修を実施する。"
        ]
    );
    assert_eq!(
        x.target_state,
        vec!["町民が必要な情報をいつでも入手できる。"]
    );
    assert_eq!(
        x.current_value.as_deref(),
        Some("月間閲覧数 12,000件 (H29.12現在)")
    );
    assert_eq!(x.target_value.as_deref(), Some("月間閲覧数 15,000件"));
    assert_eq!(
        phases(&p, "1-1-1"),
        vec![Some(S), Some(I), Some(I), Some(I), Some(I)]
    );
    assert!(x.goal_merged);
    assert_eq!(
        goals(&p, "1-1-1"),
        vec![Some("ホームページの内容を充実させる。".to_string()); 5]
    );
    assert_eq!(
        values(&p, "1-1-1"),
        s(&["12,500件", "13,000件", "13,500件", "14,000件", "15,000件"])
    );

    // Header with 平成31年度(令和元年度); 年次計画 label on the 年度目標 row; rows labelled in
    // column 1; 数値 without a value for the first year.
    let x = ext(&p, "1-1-2");
    assert_eq!(
        x.chapter.as_ref().map(|c| c.title.as_str()),
        Some("町民との協働による町づくり")
    );
    assert_eq!(
        x.section.as_ref().map(|c| c.title.as_str()),
        Some("情報共有の推進")
    );
    assert_eq!(
        x.actions,
        vec![
            "各地区の公民館で懇談会を開催する。",
            "若い世代が参加しやすいよう休日に開催する。"
        ]
    );
    assert_eq!(x.current_value.as_deref(), Some("参加者 延べ40人"));
    assert_eq!(x.target_value.as_deref(), Some("参加者 延べ100人"));
    assert_eq!(
        phases(&p, "1-1-2"),
        vec![Some(S), Some(I), Some(I), Some(I), Some(I)]
    );
    assert_eq!(
        goals(&p, "1-1-2"),
        s(&[
            "開催方法の検討",
            "地区懇談会の開催 (4地区)",
            "地区懇談会の開催 (8地区)",
            "地区懇談会の開催 (8地区)",
            "地区懇談会の開催 (8地区)"
        ])
    );
    assert_eq!(
        values(&p, "1-1-2"),
        s(&["", "延べ60人", "延べ80人", "延べ90人", "延べ100人"])
    );

    // Six 進捗状況 cells, the last repeating: dropped with an info.
    assert_eq!(
        phases(&p, "1-2-1"),
        vec![Some(S), Some(S), Some(I), Some(I), Some(I)]
    );
    assert_eq!(
        ext(&p, "1-2-1").actions,
        vec![
            "団体の活動を広報紙で紹介し、新たな会員の加入を促す。",
            "ボランティア養成講座を開催する。"
        ]
    );
    assert_eq!(
        ext(&p, "1-2-1").current_value.as_deref(),
        Some("登録団体 8団体")
    );
    assert_eq!(codes(&p, "plan.extra-cell"), vec![Some(77)]);

    // 効果額: a row this family has no field for.
    let x = ext(&p, "2-1-1");
    assert_eq!(x.extra_fields.len(), 1);
    assert_eq!(x.extra_fields[0].label, "効果額");
    assert_eq!(x.extra_fields[0].values, vec!["年500千円"; 3]);
    assert_eq!(
        phases(&p, "2-1-1"),
        vec![Some(S), Some(I), Some(I), Some(I), Some(A)]
    );
    assert_eq!(values(&p, "2-1-1"), s(&["", "30%", "60%", "80%", "100%"]));
    assert_eq!(x.current_value.as_deref(), Some("評価実施率 0%"));
    assert_eq!(x.target_value.as_deref(), Some("評価実施率 100%"));

    assert_eq!(
        phases(&p, "2-1-2"),
        vec![Some(S), Some(S), Some(N), Some(I), Some(I)]
    );
    assert!(ext(&p, "2-1-2").target_state.is_empty());
    assert_eq!(values(&p, "2-1-2"), vec![None; 5]);

    let x = ext(&p, "3-1-1");
    assert_eq!(
        x.current_value.as_deref(),
        Some("収納率 96.8% (平成28年度)")
    );
    assert_eq!(x.target_value.as_deref(), Some("収納率 98.0%"));
    assert_eq!(x.target_state, vec!["町税の収納率が県内平均を上回る。"]);
    assert!(x.goal_merged);

    // Arrows carry the first year's phase on.
    assert_eq!(
        phases(&p, "3-1-2"),
        vec![Some(I), Some(C), Some(C), Some(C), Some(C)]
    );
    assert_eq!(ext(&p, "3-1-2").plan[1].phase_raw.as_deref(), Some("→"));

    // Six 年度目標 cells, the first empty: aligned with the header.
    assert_eq!(
        goals(&p, "3-2-1"),
        s(&[
            "個別施設計画の策定準備",
            "個別施設計画の策定",
            "統廃合の検討",
            "統廃合の実施",
            "統廃合の実施"
        ])
    );
    assert_eq!(
        values(&p, "3-2-1"),
        s(&["", "", "", "", "延床面積 58,000m2"])
    );
    assert_eq!(
        phases(&p, "3-2-1"),
        vec![Some(S), Some(S), Some(I), Some(I), Some(A)]
    );
}

// ------------------------------------------- B: 南浜市, Shift_JIS + CRLF, other label spellings

const B_TRUTH: &[Row<'_>] = &[
    (
        "1-1-1",
        "第1章 (1) ①",
        "証明書のコンビニ交付",
        Some("市民生活部市民課"),
        &["情報政策課"],
    ),
    (
        "1-1-2",
        "第1章 (1) ②",
        "窓口の混雑緩和",
        Some("市民生活部市民課"),
        &["総務部人事課", "税務課"],
    ),
    (
        "1-2-1",
        "第1章 (2) ①",
        "子育て相談体制の強化",
        Some("健康福祉部こども家庭センター"),
        &[],
    ),
    (
        "2-1-1",
        "第2章 (1) ①",
        "電子決裁の導入",
        Some("総務部情報政策課"),
        &["全部署"],
    ),
    (
        "2-1-2",
        "第2章 (1) ②",
        "会議録作成の自動化",
        Some("総務部総務課"),
        &["議会事務局"],
    ),
    (
        "2-2-1",
        "第2章 (2) ①",
        "下水道使用料の見直し",
        Some("都市建設部下水道事務所"),
        &["財政課"],
    ),
];

#[test]
fn b_city_document() {
    let p = parsed("b_city_sjis_crlf.txt");
    common::assert_meta(
        &p,
        Layout::ImplementationPlanSheets,
        Some("南浜市"),
        Some("南浜市行政改革推進計画 実施計画"),
        Some((2019, 2023)),
    );
    check_truth(&p, B_TRUTH);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    // 目指す姿 of 1-2-1 is printed empty; no label goes unrecognised.
    assert_eq!(codes(&p, "sheet.empty-field").len(), 1);
    assert!(codes(&p, "sheet.unknown-label").is_empty());
    assert!(codes(&p, "sheet.label-missing").is_empty());
    assert!(codes(&p, "section.no-items").is_empty());
}

#[test]
fn b_city_sheets() {
    let p = parsed("b_city_sjis_crlf.txt");
    // 現状・課題 / 取組の内容 / 目指す姿 are this family's three text fields.
    let x = ext(&p, "1-1-1");
    assert_eq!(
        x.issues.as_deref(),
        Some("住民票などの証明書は市役所と支所の窓口でしか取得できない。")
    );
    assert_eq!(
        x.actions,
        vec!["マイナンバーカードを利用したコンビニ交付を導入する。"]
    );
    assert_eq!(
        x.target_state,
        vec!["市民が身近な店舗で証明書を取得できる。"]
    );
    assert_eq!(x.current_value.as_deref(), Some("コンビニ交付率 0%"));
    assert_eq!(x.target_value.as_deref(), Some("コンビニ交付率 15%"));
    // 実施予定 is the phase row, 年度別目標 the goal row.
    assert_eq!(
        phases(&p, "1-1-1"),
        vec![Some(S), Some(N), Some(I), Some(I), Some(I)]
    );
    assert_eq!(
        goals(&p, "1-1-1"),
        s(&[
            "システムの選定",
            "コンビニ交付の開始",
            "利用の周知",
            "利用の周知",
            "利用の周知"
        ])
    );
    assert_eq!(values(&p, "1-1-1"), s(&["", "5%", "8%", "12%", "15%"]));
    assert_eq!(
        years(&p, "1-1-1"),
        vec![Some(2019), Some(2020), Some(2021), Some(2022), Some(2023)]
    );

    let x = ext(&p, "1-1-2");
    assert_eq!(
        x.target_state,
        vec!["繁忙期でも待ち時間が30分以内となっている。"]
    );
    assert_eq!(x.current_value.as_deref(), Some("最大待ち時間 70分"));
    assert_eq!(x.target_value.as_deref(), Some("最大待ち時間 30分"));
    assert!(x.goal_merged);
    assert_eq!(
        values(&p, "1-1-2"),
        s(&["60分", "50分", "40分", "35分", "30分"])
    );

    assert!(ext(&p, "1-2-1").target_state.is_empty());
    assert_eq!(values(&p, "1-2-1"), vec![None; 5]);

    // 調査 is a study phase, 完了 an achieve one.
    assert_eq!(
        phases(&p, "2-1-1"),
        vec![Some(S), Some(S), Some(N), Some(I), Some(A)]
    );
    assert_eq!(ext(&p, "2-1-1").plan[4].phase_raw.as_deref(), Some("完了"));
    // No phase printed for the first year.
    assert_eq!(
        phases(&p, "2-1-2"),
        vec![None, Some(S), Some(N), Some(I), Some(I)]
    );
    assert_eq!(goals(&p, "2-1-2")[0], None);
    assert_eq!(
        ext(&p, "2-2-1").current_value.as_deref(),
        Some("経費回収率 82%")
    );
    assert_eq!(values(&p, "2-2-1"), s(&["82%", "82%", "90%", "93%", "95%"]));
}

// ---------------------------------- C: 白石村, no contents, (n) items under roman chapters, OCR

const C_TRUTH: &[Row<'_>] = &[
    (
        "1-1",
        "Ⅰ (1)",
        "住民票等の郵送請求の推進",
        Some("住民税務課"),
        &["総務課"],
    ),
    (
        "1-2",
        "Ⅰ (2)",
        "地域おこし協力隊の活用",
        Some("産業振興課"),
        &[],
    ),
    (
        "2-1",
        "II (1)",
        "使用料・手数料の見直し",
        Some("総務課財政係"),
        &["全課"],
    ),
    (
        "2-2",
        "II (2)",
        "村営バスの運行見直し",
        Some("総務課"),
        &["教育委員会"],
    ),
];

#[test]
fn c_village_document() {
    let p = parsed("c_village_ocr.txt");
    assert_eq!(p.layout, Layout::ImplementationPlanSheets);
    assert_eq!(p.meta.municipality.as_deref(), Some("白石村"));
    let period = p.meta.period.expect("period");
    assert_eq!((period.from, period.to), (2017, 2021));
    check_truth(&p, C_TRUTH);
    // Running title and page footers are structure.
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    for i in &p.items {
        let id = i.id.as_deref().unwrap_or("");
        assert_eq!(
            years(&p, id),
            vec![Some(2017), Some(2018), Some(2019), Some(2020), Some(2021)],
            "{id}"
        );
        let x = ext(&p, id);
        assert!(x.section.is_none(), "{id}");
        assert!(x.issues.is_some() && !x.actions.is_empty() && !x.target_state.is_empty());
    }
}

#[test]
fn c_village_sheets() {
    let p = parsed("c_village_ocr.txt");
    // 进捗状況 (a Chinese glyph) is still the phase row.
    assert_eq!(phases(&p, "1-1"), vec![Some(I); 5]);
    assert!(ext(&p, "1-1").goal_merged);
    // The sheet continues on the next page under the repeated headings; `年 度 目 標`.
    let x = ext(&p, "1-2");
    assert_eq!(
        x.issues.as_deref(),
        Some("人口減少により、地域の行事や農地の維持が難しくなっている。\n村外からの移住者が少ない。")
    );
    assert_eq!(
        x.actions,
        vec![
            "地域おこし協力隊を募集し、集落の活動を支援する。",
            "任期後の定住を支援する。"
        ]
    );
    assert_eq!(x.current_value.as_deref(), Some("隊員数 0人"));
    assert_eq!(x.target_value.as_deref(), Some("隊員数 3人"));
    assert_eq!(
        phases(&p, "1-2"),
        vec![Some(S), Some(I), Some(I), Some(I), Some(I)]
    );
    assert_eq!(
        goals(&p, "1-2"),
        s(&[
            "募集方法の検討",
            "隊員1名の採用",
            "隊員2名の採用",
            "隊員3名の採用",
            "定住支援"
        ])
    );
    assert_eq!(values(&p, "1-2"), s(&["", "1人", "2人", "3人", "3人"]));
    assert_eq!(item(&p, "1-2").source[0].from, 27);
    assert_eq!(item(&p, "1-2").source[0].to, 44);

    assert_eq!(
        phases(&p, "2-1"),
        vec![Some(S), Some(S), Some(I), Some(A), Some(A)]
    );
    assert_eq!(
        phases(&p, "2-2"),
        vec![Some(S), Some(S), Some(N), Some(I), Some(I)]
    );
    assert_eq!(
        ext(&p, "2-2").actions,
        vec!["利用実態を調査し、路線とダイヤを見直す。デマンド交通の導入を検討する。"]
    );
    assert_eq!(
        values(&p, "2-2"),
        s(&["", "", "17,000千円", "16,000千円", "15,000千円"])
    );
}

// ------------------------- D: seed 003 as a town's plan, 平成30年度～令和4年度, other departments

const D_TRUTH: &[Row<'_>] = &[
    (
        "1-1-1",
        "1 (1) ①",
        "情報提供手段の拡大",
        Some("企画情報課"),
        &[],
    ),
    (
        "1-3-2",
        "1 (3) ②",
        "審議会等への町民公募・女性参加率の向上",
        Some("まちづくり推進課"),
        &["全課"],
    ),
    (
        "1-4-2",
        "1 (4) ②",
        "「ちいき生活応援隊」の推進",
        Some("地域包括支援センター"),
        &[],
    ),
    (
        "1-4-3",
        "1 (4) ③",
        "道路アダプト(里親)の制度の推進",
        Some("建設水道課"),
        &[],
    ),
    (
        "2-4-2",
        "2 (4) ②",
        "働き方改革の推進",
        Some("総務課"),
        &["全課"],
    ),
    (
        "3-3-1",
        "3 (3) ①",
        "組織の見直し",
        Some("総務企画室"),
        &["総務課"],
    ),
    (
        "3-3-2",
        "3 (3) ②",
        "職員の適正配置",
        Some("総務企画室"),
        &["総務課"],
    ),
    (
        "3-4-1",
        "3 (4) ①",
        "行政区の活用と検討",
        Some("住民協働課"),
        &[],
    ),
    (
        "4-1-2",
        "4 (1) ②",
        "広告媒体の活用",
        Some("企画情報課"),
        &["財務課"],
    ),
    (
        "4-1-4",
        "4 (1) ④",
        "市税の収納率の向上",
        Some("税務収納課"),
        &["債権を扱う各課", "総務企画室", "財務課", "住民協働課等"],
    ),
    (
        "4-3-1",
        "4 (3) ①",
        "病院事業の推進",
        Some("病院事務部経営企画課"),
        &["財務課", "病院全課"],
    ),
    (
        "4-3-2",
        "4 (3) ②",
        "第三セクターの健全経営の推進と民営化の検討",
        Some("財務課"),
        &["総務企画室", "商工観光課"],
    ),
    (
        "5-3-1",
        "5 (3) ①",
        "ガバメントクラウド活用の検討",
        Some("企画情報課"),
        &[],
    ),
];

#[test]
fn d_town_document() {
    let p = parsed("d_town_from_seed.txt");
    common::assert_meta(
        &p,
        Layout::ImplementationPlanSheets,
        Some("桐川町"),
        Some("第3次 桐川町行政改革大綱 実施計画"),
        Some((2018, 2022)),
    );
    assert_eq!(p.items.len(), 36);
    for &(id, raw, title, dept, related) in D_TRUTH {
        let it = item(&p, id);
        assert_eq!(it.raw_id.as_deref(), Some(raw), "{id}");
        assert_eq!(it.title.as_deref(), Some(title), "{id}");
        assert_eq!(it.department.as_deref(), dept, "{id}");
        assert_eq!(ext(&p, id).related_departments, related, "{id}");
    }
    assert!(p.items.iter().all(|i| i.department.is_some()));
    assert_eq!(codes(&p, "section.no-items"), vec![Some(35)]);
    // The two edition dates of the cover.
    let lines: Vec<u32> = p.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(lines, vec![11, 13]);
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
    assert_eq!(count(Some(I)), 149);
    assert_eq!(count(Some(S)), 24);
    assert_eq!(count(Some(A)), 6);
    assert_eq!(count(None), 1);
    for i in &p.items {
        let id = i.id.as_deref().unwrap_or("");
        assert_eq!(
            years(&p, id),
            vec![Some(2018), Some(2019), Some(2020), Some(2021), Some(2022)],
            "{id}"
        );
    }
}

#[test]
fn d_town_sheets() {
    let p = parsed("d_town_from_seed.txt");
    // 年度目標 texts that name years keep them as printed.
    assert_eq!(
        goals(&p, "4-1-3")[0].as_deref(),
        Some("平成29年度決算分を令和元年3月に公表")
    );
    assert_eq!(
        ext(&p, "1-1-1").current_value.as_deref(),
        Some("HPアクセス数 456,456件 (R2.1.15現在)")
    );
    assert_eq!(
        values(&p, "1-1-1"),
        s(&[
            "HPアクセス数 470,000件",
            "HPアクセス数 480,000件",
            "HPアクセス数 490,000件",
            "HPアクセス数 500,000件",
            "HPアクセス数 510,000件"
        ])
    );
    assert_eq!(
        phases(&p, "2-4-1"),
        vec![Some(I), Some(I), Some(A), Some(A), Some(A)]
    );
}

// ------------------------------------------------ small shapes other plans print (literal text)

#[test]
fn related_departments_on_their_own_line_and_labels_with_colons() {
    let src = "目次\n1 行政運営\t\n(1) 事務\t\n① 事務の見直し\t1\n\n\
        1 行政運営\n(1) 事務\n① 事務の見直し\n担当課\t総務課\n関係課\t企画課、財政課\n\
        現状と課題\t事務が多い。\n取組内容\t減らす。\n目標の状態\t減っている。\n\
        現状の数値\t10件\n目標の数値\t5件\n\
        年次計画\t年度\t平成30年度\t平成31年度\t令和2年度\n\
        進捗状況\t実施\t実施(継続)\t継続実施\n年度目標\t見直し\t見直し\t見直し\n\
        数値\t10件\t8件\t5件\n\n\
        1 行政運営\n(1) 事務\n② 窓口の改善\n担当課：住民課\n関係課：なし\n\
        現状と課題\t混む。\n取組内容\t空ける。\n目標の状態\t空いている。\n\
        年次計画\t区分\tH30\tR1\tR2\n進捗状況\t検討\t→\t実施\n";
    let p = parse_text(src);
    assert_eq!(p.layout, Layout::ImplementationPlanSheets);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    let a = item(&p, "1-1-1");
    assert_eq!(a.title.as_deref(), Some("事務の見直し"));
    assert_eq!(a.department.as_deref(), Some("総務課"));
    assert_eq!(
        ext(&p, "1-1-1").related_departments,
        vec!["企画課", "財政課"]
    );
    assert_eq!(ext(&p, "1-1-1").current_value.as_deref(), Some("10件"));
    assert_eq!(ext(&p, "1-1-1").target_value.as_deref(), Some("5件"));
    assert_eq!(years(&p, "1-1-1"), vec![Some(2018), Some(2019), Some(2020)]);
    assert_eq!(phases(&p, "1-1-1"), vec![Some(I), Some(I), Some(C)]);
    let b = item(&p, "1-1-2");
    assert_eq!(b.department.as_deref(), Some("住民課"));
    assert!(ext(&p, "1-1-2").related_departments.is_empty());
    assert_eq!(years(&p, "1-1-2"), vec![Some(2018), Some(2019), Some(2020)]);
    assert_eq!(phases(&p, "1-1-2"), vec![Some(S), Some(C), Some(I)]);
}

// ------------------------------ E: 青葉町, 基本方針N chapters, labels with colons, 現状値 / 目標値

const E_TRUTH: &[Row<'_>] = &[
    (
        "1-1-1",
        "基本方針1 (1) ①",
        "町有地の売却と貸付けによる自主財源の確保",
        Some("総務課"),
        &[],
    ),
    (
        "1-1-2",
        "基本方針1 (1) ②",
        "使用料の適正化",
        Some("生涯学習課"),
        &["総務課", "建設課"],
    ),
    (
        "2-1-1",
        "基本方針2 (1) ①",
        "書かない窓口の導入",
        Some("町民課"),
        &["情報推進室"],
    ),
];

#[test]
fn e_town_named_chapters() {
    let p = parsed("e_town_named_chapters.txt");
    common::assert_meta(
        &p,
        Layout::ImplementationPlanSheets,
        Some("青葉町"),
        Some("第5次 青葉町行政改革実施計画"),
        Some((2019, 2023)),
    );
    check_truth(&p, E_TRUTH);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    assert_eq!(
        ext(&p, "1-1-1").chapter.as_ref().map(|c| c.title.as_str()),
        Some("持続可能な行財政運営")
    );
    // 現状値 / 目標値 beside 目標の状態.
    assert_eq!(ext(&p, "1-1-1").current_value.as_deref(), Some("12か所"));
    assert_eq!(ext(&p, "1-1-1").target_value.as_deref(), Some("3か所"));
    assert_eq!(ext(&p, "2-1-1").current_value.as_deref(), Some("0手続"));
    assert_eq!(ext(&p, "2-1-1").target_value.as_deref(), Some("20手続"));
    // A header cell `平成31年度<br>(令和元年度)` is one year; no 年度 label on that header.
    for id in ["1-1-1", "1-1-2", "2-1-1"] {
        assert_eq!(
            years(&p, id),
            vec![Some(2019), Some(2020), Some(2021), Some(2022), Some(2023)],
            "{id}"
        );
    }
    assert_eq!(
        phases(&p, "1-1-1"),
        vec![Some(S), Some(I), Some(I), Some(I), Some(A)]
    );
    assert_eq!(
        values(&p, "1-1-1"),
        s(&["12か所", "10か所", "7か所", "5か所", "3か所"])
    );
    assert!(ext(&p, "1-1-2").goal_merged);
    assert_eq!(
        goals(&p, "1-1-2"),
        vec![Some("改定案の作成".to_string()); 5]
    );
    assert_eq!(
        phases(&p, "2-1-1"),
        vec![None, None, Some(S), Some(N), Some(I)]
    );
    assert_eq!(
        goals(&p, "2-1-1"),
        s(&["", "", "システムの選定", "導入", "対象手続の拡大"])
    );
    assert_eq!(values(&p, "2-1-1"), s(&["", "", "", "10手続", "20手続"]));
}

#[test]
fn department_of_a_bu_and_its_ka() {
    let src = "1 行政運営\n(1) 事務\n① 事務の見直し\n\
        所管部\t総務部\t所管課\t総務課\t関係課\t全課\n\
        現状と課題\t多い。\n取組内容\t減らす。\n目標の状態\t減った。\n\
        ② 窓口\n担当部課\t市民部 市民課\t関係課\t\n\
        現状と課題\t多い。\n取組内容\t減らす。\n目標の状態\t減った。\n";
    let p = parse_text(src);
    assert_eq!(
        item(&p, "1-1-1").department.as_deref(),
        Some("総務部総務課")
    );
    assert_eq!(ext(&p, "1-1-1").related_departments, vec!["全課"]);
    assert_eq!(
        item(&p, "1-1-2").department.as_deref(),
        Some("市民部市民課")
    );
    assert!(ext(&p, "1-1-2").related_departments.is_empty());
    assert!(p.unparsed.is_empty());
    // Without a 年次計画 the sheet says so.
    assert_eq!(codes(&p, "plan.missing"), vec![Some(3), Some(8)]);
}

#[test]
fn a_sheet_printed_as_html_tables() {
    let src = "1 行政運営\n(1) 事務\n① 事務の見直し\n\
        <table border=\"1\"><tr><td>担当課</td><td>総務課</td><td>関係課</td><td>全課</td></tr>\
        <tr><td>現状と課題</td><td colspan=\"3\"><p>・事務が多い。</p><p>・紙が多い。</p></td></tr>\
        <tr><td>取組内容</td><td colspan=\"3\">減らす。</td></tr>\
        <tr><td>目標の状態</td><td>減っている。</td><td>現状の数値</td><td>10件</td></tr>\
        <tr><td></td><td></td><td>目標の数値</td><td>5件</td></tr></table>\n\
        <table border=\"1\"><tr><td>年次計画</td><td>年度</td><td>平成30年度</td><td>令和元年度</td><td>令和2年度</td></tr>\
        <tr><td></td><td>進捗状況</td><td>検討</td><td>実施</td><td>実施</td></tr>\
        <tr><td></td><td>年度目標</td><td colspan=\"3\">事務の削減</td></tr>\
        <tr><td></td><td>数値</td><td>10件</td><td>8件</td><td>5件</td></tr></table>\n";
    let p = parse_text(src);
    assert!(p.unparsed.is_empty());
    let x = ext(&p, "1-1-1");
    assert_eq!(x.issues.as_deref(), Some("事務が多い。\n紙が多い。"));
    assert_eq!(x.current_value.as_deref(), Some("10件"));
    assert_eq!(x.target_value.as_deref(), Some("5件"));
    assert_eq!(years(&p, "1-1-1"), vec![Some(2018), Some(2019), Some(2020)]);
    assert_eq!(phases(&p, "1-1-1"), vec![Some(S), Some(I), Some(I)]);
    assert!(x.goal_merged);
    assert_eq!(values(&p, "1-1-1"), s(&["10件", "8件", "5件"]));
}

#[test]
fn contents_with_dot_leaders() {
    let src = "目次\n1 行政運営\t\t\n(1) 事務\t……\t1\n① 事務の見直し\t……………\t1\n② 窓口\t……\t2\n\n\
        1 行政運営\n(1) 事務\n① 事務の見直し\n担当課\t総務課\t関係課\t全課\n\
        現状と課題\t多い。\n取組内容\t減らす。\n目標の状態\t減った。\t現状の数値\t1件\n\
        年次計画\t年度\tR1\tR2\n年度目標\t減らす\n";
    let p = parse_text(src);
    assert_eq!(p.layout, Layout::ImplementationPlanSheets);
    assert_eq!(p.items.len(), 1);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    assert_eq!(codes(&p, "toc.item-without-sheet"), vec![Some(5)]);
    assert_eq!(years(&p, "1-1-1"), vec![Some(2019), Some(2020)]);
}

#[test]
fn plan_row_wrapped_onto_a_second_line() {
    let src = "1 行政運営\n(1) 事務\n① 事務の見直し\n担当課\t総務課\t関係課\t全課\n\
        現状と課題\t多い。\n取組内容\t減らす。\n目標の状態\t減った。\n\
        年次計画\t年度\t令和2年度\t令和3年度\t令和4年度\n進捗状況\t実施\t実施\t実施\n\
        年度目標\t事務の洗い出し\t見直し方針\t見直しの\n\t\tの策定\t実施\n数値\t10件\t8件\t5件\n";
    let p = parse_text(src);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
    assert_eq!(
        goals(&p, "1-1-1"),
        s(&["事務の洗い出し", "見直し方針の策定", "見直しの実施"])
    );
    assert_eq!(values(&p, "1-1-1"), s(&["10件", "8件", "5件"]));
}

#[test]
fn department_wrapped_in_its_cell() {
    let src = "1 行政運営\n(1) 事務\n① 事務の見直し\n\
        担当課\t<p>健康福祉部</p><p>こども家庭センター</p>\t関係課\t<p>総務課</p><p>財政課</p>\n\
        現状と課題\t多い。\n取組内容\t減らす。\n目標の状態\t減った。\n";
    let p = parse_text(src);
    assert_eq!(
        item(&p, "1-1-1").department.as_deref(),
        Some("健康福祉部こども家庭センター")
    );
    assert_eq!(
        ext(&p, "1-1-1").related_departments,
        vec!["総務課", "財政課"]
    );
}

#[test]
fn preface_headings_are_no_table_of_contents() {
    let src = "第2次 北川町行政改革実施計画\n\n1 計画の趣旨\n本計画は、行政改革大綱に基づき取組を定めるものです。\n\
        (1) 計画の位置づけ\n大綱の実施計画です。\n\n\
        1 行政運営\n(1) 事務\n① 事務の見直し\n担当課\t総務課\t関係課\t全課\n\
        現状と課題\t多い。\n取組内容\t減らす。\n目標の状態\t減った。\n年次計画\t年度\tR1\tR2\n年度目標\t減らす\n";
    let p = parse_text(src);
    assert_eq!(
        p.meta.title.as_deref(),
        Some("第2次 北川町行政改革実施計画")
    );
    assert_eq!(p.items.len(), 1);
    // The preface's section is not reported as a section without items.
    assert!(codes(&p, "section.no-items").is_empty());
    // Its sentences have no field.
    let lines: Vec<u32> = p.unparsed.iter().map(|u| u.line).collect();
    assert_eq!(lines, vec![4, 6]);
}
