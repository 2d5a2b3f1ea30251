//! 計画調書 + 実績報告 sheets: one sheet (block) per item and kind, started by a page
//! sub-header (`アクションプラン個別項目－計画調書` / `…－実績報告(2020年度報告)`) or an
//! `実施項目` row. Each row is cut into labelled segments ([`row`]); a small state
//! machine per block files the values; blocks of the same item id merge into one item.

mod block;
mod row;
mod value;

use keikaku_loader::{Diagnostic, Document};
use schemars::JsonSchema;
use serde::Serialize;

use super::Ctx;
use crate::item::{Activity, Item, LineRange, Status};
use crate::token::label;

/// 基本姿勢: the numbered policy pillar an item belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Stance {
    pub n: Option<u32>,
    pub text: Option<String>,
}

/// One printed 推進手段 mark, attributed to its column `(n)`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Means {
    pub n: u32,
    /// `◎` main means, `●` related means (`○` where printed).
    pub mark: String,
}

/// The goal (目標 / 目指す姿 / 目標達成度) with its 【indicator】 split off.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Goal {
    pub text: Option<String>,
    pub indicator: Option<String>,
}

/// An indicator quoted in the 総括評価: `【name】 value`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Indicator {
    pub name: String,
    pub value: Option<String>,
}

/// 総括評価: the report's summary text and the indicator values it quotes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    pub text: Option<String>,
    pub indicators: Vec<Indicator>,
}

/// What the plan schedules for one fiscal year (`●`, `実施`, `検討`, `導入` …).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PlanYear {
    pub year: i32,
    pub value: String,
}

/// Fields of an item that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ItemExt {
    /// The kind of each sheet the item was read from, parallel to `source`:
    /// `plan` (計画調書), `report` (実績報告) or `sheet` (no sub-header).
    pub sheets: Vec<String>,
    /// The fiscal year the item's report sheet covers (`実績報告(2020年度報告)` → 2020).
    pub report_year: Option<i32>,
    pub basic_stance: Option<Stance>,
    /// 推進手段 marks by column; `null` when none could be placed (see `means_raw`).
    pub means: Option<Vec<Means>>,
    /// The 推進手段 marks as printed, in order, when their columns were lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub means_raw: Option<String>,
    /// 現状 (or the combined 現状と課題).
    pub current_state: Option<String>,
    /// 課題.
    pub issues: Option<String>,
    pub goal: Option<Goal>,
    /// 取組方針 (ゴールまでのアプローチ方針).
    pub approach: Option<String>,
    /// 総括評価 of the report.
    pub summary: Option<Summary>,
}

/// Fields of an activity that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ActivityExt {
    /// 取組内容 (plan).
    pub content: Option<String>,
    /// 取組目標 (plan).
    pub target: Option<String>,
    /// The plan per fiscal year; `null` when its cells could not be placed in years.
    pub plan: Option<Vec<PlanYear>>,
    /// 本年度の実施内容 / 20XX年度の実施内容 (report).
    pub done: Option<String>,
    /// 取組実績の評価 (report).
    pub evaluation: Option<String>,
    /// 次年度に向けた改善点 (report).
    pub improvement: Option<String>,
}

/// Read the items of a document of this family.
pub fn parse(doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    let blocks = block::read(doc, ctx);
    merge(blocks, ctx)
}

/// Merge the blocks of one item id (plan + report, repeated copies) in document order.
fn merge(blocks: Vec<block::Block>, ctx: &mut Ctx<'_>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut reported: Vec<bool> = Vec::new();
    for b in blocks {
        let at = match &b.id {
            Some(id) => items.iter().position(|it| it.id.as_deref() == Some(id)),
            // A sheet without a number continues the previous item of the same title.
            None => items.len().checked_sub(1).filter(|&k| {
                items
                    .get(k)
                    .is_some_and(|it| same_title(it.title.as_deref(), b.title.as_deref()))
            }),
        };
        if b.id.is_none() && at.is_none() {
            ctx.push(
                Diagnostic::warning("item.no-id", "a sheet prints no readable 項目番号").at(b.from),
            );
        }
        let k = match at {
            Some(k) => k,
            None => {
                let mut it = Item::new(b.id.clone(), b.raw_id.clone(), b.title.clone());
                it.plan_report = Some(ItemExt::default());
                items.push(it);
                reported.push(false);
                items.len() - 1
            }
        };
        let (Some(item), Some(rep)) = (items.get_mut(k), reported.get_mut(k)) else {
            continue;
        };
        *rep |= b.kind == block::Kind::Report || b.has_status;
        absorb(item, b);
    }
    for (item, rep) in items.iter_mut().zip(reported) {
        finish(item, rep, ctx);
    }
    items
}

/// Titles of one item printed twice, allowing for OCR damage.
fn same_title(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let (ka, kb) = (label::key(a), label::key(b));
    let tol = label::tolerance(ka.len().max(kb.len()));
    label::distance(&ka, &kb, tol) <= tol
}

fn fill<T>(slot: &mut Option<T>, v: Option<T>) {
    if slot.is_none() {
        *slot = v;
    }
}

fn absorb(item: &mut Item, b: block::Block) {
    fill(&mut item.raw_id, b.raw_id);
    fill(&mut item.title, b.title);
    fill(&mut item.department, b.dept);
    item.source.push(LineRange::new(b.from, b.to));
    let ext = item.plan_report.get_or_insert_with(ItemExt::default);
    ext.sheets.push(b.kind.as_str().to_string());
    let e = b.ext;
    fill(&mut ext.report_year, e.report_year);
    fill(&mut ext.basic_stance, e.basic_stance);
    fill(&mut ext.means, e.means);
    fill(&mut ext.means_raw, e.means_raw);
    fill(&mut ext.current_state, e.current_state);
    fill(&mut ext.issues, e.issues);
    fill(&mut ext.goal, e.goal);
    fill(&mut ext.approach, e.approach);
    fill(&mut ext.summary, e.summary);
    for (a, from_report) in b.acts {
        match item.activities.iter_mut().find(|x| x.n == a.n) {
            Some(x) => merge_activity(x, a, from_report),
            None => item.activities.push(a),
        }
    }
}

fn merge_activity(x: &mut Activity, a: Activity, from_report: bool) {
    if from_report && a.title.is_some() {
        x.title = a.title;
    } else {
        fill(&mut x.title, a.title);
    }
    fill(&mut x.status, a.status);
    for r in a.source {
        if !x.source.contains(&r) {
            x.source.push(r);
        }
    }
    let (Some(xe), Some(ae)) = (x.plan_report.as_mut(), a.plan_report) else {
        return;
    };
    fill(&mut xe.content, ae.content);
    fill(&mut xe.target, ae.target);
    fill(&mut xe.plan, ae.plan);
    fill(&mut xe.done, ae.done);
    fill(&mut xe.evaluation, ae.evaluation);
    fill(&mut xe.improvement, ae.improvement);
}

/// Checks once an item is complete: a missing department or status is reported, never
/// guessed.
fn finish(item: &mut Item, reported: bool, ctx: &mut Ctx<'_>) {
    let line = item.source.first().map_or(0, |r| r.from);
    let name = item.id.clone().unwrap_or_default();
    if item.department.is_none() {
        ctx.push(
            Diagnostic::warning(
                "item.no-department",
                format!("item {name}: no 主管課 is printed"),
            )
            .at(line),
        );
    }
    item.activities.sort_by_key(|a| a.n);
    if !reported {
        return;
    }
    for a in &mut item.activities {
        if a.status.is_none() {
            let at = a.source.first().map_or(line, |r| r.from);
            ctx.push(
                Diagnostic::warning(
                    "activity.no-status",
                    format!("item {name} activity {}: no 達成状況 is printed", a.n),
                )
                .at(at),
            );
            a.status = Some(Status::unknown());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_despite_ocr() {
        assert!(same_title(
            Some("人事評価制度の運用"),
            Some("人事評価制度の連用")
        ));
        assert!(!same_title(Some("人材の確保"), Some("人材の育成")));
        assert!(!same_title(None, Some("人材の育成")));
    }
}
