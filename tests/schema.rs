//! Integration tests: schema (filled in by the issue that owns it).
