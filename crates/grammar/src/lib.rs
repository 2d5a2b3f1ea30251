//! keikaku-grammar: lines of cells → items.
//!
//! [`token`] holds the small parsers every layout shares (ids, fiscal years, statuses,
//! tolerant labels); [`layout`] detects the family of a document and reads its items;
//! [`meta`] reads what the document says about itself.
//!
//! ```
//! let doc = keikaku_loader::load("項目番号\t1-①\n主管課\t総務課".as_bytes()).unwrap();
//! let parsed = keikaku_grammar::parse(&doc);
//! assert_eq!(keikaku_grammar::token::id::canonical("Ⅲ2(2) ③").as_deref(), Some("3-2-2-3"));
//! assert!(parsed.unparsed.len() <= 2);
//! ```

pub mod item;
pub mod layout;
pub mod meta;
pub mod token;

use keikaku_loader::{Diagnostic, Document};
use schemars::JsonSchema;
use serde::Serialize;

pub use item::{Activity, FieldSource, FieldSources, Item, LineRange, Status, StatusCode};
pub use layout::Layout;
pub use meta::{Meta, Period};

/// A source line no field took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Unparsed {
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub text: String,
}

/// The grammar's reading of a document.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub layout: Layout,
    pub meta: Meta,
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
    pub unparsed: Vec<Unparsed>,
    /// Lines recognised as structure (headers, separators, legends): claimed, but taken
    /// into no field.
    pub structure: Vec<LineRange>,
}

/// Read a loaded document. Never fails: what cannot be read becomes diagnostics and
/// `unparsed` lines.
pub fn parse(doc: &Document) -> Parsed {
    let meta = meta::read(doc);
    let layout = layout::detect(doc);
    let mut ctx = layout::Ctx::new(doc, &meta);
    for &l in &meta.lines {
        ctx.claim(l);
    }
    let items = layout::parse(layout, doc, &mut ctx);
    let unparsed = doc
        .source_lines
        .iter()
        .filter(|l| !l.blank && !ctx.is_claimed(l.no))
        .map(|l| Unparsed {
            line: l.no,
            page: l.page,
            text: doc.text[l.span.clone()].trim().to_string(),
        })
        .collect();
    let structure = ctx.structure();
    let diagnostics = ctx.diagnostics;
    let mut meta = meta;
    if meta.report_year.is_none() {
        // A table header broken over two lines (`2022年度` above `実施内容`) hides the
        // year from the metadata reader; the family that read the header knows it.
        meta.report_year = layout::status_table::report_year(&items);
    }
    Parsed {
        layout,
        meta,
        items,
        diagnostics,
        unparsed,
        structure,
    }
}
