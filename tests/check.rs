//! Integration tests: check (filled in by the issue that owns it).
