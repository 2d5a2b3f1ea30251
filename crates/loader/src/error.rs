use thiserror::Error;

/// Why a file could not be read at all. Anything less severe is a [`crate::Diagnostic`].
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    #[error("empty file")]
    Empty,
    #[error("no text: the file holds only white space")]
    NoText,
    #[error("not a text document: {reason}")]
    Binary { reason: String },
    #[error("PDF input is not supported by this build yet")]
    PdfUnsupported,
    #[error("{0}")]
    Pdf(#[from] crate::pdf::PdfError),
}
