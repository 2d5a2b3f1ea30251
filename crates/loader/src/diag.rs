//! Diagnostics shared by every stage: one shape, so the CLI can print and sort them alike.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How bad a diagnostic is. Ordered from worst to mildest.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A message about one place in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, machine-readable code (`decode.invalid-bytes`, `item.no-department`, ...).
    pub code: String,
    pub message: String,
    /// 1-based physical line of the source file.
    pub line: Option<u32>,
    /// 1-based page (PDF input only).
    pub page: Option<u32>,
    /// Byte offset in the input file, where it helps (decoding problems).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte: Option<u64>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            message: message.into(),
            line: None,
            page: None,
            byte: None,
        }
    }
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn info(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn at(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
    pub fn on_page(mut self, page: Option<u32>) -> Self {
        self.page = page;
        self
    }
    pub fn at_byte(mut self, byte: u64) -> Self {
        self.byte = Some(byte);
        self
    }
}
