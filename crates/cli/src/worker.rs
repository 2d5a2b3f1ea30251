//! PDF extraction in a worker process: the same binary run as `keikaku __pdf-worker`,
//! reading the PDF on stdin and writing the extraction as JSON on stdout.
//!
//! A PDF can crash its reader in ways no `catch_unwind` survives (stack overflow,
//! allocation failure, an endless content loop). The worker gets a wall-clock timeout, an
//! address-space limit and a CPU limit; whatever happens to it costs one file, and the
//! parent turns it into a one-line reason naming the page it was on.

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use keikaku_loader::pdf::{self, Extract, PdfError};

/// The hidden subcommand.
pub const SUBCOMMAND: &str = "__pdf-worker";
/// Progress lines on the worker's stderr: `page N`.
const PAGE_PREFIX: &str = "page ";
/// Default wall-clock limit per PDF, seconds (`KEIKAKU_PDF_TIMEOUT`).
const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Default address-space limit of the worker, MiB (`KEIKAKU_PDF_MEMORY_MB`).
const DEFAULT_MEMORY_MB: u64 = 2048;
/// The worker's stderr kept for diagnosis (its tail).
const STDERR_KEEP: usize = 16 * 1024;

/// The worker's side: stdin → extraction → stdout. Exit 0 whenever a JSON answer was
/// written (an unreadable PDF is an answer too).
pub fn worker_main() -> ExitCode {
    let mut bytes = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut bytes).is_err() {
        return ExitCode::from(3);
    }
    let mut err = std::io::stderr();
    let result: Result<Extract, PdfError> = pdf::extract(&bytes, &mut |n| {
        let _ = writeln!(err, "{PAGE_PREFIX}{n}");
    });
    drop(bytes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer(&mut out, &result).is_ok() && out.flush().is_ok();
    if written {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// Limits for one worker.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub memory_bytes: u64,
}

impl Limits {
    /// From `KEIKAKU_PDF_TIMEOUT` (seconds) and `KEIKAKU_PDF_MEMORY_MB`, else the defaults.
    pub fn from_env() -> Limits {
        let get = |k: &str, d: u64| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|&v| v > 0)
                .unwrap_or(d)
        };
        Limits {
            timeout: Duration::from_secs(get("KEIKAKU_PDF_TIMEOUT", DEFAULT_TIMEOUT_SECS)),
            memory_bytes: get("KEIKAKU_PDF_MEMORY_MB", DEFAULT_MEMORY_MB).saturating_mul(1 << 20),
        }
    }

    /// These limits with the command line's `--timeout SECS` and `--max-memory MB`, which
    /// win over the environment.
    pub fn with(self, timeout_secs: Option<u64>, memory_mb: Option<u64>) -> Limits {
        Limits {
            timeout: timeout_secs.map_or(self.timeout, Duration::from_secs),
            memory_bytes: memory_mb.map_or(self.memory_bytes, |m| m.saturating_mul(1 << 20)),
        }
    }
}

fn set_limit(resource: libc::__rlimit_resource_t, value: u64) -> std::io::Result<()> {
    let lim = libc::rlimit {
        rlim_cur: value as libc::rlim_t,
        rlim_max: value as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct we pass.
    if unsafe { libc::setrlimit(resource, &lim) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The last page the worker reported starting, from its stderr.
fn last_page(stderr: &str) -> Option<u32> {
    stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(PAGE_PREFIX)?.trim().parse().ok())
}

fn on_page(page: Option<u32>) -> String {
    page.map(|p| format!(" (page {p})")).unwrap_or_default()
}

/// Why a worker died, from its exit status and stderr.
fn death_reason(status: std::process::ExitStatus, stderr: &str, limits: &Limits) -> String {
    let page = on_page(last_page(stderr));
    if stderr.contains("memory allocation of") || stderr.contains("capacity overflow") {
        return format!(
            "PDF extraction exceeded the memory limit of {} MiB{page}",
            limits.memory_bytes >> 20
        );
    }
    if stderr.contains("overflowed its stack") {
        return format!("PDF extraction crashed: stack overflow{page}");
    }
    match status.signal() {
        Some(libc::SIGXCPU) => format!("PDF extraction exceeded its CPU time limit{page}"),
        Some(s) => format!("PDF extraction crashed (signal {s}){page}"),
        None => format!(
            "PDF extraction failed (worker exit status {}){page}",
            status.code().unwrap_or(-1)
        ),
    }
}

/// Run [`pdf::extract`] on `bytes` in a limited worker process.
pub fn extract_isolated(bytes: &[u8], limits: &Limits) -> Result<Extract, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot start PDF worker: {e}"))?;
    let mem = limits.memory_bytes;
    let cpu = limits.timeout.as_secs().saturating_add(5);
    let mut cmd = Command::new(exe);
    cmd.arg(SUBCOMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only async-signal-safe calls (setrlimit) run between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            set_limit(libc::RLIMIT_AS, mem)?;
            set_limit(libc::RLIMIT_CPU, cpu)?;
            // A crash must not leave a core file per hostile PDF.
            set_limit(libc::RLIMIT_CORE, 0)?;
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start PDF worker: {e}"))?;

    let input = bytes.to_vec();
    let mut stdin = child.stdin.take();
    let writer = thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            // A worker that dies early closes the pipe: not our error to report.
            let _ = s.write_all(&input);
        }
        drop(stdin);
    });
    let mut stdout = child.stdout.take();
    let reader = thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let mut stderr = child.stderr.take();
    let err_reader = thread::spawn(move || {
        let mut keep: Vec<u8> = Vec::new();
        let mut chunk = [0u8; 4096];
        if let Some(s) = stderr.as_mut() {
            while let Ok(n) = s.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                keep.extend_from_slice(&chunk[..n]);
                if keep.len() > 2 * STDERR_KEEP {
                    keep.drain(..keep.len() - STDERR_KEEP);
                }
            }
        }
        String::from_utf8_lossy(&keep).into_owned()
    });

    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) => {}
            Err(_) => break None,
        }
        if start.elapsed() >= limits.timeout {
            let _ = child.kill();
            timed_out = true;
            break child.wait().ok();
        }
        thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();

    if timed_out {
        return Err(format!(
            "PDF extraction timed out after {} s{}",
            limits.timeout.as_secs(),
            on_page(last_page(&err))
        ));
    }
    let Some(status) = status else {
        return Err("PDF worker could not be waited for".into());
    };
    if !status.success() {
        return Err(death_reason(status, &err, limits));
    }
    match serde_json::from_slice::<Result<Extract, PdfError>>(&out) {
        Ok(Ok(ex)) => Ok(ex),
        // Reasons are printed one per line: no line break may come through.
        Ok(Err(e)) => Err(e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")),
        Err(e) => Err(format!("PDF worker returned unreadable output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_environment_defaults() {
        let base = Limits {
            timeout: Duration::from_secs(30),
            memory_bytes: 2048 << 20,
        };
        let l = base.with(Some(5), Some(512));
        assert_eq!(l.timeout, Duration::from_secs(5));
        assert_eq!(l.memory_bytes, 512 << 20);
        let same = base.with(None, None);
        assert_eq!(same.timeout, base.timeout);
        assert_eq!(same.memory_bytes, base.memory_bytes);
    }

    #[test]
    fn last_page_is_read_from_progress_lines() {
        assert_eq!(
            last_page("page 1\npage 2\nthread 'main' has overflowed its stack\n"),
            Some(2)
        );
        assert_eq!(last_page("nothing"), None);
    }
}
