//! Integration tests: cli (filled in by the issue that owns it).
