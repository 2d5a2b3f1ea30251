//! Token parsers shared by every layout: item ids, fiscal years, status marks and labels,
//! and tolerant label matching.

pub mod id;
pub mod label;
pub mod status;
pub mod year;
