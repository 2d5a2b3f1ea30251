//! アクションプランシート + 取組一覧.

use keikaku_loader::Document;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Ctx, Layout};
use crate::item::Item;

/// Fields of an item that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ItemExt {}

/// Fields of an activity that only this family prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ActivityExt {}

/// Read the items of a document of this family.
pub fn parse(_doc: &Document, ctx: &mut Ctx<'_>) -> Vec<Item> {
    super::not_read_yet(ctx, Layout::ActionPlanSheets)
}
