//! 計画調書 + 実績報告 sheets.

mod row;

use keikaku_loader::Document;
use schemars::JsonSchema;
use serde::Serialize;

use super::Ctx;
use crate::item::Item;

/// Fields of an item that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ItemExt {}

/// Fields of an activity that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ActivityExt {}

/// Read the items of a document of this family.
pub fn parse(_doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    super::not_read_yet(ctx, super::Layout::PlanReportSheets)
}
