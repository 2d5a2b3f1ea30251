//! Integration tests: goldens (filled in by the issue that owns it).
