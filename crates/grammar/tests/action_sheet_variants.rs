//! Plans of the action-plan-sheets shape from other (made-up) towns, written by hand in
//! `scripts/action_sheet_variants.py` (fixtures/variants/action-plan-sheets/). The truth
//! tables below were written from the variant texts, not from program output.

use keikaku_grammar::layout::action_sheet::{ItemExt, Num};
use keikaku_grammar::{Layout, Parsed};

mod common;
use common::{item, sheet_ext as ext};

fn load(name: &str) -> Parsed {
    common::fixture(&format!("variants/action-plan-sheets/{name}")).1
}

/// id, title, department, 基本方針 number, 重点項目 (number, name), 推進項目, 分類, 取組期間.
type Row<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<u32>,
    (Option<u32>, &'a str),
    &'a str,
    Option<&'a str>,
    Option<(i32, i32)>,
);

fn check_rows(p: &Parsed, rows: &[Row<'_>]) {
    let ids: Vec<&str> = p.items.iter().filter_map(|i| i.id.as_deref()).collect();
    let want: Vec<&str> = rows.iter().map(|r| r.0).collect();
    assert_eq!(ids, want);
    for &(id, title, dept, basic, (focus_no, focus), promotion, category, term) in rows {
        let it = item(p, id);
        let x = ext(it);
        assert_eq!(it.title.as_deref(), Some(title), "No.{id} title");
        assert_eq!(it.department.as_deref(), dept, "No.{id} department");
        assert_eq!(
            x.basic_policy.as_ref().and_then(|b| b.number),
            basic,
            "No.{id} 基本方針"
        );
        let f = x.focus_area.as_ref();
        assert_eq!(
            f.and_then(|f| f.number),
            focus_no,
            "No.{id} 重点項目 number"
        );
        assert_eq!(
            f.and_then(|f| f.name.as_deref()),
            Some(focus),
            "No.{id} 重点項目"
        );
        assert_eq!(
            x.promotion_item.as_deref(),
            Some(promotion),
            "No.{id} 推進項目"
        );
        assert_eq!(x.category.as_deref(), category, "No.{id} 分類");
        assert_eq!(x.term.map(|t| (t.from, t.to)), term, "No.{id} 取組期間");
    }
}

/// (year, text, value, unit, qualifier) of each target.
type T<'a> = (
    Option<i32>,
    Option<&'a str>,
    Option<Num>,
    Option<&'a str>,
    Option<&'a str>,
);

fn targets<'a>(x: &'a ItemExt, k: usize) -> Vec<T<'a>> {
    x.indicators[k]
        .targets
        .iter()
        .map(|t| {
            (
                t.year,
                t.text.as_deref(),
                t.value,
                t.unit.as_deref(),
                t.qualifier.as_deref(),
            )
        })
        .collect()
}

fn names(x: &ItemExt) -> Vec<Option<&str>> {
    x.indicators.iter().map(|i| i.name.as_deref()).collect()
}

fn codes(p: &Parsed) -> Vec<(&str, Option<u32>)> {
    p.diagnostics
        .iter()
        .filter(|d| d.code.contains('.') && !d.code.starts_with("decode."))
        .map(|d| (d.code.as_str(), d.line))
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

const R4_8: Option<(i32, i32)> = Some((2022, 2026));

#[test]
fn a_town_with_crlf_and_other_departments() {
    let p = load("a_town_crlf.txt");
    common::assert_meta(
        &p,
        Layout::ActionPlanSheets,
        Some("さくら台町"),
        Some("第2次さくら台町行財政改革アクションプラン"),
        R4_8,
    );
    #[rustfmt::skip]
    let rows: &[Row<'_>] = &[
        ("1", "自治会活動支援事業", Some("住民協働室"), Some(1), (Some(1), "協働の推進"), "地域活動の支援", Some("重点事業"), R4_8),
        ("2", "町民ボランティアの育成", Some("社会福祉協議会連携室"), Some(1), (Some(1), "協働の推進"), "地域活動の支援", None, R4_8),
        ("3", "町公式アプリによる情報発信", Some("総務部企画課"), Some(1), (Some(2), "情報発信の充実"), "広報の充実", None, Some((2022, 2024))),
        ("4", "町税等の口座振替の推進", Some("税務課"), Some(2), (Some(1), "歳入の確保"), "収納対策", Some("主要事業"), R4_8),
        ("5", "上下水道料金の見直し", Some("上下水道事務所"), Some(2), (Some(1), "歳入の確保"), "受益者負担の適正化", None, R4_8),
        ("6", "健康診査の受診率向上", Some("保健センター"), Some(2), (Some(2), "歳出の削減"), "事業の見直し", None, R4_8),
    ];
    check_rows(&p, rows);
    // Only No.1 prints its number; the others are numbered from the 一覧.
    assert_eq!(item(&p, "1").raw_id.as_deref(), Some("No. 1"));
    assert_eq!(item(&p, "2").raw_id.as_deref(), Some("2"));
    let one = ext(item(&p, "1"));
    assert_eq!(
        one.plan_policy.as_ref().and_then(|h| h.name.as_deref()),
        Some("『みんなでつくる住みよいまち』")
    );
    assert_eq!(
        one.measures.as_deref(),
        Some(
            &strings(&[
                "自治会運営費の補助",
                "自治会加入促進チラシの配布",
                "自治会長研修会の開催"
            ])[..]
        )
    );
    // `補助制度の見直し ⇥ 新制度による補助 ⇥ →`: R4, then R5 to the end.
    let spans: Vec<(Option<i32>, Option<i32>, bool)> = one
        .annual_plan_rows
        .iter()
        .map(|r| (r.from, r.to, r.continued))
        .collect();
    assert_eq!(
        spans,
        [
            (Some(2022), Some(2022), false),
            (Some(2023), Some(2026), true)
        ]
    );
    assert_eq!(names(one), [Some("自治会加入率")]);
    assert_eq!(
        targets(one, 0)[4],
        (Some(2026), Some("76%"), Some(Num::Int(76)), Some("%"), None)
    );
    assert_eq!(
        one.results.as_deref(),
        Some("自治会長研修会を2回開催した。")
    );
    assert_eq!(
        one.evaluation.as_deref(),
        Some("加入率は横ばいであり、チラシの配布方法を見直す。")
    );
    // No.2 prints the 主担当課 label without a name: the 一覧's department, no invention.
    let two = ext(item(&p, "2"));
    assert_eq!(two.departments, ["社会福祉協議会連携室"]);
    assert_eq!(
        (two.results.as_deref(), two.evaluation.as_deref()),
        (None, None)
    );
    // No.3 runs three years; its first target is a dash; a page number sits before it.
    let three = ext(item(&p, "3"));
    assert_eq!(
        targets(three, 0),
        [
            (Some(2022), None, None, None, None),
            (
                Some(2023),
                Some("1,000人"),
                Some(Num::Int(1000)),
                Some("人"),
                None
            ),
            (
                Some(2024),
                Some("2,500人"),
                Some(Num::Int(2500)),
                Some("人"),
                None
            ),
        ]
    );
    assert_eq!(three.annual_plan.len(), 3);
    // No.4: a sentence in a target cell stays text.
    let four = ext(item(&p, "4"));
    assert_eq!(
        targets(four, 0)[0],
        (Some(2022), Some("月1回の周知"), None, None, None)
    );
    assert_eq!(targets(four, 0)[1].2, Some(Num::Int(45)));
    let plans: Vec<(&str, Option<i32>, Option<i32>)> = four
        .annual_plan_rows
        .iter()
        .map(|r| (r.text.as_str(), r.from, r.to))
        .collect();
    assert_eq!(
        plans,
        [
            ("申込書の同封", Some(2022), Some(2026)),
            ("スマートフォン決済の検討", Some(2022), Some(2023)),
            ("導入", Some(2024), Some(2026)),
        ]
    );
    // No.5: a note instead of an indicator.
    let five = ext(item(&p, "5"));
    assert!(five.indicators.is_empty());
    assert_eq!(
        five.indicator_note.as_deref(),
        Some("※検討事業のため指標は設定しない")
    );
    // No.6: two indicators, decimals and ▲ as minus.
    let six = ext(item(&p, "6"));
    assert_eq!(
        names(six),
        [Some("特定健康診査受診率"), Some("医療費の伸び率")]
    );
    assert_eq!(targets(six, 0)[0].2, Some(Num::Dec(40.5)));
    assert_eq!(
        targets(six, 1)[4],
        (Some(2026), Some("▲3%"), Some(Num::Int(-3)), Some("%"), None)
    );
    assert_eq!(
        codes(&p),
        [("item.department-from-overview", Some(55))],
        "{:?}",
        p.diagnostics
    );
    // Only the prose sentence and the contact footer are left over.
    let left: Vec<&str> = p.unparsed.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left[0].starts_with("本町の行財政改革大綱"));
    assert!(left[1].starts_with("お問い合わせ"));
}

const R5_9: Option<(i32, i32)> = Some((2023, 2027));

#[test]
fn a_city_in_shift_jis_without_a_break_after_the_overview() {
    let p = load("b_city_sjis.txt");
    common::assert_meta(
        &p,
        Layout::ActionPlanSheets,
        Some("東浜市"),
        Some("東浜市行政改革推進計画 アクションプラン"),
        R5_9,
    );
    #[rustfmt::skip]
    let rows: &[Row<'_>] = &[
        ("1", "電子申請対象手続の拡大", Some("市民部デジタル推進課"), Some(1), (Some(1), "行政手続のオンライン化"), "電子申請の拡大", Some("重点事業"), R5_9),
        ("2", "キャッシュレス決済の導入", Some("会計課"), Some(1), (Some(1), "行政手続のオンライン化"), "電子申請の拡大", None, R5_9),
        ("3", "書かない窓口の導入", Some("市民部市民課"), Some(1), (Some(2), "窓口の改善"), "書かない窓口", Some("主要事業"), Some((2023, 2025))),
        ("4", "職員提案制度の活性化", Some("行政改革推進室"), Some(2), (Some(1), "人材の育成"), "職員の能力向上", None, R5_9),
        ("5", "公共施設の統廃合", Some("財務部資産経営課"), Some(2), (Some(2), "公共施設の最適化"), "施設の再編", None, R5_9),
    ];
    check_rows(&p, rows);
    let one = ext(item(&p, "1"));
    assert_eq!(item(&p, "1").raw_id.as_deref(), Some("No. 1"));
    assert_eq!(one.plan_policy, None);
    assert_eq!(one.departments, ["市民部デジタル推進課"]);
    assert_eq!(one.related_departments, ["全庁"]);
    assert_eq!(
        one.measures.as_deref(),
        Some(&strings(&["対象手続の洗い出し", "電子申請システムの改修"])[..])
    );
    // `R5 … R9` header; 拡大 continued by an arrow to the end.
    let spans: Vec<(&str, Option<i32>, Option<i32>)> = one
        .annual_plan_rows
        .iter()
        .map(|r| (r.text.as_str(), r.from, r.to))
        .collect();
    assert_eq!(
        spans,
        [
            ("洗い出し", Some(2023), Some(2023)),
            ("改修", Some(2024), Some(2024)),
            ("拡大", Some(2025), Some(2027)),
        ]
    );
    assert_eq!(
        names(one),
        [Some("オンライン化した手続数"), Some("電子申請の利用件数")]
    );
    assert_eq!(
        targets(one, 1)[0],
        (
            Some(2023),
            Some("3,000件"),
            Some(Num::Int(3000)),
            Some("件"),
            None
        )
    );
    // Western year headers (`2023年度`).
    let two = ext(item(&p, "2"));
    assert_eq!(two.annual_plan_rows[2].text, "運用");
    assert_eq!(
        (two.annual_plan_rows[2].from, two.annual_plan_rows[2].to),
        (Some(2025), Some(2027))
    );
    assert_eq!(targets(two, 0)[4].0, Some(2027));
    // No.3: an empty 概要 (reported), three years, qualified targets.
    let three = ext(item(&p, "3"));
    assert_eq!(three.overview, None);
    assert_eq!(
        targets(three, 0)[2],
        (
            Some(2025),
            Some("平均10分"),
            Some(Num::Int(10)),
            Some("分"),
            Some("平均")
        )
    );
    // No.5: the 指標 row is the header (現状値 and years); the name is on the value row.
    let five = ext(item(&p, "5"));
    assert_eq!(names(five), [Some("延床面積の削減量")]);
    let base = five.indicators[0].baseline.as_ref().expect("baseline");
    assert_eq!((base.year, base.value), (Some(2022), Some(Num::Int(0))));
    assert_eq!(
        targets(five, 0)[1],
        (
            Some(2024),
            Some("1,000m2"),
            Some(Num::Int(1000)),
            Some("m2"),
            None
        )
    );
    assert_eq!(targets(five, 0).len(), 5);
    for it in &p.items {
        let x = ext(it);
        assert_eq!(
            (x.results.as_deref(), x.evaluation.as_deref()),
            (None, None)
        );
    }
    assert_eq!(
        codes(&p),
        [("sheet.no-overview", Some(51))],
        "{:?}",
        p.diagnostics
    );
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn a_town_with_ocr_damage_and_missing_fields() {
    let p = load("c_town_ocr.txt");
    assert_eq!(p.layout, Layout::ActionPlanSheets);
    assert_eq!(p.meta.municipality.as_deref(), Some("北川町"));
    assert_eq!(
        p.meta.title.as_deref(),
        Some("北川町行政改革アクションプラン")
    );
    // 平成31年度 is 2019 (令和元年度).
    let h31_r5 = Some((2019, 2023));
    assert_eq!(p.meta.period.map(|t| (t.from, t.to)), h31_r5);
    #[rustfmt::skip]
    let rows: &[Row<'_>] = &[
        ("1", "RPAの導入", Some("総務課情報係"), Some(1), (Some(1), "事務事業の見直し"), "業務の効率化", None, h31_r5),
        ("2", "会議録作成の自動化", Some("議会事務局"), Some(1), (Some(1), "事務事業の見直し"), "業務の効率化", None, None),
        ("3", "出張所の在り方の検討", None, Some(1), (Some(2), "組織の見直し"), "組織の再編", None, Some((2019, 2020))),
        ("4", "ふるさと納税の推進", Some("産業振興課"), Some(2), (Some(1), "財源の確保"), "新たな財源", None, h31_r5),
    ];
    check_rows(&p, rows);
    // Full-width numbers in the 一覧 are kept as printed in raw_id.
    assert_eq!(item(&p, "1").raw_id.as_deref(), Some("１"));
    // `総合計画体糸` and `取組期問` are read as their labels.
    let one = ext(item(&p, "1"));
    assert_eq!(
        one.plan_policy
            .as_ref()
            .map(|h| (h.number, h.name.as_deref())),
        Some((Some(4), Some("『効率的な行政運営』")))
    );
    // `〃` continues 本格導入 to the year before the next filled cell (none: the end).
    let spans: Vec<(&str, Option<i32>, Option<i32>, bool)> = one
        .annual_plan_rows
        .iter()
        .map(|r| (r.text.as_str(), r.from, r.to, r.continued))
        .collect();
    assert_eq!(
        spans,
        [
            ("対象業務の選定", Some(2019), Some(2019), false),
            ("試行導入", Some(2020), Some(2020), false),
            ("本格導入", Some(2021), Some(2023), true),
        ]
    );
    let t = targets(one, 0);
    assert_eq!(t[0], (Some(2019), None, None, None, None));
    assert_eq!(
        t[3],
        (
            Some(2022),
            Some("500時間"),
            Some(Num::Int(500)),
            Some("時間"),
            None
        )
    );
    // The 取組実績 row comes after a page break inside the sheet.
    assert_eq!(
        one.results.as_deref(),
        Some("試行導入で年間80時間を削減した。")
    );
    assert_eq!(one.evaluation, None);
    // No.3: no department on the sheet nor in the 一覧; an empty 指標 row.
    let three = ext(item(&p, "3"));
    assert!(three.departments.is_empty());
    assert!(three.indicators.is_empty() && three.indicator_note.is_none());
    // Its term ends in 令和2年度: 検討 runs no further, though the form prints five years.
    let spans: Vec<(&str, Option<i32>, Option<i32>)> = three
        .annual_plan_rows
        .iter()
        .map(|r| (r.text.as_str(), r.from, r.to))
        .collect();
    assert_eq!(
        spans,
        [
            ("利用状況の調査", Some(2019), Some(2019)),
            ("検討", Some(2020), Some(2020)),
        ]
    );
    let four = ext(item(&p, "4"));
    assert_eq!(
        four.measures.as_deref(),
        Some(&strings(&["返礼品の開拓", "ポータルサイトの追加"])[..])
    );
    assert_eq!(
        targets(four, 0)[4],
        (
            Some(2023),
            Some("50,000千円"),
            Some(Num::Int(50000)),
            Some("千円"),
            None
        )
    );
    assert_eq!(
        (four.annual_plan_rows[0].from, four.annual_plan_rows[0].to),
        (Some(2019), Some(2023))
    );
    assert_eq!(
        codes(&p),
        [
            ("sheet.no-term", Some(37)),
            ("item.no-department", Some(53))
        ],
        "{:?}",
        p.diagnostics
    );
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

#[test]
fn a_city_without_overview_and_with_other_labels() {
    let p = load("d_city_no_overview.txt");
    assert_eq!(p.layout, Layout::ActionPlanSheets);
    assert_eq!(p.meta.municipality.as_deref(), Some("みなと市"));
    assert_eq!(p.meta.title.as_deref(), Some("みなと市行政改革実行計画"));
    assert_eq!(p.meta.period.map(|t| (t.from, t.to)), Some((2024, 2028)));
    let r6_10 = Some((2024, 2028));
    #[rustfmt::skip]
    let rows: &[Row<'_>] = &[
        ("1", "こども家庭センターの設置", Some("こども家庭センター"), Some(1), (Some(1), "相談体制の充実"), "妊娠期からの切れ目ない支援", Some("重点事業"), Some((2024, 2026))),
        ("2", "消防団員の確保", Some("消防本部警防課"), Some(2), (Some(2), "地域防災力の強化"), "消防団の充実", None, r6_10),
        ("3", "支所窓口の見直し", Some("西部支所"), Some(3), (Some(1), "組織の最適化"), "窓口の集約", None, r6_10),
    ];
    check_rows(&p, rows);
    assert_eq!(item(&p, "2").raw_id.as_deref(), Some("No.2"));
    // 担当課 and 関係課 stacked in one column.
    let one = ext(item(&p, "1"));
    assert_eq!(one.departments, ["こども家庭センター"]);
    assert_eq!(
        one.related_departments,
        ["健康推進課", "教育委員会学校教育課"]
    );
    assert_eq!(ext(item(&p, "3")).related_departments, ["市民課"]);
    assert!(ext(item(&p, "2")).related_departments.is_empty());
    // `2024年度(R6)` headers, three years; 運営 continued by `→`.
    let spans: Vec<(&str, Option<i32>, Option<i32>, bool)> = one
        .annual_plan_rows
        .iter()
        .map(|r| (r.text.as_str(), r.from, r.to, r.continued))
        .collect();
    assert_eq!(
        spans,
        [
            ("設置", Some(2024), Some(2024), false),
            ("運営", Some(2025), Some(2026), true),
        ]
    );
    assert_eq!(
        one.annual_plan_notes,
        ["※令和7年度以降は運営状況を見て体制を見直す。"]
    );
    // 目標値 / 実績値 rows labelled in column 0.
    assert_eq!(names(one), [Some("相談件数")]);
    assert_eq!(
        targets(one, 0),
        [
            (
                Some(2024),
                Some("500件"),
                Some(Num::Int(500)),
                Some("件"),
                None
            ),
            (
                Some(2025),
                Some("600件"),
                Some(Num::Int(600)),
                Some("件"),
                None
            ),
            (
                Some(2026),
                Some("700件"),
                Some(Num::Int(700)),
                Some("件"),
                None
            ),
        ]
    );
    let act = &one.indicators[0].actuals;
    assert_eq!(act.len(), 1);
    assert_eq!(
        (act[0].year, act[0].value),
        (Some(2024), Some(Num::Int(520)))
    );
    assert_eq!(
        one.results.as_deref(),
        Some("センターを開設し、相談員を4名配置した。")
    );
    assert_eq!(one.evaluation.as_deref(), Some("目標を上回った。"));
    let two = ext(item(&p, "2"));
    assert_eq!(
        targets(two, 0)[4],
        (
            Some(2028),
            Some("320人"),
            Some(Num::Int(320)),
            Some("人"),
            None
        )
    );
    assert_eq!(two.indicators[0].actuals[0].value, Some(Num::Int(298)));
    assert_eq!(two.evaluation, None);
    assert_eq!(
        ext(item(&p, "3")).indicator_note.as_deref(),
        Some("※見直しの検討段階のため指標は設定しない")
    );
    assert!(codes(&p).is_empty(), "{:?}", p.diagnostics);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

/// Seed 002 as another city: names, departments and years changed by
/// `scripts/action_sheet_variants.py`; the seed's hand-counted facts carry over.
#[test]
fn the_seed_form_from_another_city_with_other_departments() {
    let p = load("e_seed_other_city.txt");
    assert_eq!(p.layout, Layout::ActionPlanSheets);
    assert_eq!(p.meta.municipality.as_deref(), Some("青葉市"));
    assert_eq!(p.meta.period.map(|t| (t.from, t.to)), Some((2022, 2026)));
    let ids: Vec<String> = p.items.iter().filter_map(|i| i.id.clone()).collect();
    let want: Vec<String> = (1..=39).map(|n| n.to_string()).collect();
    assert_eq!(ids, want);
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
    let cat = |c: &str| {
        p.items
            .iter()
            .filter(|i| ext(i).category.as_deref() == Some(c))
            .count()
    };
    assert_eq!((cat("重点事業"), cat("主要事業")), (5, 2));
    assert!(p
        .items
        .iter()
        .all(|i| ext(i).term.map(|t| (t.from, t.to)) == Some((2022, 2026))));
    // Departments as renamed: 部+課, 室, センター; two on No.15 and No.27.
    for (id, depts) in [
        ("1", &["市民協働推進室"][..]),
        ("6", &["広報広聴課"]),
        ("13", &["財務部管財課"]),
        ("15", &["総務部人事課", "財務部管財課"]),
        ("18", &["課税課"]),
        ("19", &["納税推進センター"]),
        ("20", &["財務部財政課"]),
        ("27", &["政策企画部企画課", "総務部人事課"]),
        ("30", &["市民窓口課"]),
        ("39", &["総務部人事課"]),
    ] {
        assert_eq!(ext(item(&p, id)).departments, depts, "No.{id}");
        assert_eq!(item(&p, id).department.as_deref(), depts.first().copied());
    }
    assert_eq!(
        item(&p, "16").title.as_deref(),
        Some("ふるさと青葉応援寄附金推進事業")
    );
    // Targets sit under the shifted year header: No.1 40回 in 令和4年度.
    let one = ext(item(&p, "1"));
    assert_eq!(
        targets(one, 0)[0],
        (
            Some(2022),
            Some("40回"),
            Some(Num::Int(40)),
            Some("回"),
            None
        )
    );
    assert_eq!(targets(one, 0)[4].0, Some(2026));
    // The 一覧's disagreements are found on the same rows as in the seed.
    let lines = |code: &str| -> Vec<u32> {
        p.diagnostics
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| d.line)
            .collect()
    };
    assert_eq!(lines("overview.mismatch"), [96, 97, 98, 101, 104]);
    assert_eq!(lines("overview.misaligned"), [99, 102]);
    assert_eq!(lines("sheet.misplaced-row"), [454]);
    // Only the prose: chapter 1 (8 lines), the legend's lead-in, the contact footer (6).
    assert_eq!(p.unparsed.len(), 15, "{:?}", p.unparsed);
}

#[test]
fn a_village_in_shift_jis_with_departments_on_rows_of_their_own() {
    let p = load("f_village_sjis_crlf.txt");
    common::assert_meta(
        &p,
        Layout::ActionPlanSheets,
        Some("山里村"),
        Some("山里村行政改革大綱推進計画"),
        R5_9,
    );
    #[rustfmt::skip]
    let rows: &[Row<'_>] = &[
        ("1", "窓口業務の見直し", Some("住民生活課"), Some(1), (Some(1), "事務の見直し"), "業務改善", None, R5_9),
        ("2", "公用車の削減", Some("総務企画課"), Some(1), (Some(1), "事務の見直し"), "業務改善", None, R5_9),
        ("3", "村営施設使用料の見直し", Some("産業建設課"), Some(2), (Some(1), "歳入確保"), "使用料の見直し", None, Some((2023, 2025))),
    ];
    check_rows(&p, rows);
    let raw: Vec<Option<&str>> = p.items.iter().map(|i| i.raw_id.as_deref()).collect();
    assert_eq!(raw, [Some("【No.1】"), Some("No. 2"), Some("【No.3】")]);
    // `所管部署⇥住民生活課⇥関係課⇥総務企画課、保健福祉課` on a row of its own.
    let one = ext(item(&p, "1"));
    assert_eq!(one.departments, ["住民生活課"]);
    assert_eq!(one.related_departments, ["総務企画課", "保健福祉課"]);
    assert_eq!(
        names(one),
        [Some("窓口での平均待ち時間"), Some("窓口の満足度")]
    );
    assert_eq!(
        targets(one, 1)[4],
        (Some(2027), Some("90%"), Some(Num::Int(90)), Some("%"), None)
    );
    // The department on the name's row; one target, for R9.
    let two = ext(item(&p, "2"));
    assert_eq!(two.departments, ["総務企画課"]);
    assert_eq!(names(two), [Some("公用車の台数")]);
    assert_eq!(
        targets(two, 0),
        [(
            Some(2027),
            Some("20台"),
            Some(Num::Int(20)),
            Some("台"),
            None
        )]
    );
    // 令和5~7年度 on a five-year form: 改定 runs in R7 only.
    let three = ext(item(&p, "3"));
    let last = three.annual_plan_rows.last().expect("plan rows");
    assert_eq!(
        (last.text.as_str(), last.from, last.to),
        ("改定", Some(2025), Some(2025))
    );
    assert!(three.indicator_note.is_some());
    assert!(codes(&p).is_empty(), "{:?}", p.diagnostics);
    assert!(p.unparsed.is_empty(), "{:?}", p.unparsed);
}

/// Every variant cut after each of its lines, and with each line dropped in turn: parsing
/// never panics and never finds more sheets than the whole document has.
#[test]
fn cut_and_damaged_variants_still_parse() {
    for name in [
        "a_town_crlf.txt",
        "b_city_sjis.txt",
        "c_town_ocr.txt",
        "d_city_no_overview.txt",
        "f_village_sjis_crlf.txt",
    ] {
        let path = format!(
            "{}/../../fixtures/variants/action-plan-sheets/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).expect("variant");
        let whole = load(name).items.len();
        let doc = keikaku_loader::load(&bytes).expect("loads");
        let lines: Vec<&str> = doc.text.split('\n').collect();
        for n in (1..lines.len()).step_by(3) {
            let cut = lines[..n].join("\n");
            if let Ok(d) = keikaku_loader::load(cut.as_bytes()) {
                assert!(
                    keikaku_grammar::parse(&d).items.len() <= whole,
                    "{name} cut at {n}"
                );
            }
            let dropped: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != n)
                .map(|(_, l)| *l)
                .collect();
            let text = dropped.join("\n");
            if let Ok(d) = keikaku_loader::load(text.as_bytes()) {
                let p = keikaku_grammar::parse(&d);
                assert!(p.items.len() <= whole + 1, "{name} without line {n}");
            }
        }
    }
}
