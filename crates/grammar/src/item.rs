//! What the grammars produce: items, activities and statuses, in the contract's shape.
//! Family-specific fields live in each layout module's `ItemExt` / `ActivityExt` and are
//! flattened into the item, so the JSON stays flat for users.

use keikaku_loader::BBox;
use schemars::JsonSchema;
use serde::Serialize;

use crate::layout::{action_sheet, impl_plan, plan_report, status_table};

/// Progress status codes, as the contract fixes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusCode {
    Achieved,
    OnTrack,
    Delayed,
    NotStarted,
    Discontinued,
    Unknown,
}

impl StatusCode {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusCode::Achieved => "achieved",
            StatusCode::OnTrack => "on_track",
            StatusCode::Delayed => "delayed",
            StatusCode::NotStarted => "not_started",
            StatusCode::Discontinued => "discontinued",
            StatusCode::Unknown => "unknown",
        }
    }
}

/// A progress status: the normalised code, and mark and label as printed (after noise
/// repair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Status {
    pub code: StatusCode,
    pub mark: Option<String>,
    pub label: Option<String>,
    /// The cell text as printed, where it differs from mark + label (OCR damage, garbage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

impl Status {
    pub fn unknown() -> Self {
        Status {
            code: StatusCode::Unknown,
            mark: None,
            label: None,
            raw: None,
        }
    }
}

/// Source lines a value came from (1-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LineRange {
    pub from: u32,
    pub to: u32,
}

impl LineRange {
    pub fn new(from: u32, to: u32) -> Self {
        LineRange {
            from: from.min(to),
            to: from.max(to),
        }
    }
    pub fn one(line: u32) -> Self {
        LineRange {
            from: line,
            to: line,
        }
    }
    /// The smallest range covering both.
    pub fn cover(self, other: LineRange) -> LineRange {
        LineRange {
            from: self.from.min(other.from),
            to: self.to.max(other.to),
        }
    }
}

/// Where one value was printed: its physical line, and for PDFs its page and the box of
/// its cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct FieldSource {
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

/// Field-level provenance of an item or activity; a field is absent when its value is
/// null or was not found verbatim in the source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct FieldSources {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_id: Option<FieldSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<FieldSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<FieldSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<FieldSource>,
}

impl FieldSources {
    pub fn is_empty(&self) -> bool {
        self == &FieldSources::default()
    }
}

/// One 実施項目 / 取組 / 取組項目 row.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Item {
    /// Canonical id: hierarchy numbers joined by `-`.
    pub id: Option<String>,
    /// The id as printed.
    pub raw_id: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    /// Only where the document gives one status per item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    pub activities: Vec<Activity>,
    /// Where the item was read: the source blocks that make it up.
    pub source: Vec<LineRange>,
    /// Where each common field was found, where it could be located.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldSources>,
    #[serde(flatten)]
    pub plan_report: Option<plan_report::ItemExt>,
    #[serde(flatten)]
    pub action_sheet: Option<action_sheet::ItemExt>,
    #[serde(flatten)]
    pub impl_plan: Option<impl_plan::ItemExt>,
    #[serde(flatten)]
    pub status_table: Option<status_table::ItemExt>,
}

impl Item {
    /// An item with only the common fields filled.
    pub fn new(id: Option<String>, raw_id: Option<String>, title: Option<String>) -> Self {
        Item {
            id,
            raw_id,
            title,
            department: None,
            status: None,
            activities: Vec::new(),
            source: Vec::new(),
            fields: None,
            plan_report: None,
            action_sheet: None,
            impl_plan: None,
            status_table: None,
        }
    }
}

/// A numbered sub-activity (取組項目N / 取組内容N).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Activity {
    pub n: u32,
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    pub source: Vec<LineRange>,
    /// Where each field was found, where it could be located.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldSources>,
    #[serde(flatten)]
    pub plan_report: Option<plan_report::ActivityExt>,
}

impl Activity {
    pub fn new(n: u32, title: Option<String>) -> Self {
        Activity {
            n,
            title,
            status: None,
            source: Vec::new(),
            fields: None,
            plan_report: None,
        }
    }
}
