//! keikaku-model: the output document — the contract's JSON shape — and its assembly from
//! the loader's and grammar's results.
//!
//! ```
//! let doc = keikaku_model::convert("plan.txt", "項目番号\t1-①\n主管課\t総務課".as_bytes()).unwrap();
//! assert_eq!(doc.schema_version, 1);
//! assert_eq!(doc.source.encoding.map(|e| e.name()), Some("UTF-8"));
//! ```

pub mod golden;
mod locate;

use keikaku_grammar::{Item, Layout, LineRange, Parsed, Period, Unparsed};
use keikaku_loader::{Diagnostic, Document as Loaded, Encoding, Format, LoadError};
use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use keikaku_grammar as grammar;
pub use keikaku_loader as loader;

/// The version of the output shape; bumped with any change to a contract field.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Source {
    /// As given on the command line (folders: the folder joined with the file's path in it).
    pub path: String,
    pub format: Format,
    /// `null` for PDF.
    pub encoding: Option<Encoding>,
    /// Hex SHA-256 of the input bytes.
    pub sha256: String,
    /// How the encoding was decided (BOM, valid UTF-8, or the scores of a guess).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_detected_by: Option<String>,
    /// Physical lines in the file (text input).
    pub lines: u32,
    /// Pages (PDF input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
}

/// The program that wrote a document: lets a batch skip inputs already converted by the
/// same version (`convert --skip-existing`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Generator {
    /// Always `keikaku`.
    pub name: String,
    /// The keikaku version, e.g. `0.1.0`.
    pub version: String,
}

impl Generator {
    /// This build.
    pub fn current() -> Generator {
        Generator {
            name: "keikaku".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// One converted document: the contract's top-level object.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "keikaku document")]
pub struct Document {
    pub schema_version: u32,
    pub generator: Generator,
    pub source: Source,
    /// The city, town or village the document belongs to.
    pub municipality: Option<String>,
    /// The plan's name as printed.
    pub title: Option<String>,
    /// The plan period in fiscal years.
    pub period: Option<Period>,
    /// The fiscal year a results report covers.
    pub report_year: Option<i32>,
    /// Which grammar read the document.
    pub layout: Layout,
    /// In document order, one per item id.
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every non-blank source line that no field took.
    pub unparsed: Vec<Unparsed>,
    /// Lines read into the metadata: the title's lines, a cover line that is only the
    /// municipality's name, the period's line. Values inferred from the whole document
    /// (a municipality named throughout, a report year from column headers) have none.
    pub meta_source: Vec<LineRange>,
    /// Lines recognised as structure that carry no value: repeated page headers, table
    /// headers, separators, legends.
    pub structure: Vec<LineRange>,
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Assemble the output document from a loaded and parsed input.
pub fn assemble(path: &str, bytes: &[u8], loaded: Loaded, parsed: Parsed) -> Document {
    let Parsed {
        layout,
        meta,
        mut items,
        diagnostics: grammar_diags,
        unparsed,
        structure,
    } = parsed;
    locate::locate(&loaded, &mut items);
    let meta_source = keikaku_grammar::layout::ranges(&meta.lines);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(grammar_diags);
    // Stable order for users and goldens: by line, then as produced.
    diagnostics.sort_by_key(|d| (d.page.unwrap_or(0), d.line.unwrap_or(0)));
    Document {
        schema_version: SCHEMA_VERSION,
        generator: Generator::current(),
        source: Source {
            path: path.to_string(),
            format: loaded.format,
            encoding: loaded.encoding,
            sha256: sha256_hex(bytes),
            encoding_detected_by: loaded.encoding_reason,
            lines: loaded.source_lines.len() as u32,
            pages: loaded.pages,
        },
        municipality: meta.municipality,
        title: meta.title,
        period: meta.period,
        report_year: meta.report_year,
        layout,
        items,
        diagnostics,
        unparsed,
        meta_source,
        structure,
    }
}

/// Load, parse and assemble one input.
pub fn convert(path: &str, bytes: &[u8]) -> Result<Document, LoadError> {
    let loaded = keikaku_loader::load(bytes)?;
    let parsed = keikaku_grammar::parse(&loaded);
    Ok(assemble(path, bytes, loaded, parsed))
}

/// Parse and assemble an input already loaded (a PDF extracted in a worker process).
pub fn convert_loaded(path: &str, bytes: &[u8], loaded: Loaded) -> Document {
    let parsed = keikaku_grammar::parse(&loaded);
    assemble(path, bytes, loaded, parsed)
}

/// The JSON Schema of [`Document`], derived from the types. It describes the output as
/// written (serialize contract): a key printed even when `null` is required, a key left
/// out when empty is optional.
pub fn schema() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Document>()
}
