//! `keikaku check`: regression check against golden files.

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_paths: &[PathBuf], _bless: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("check is not implemented yet")
}
