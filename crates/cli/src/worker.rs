//! Documents converted in a worker process: the same binary run as `keikaku __worker`,
//! reading one document on stdin and writing its rendered output on stdout.
//!
//! A document can crash its reader in ways no `catch_unwind` survives (stack overflow,
//! allocation failure, an endless content loop). The worker gets a wall-clock timeout, an
//! address-space limit and a CPU limit; whatever happens to it costs one file, and the
//! parent turns it into a one-line reason (naming the page a PDF was on). Every PDF goes
//! through a worker; a text document does when it is larger than [`TEXT_INPROCESS_MAX`]
//! or when `--isolate` asks for it (see [`Isolation`]).

use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use keikaku_emit::{Rendered, Shape};
use keikaku_loader::pdf;

/// The hidden subcommand.
pub const SUBCOMMAND: &str = "__worker";
/// Progress lines on the worker's stderr: `page N`.
const PAGE_PREFIX: &str = "page ";
/// Default wall-clock limit per isolated document, seconds.
const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Default address-space limit of the worker, MiB.
const DEFAULT_MEMORY_MB: u64 = 2048;
/// The worker's stderr kept for diagnosis (its tail).
const STDERR_KEEP: usize = 16 * 1024;
/// Text documents up to this size are converted in-process. The text path is linear
/// (docs/robustness.md measures it on pathological inputs): 4 MiB costs at most a few
/// seconds and ~120 MB, far inside the default limits, so a worker would bound nothing;
/// real plans are under 1 MB.
pub const TEXT_INPROCESS_MAX: usize = 4 << 20;

/// First byte of the worker's answer: rendered output follows.
const ANSWER_OK: u8 = b'K';
/// First byte of the worker's answer: the one-line reason the document failed follows.
const ANSWER_ERR: u8 = b'E';

/// Convert one document in this process and render it; a panic becomes the reason. A
/// PDF's pages are reported to `progress` as they start.
pub fn convert_here(
    display: &str,
    bytes: &[u8],
    shape: Shape,
    progress: &mut dyn FnMut(u32),
) -> Result<Rendered, String> {
    let run = || -> Result<Rendered, String> {
        let doc = if keikaku_loader::is_pdf(bytes) {
            let ex = pdf::extract(bytes, progress).map_err(|e| one_line(&e.to_string()))?;
            keikaku_model::convert_loaded(display, bytes, pdf::document(ex))
        } else {
            keikaku_model::convert(display, bytes).map_err(|e| one_line(&e.to_string()))?
        };
        keikaku_emit::render(&doc, shape).map_err(|e| e.to_string())
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error while converting: {msg}"))
        }
    }
}

/// Reasons are printed one per line: no line break may come through.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The worker's side: stdin → conversion → stdout. Exit 0 whenever an answer was written
/// (a document that cannot be converted is an answer too).
pub fn worker_main(shape: &str, display: &str) -> ExitCode {
    let Some(shape) = Shape::from_name(shape) else {
        return ExitCode::from(3);
    };
    let mut bytes = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut bytes).is_err() {
        return ExitCode::from(3);
    }
    let mut err = std::io::stderr();
    let result = convert_here(display, &bytes, shape, &mut |n| {
        let _ = writeln!(err, "{PAGE_PREFIX}{n}");
    });
    drop(bytes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write_answer(&mut out, &result);
    if written.is_ok() && out.flush().is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// The worker's answer: [`ANSWER_OK`] and the two parts, each after its length (u64,
/// little-endian), or [`ANSWER_ERR`] and the reason.
fn write_answer(out: &mut impl Write, result: &Result<Rendered, String>) -> std::io::Result<()> {
    match result {
        Ok(r) => {
            out.write_all(&[ANSWER_OK])?;
            for part in [&r.main, &r.activities] {
                out.write_all(&(part.len() as u64).to_le_bytes())?;
                out.write_all(part)?;
            }
            Ok(())
        }
        Err(reason) => {
            out.write_all(&[ANSWER_ERR])?;
            out.write_all(reason.as_bytes())
        }
    }
}

/// Read the worker's answer (see [`write_answer`]).
fn parse_answer(out: &[u8]) -> Result<Rendered, String> {
    fn part(rest: &[u8]) -> Option<(Vec<u8>, &[u8])> {
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        (rest.len() >= len).then(|| (rest[..len].to_vec(), &rest[len..]))
    }
    let unreadable = || "worker returned unreadable output".to_string();
    match out.split_first() {
        Some((&ANSWER_OK, rest)) => {
            let (main, rest) = part(rest).ok_or_else(unreadable)?;
            let (activities, rest) = part(rest).ok_or_else(unreadable)?;
            if !rest.is_empty() {
                return Err(unreadable());
            }
            Ok(Rendered { main, activities })
        }
        Some((&ANSWER_ERR, reason)) => Err(one_line(&String::from_utf8_lossy(reason))),
        _ => Err(unreadable()),
    }
}

/// Which documents are converted in a worker, and its limits.
#[derive(Debug, Clone, Copy)]
pub struct Isolation {
    pub limits: Limits,
    /// Every document, not only PDFs and large texts (`--isolate`).
    pub all: bool,
}

impl Isolation {
    /// Whether the document of these bytes goes to a worker.
    pub fn wants(&self, bytes: &[u8]) -> bool {
        self.all || bytes.len() > TEXT_INPROCESS_MAX || keikaku_loader::is_pdf(bytes)
    }

    /// Convert and render one document, in a worker when [`Isolation::wants`] says so.
    pub fn convert(&self, display: &str, bytes: &[u8], shape: Shape) -> Result<Rendered, String> {
        if self.wants(bytes) {
            convert_isolated(display, bytes, shape, &self.limits)
        } else {
            convert_here(display, bytes, shape, &mut |_| {})
        }
    }
}

/// Limits for one worker.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub memory_bytes: u64,
}

impl Limits {
    /// From `KEIKAKU_TIMEOUT` (seconds) and `KEIKAKU_MEMORY_MB`, or their older names
    /// `KEIKAKU_PDF_TIMEOUT` and `KEIKAKU_PDF_MEMORY_MB`, else the defaults.
    pub fn from_env() -> Limits {
        let get = |keys: [&str; 2], d: u64| {
            keys.iter()
                .find_map(|k| {
                    std::env::var(k)
                        .ok()
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .filter(|&v| v > 0)
                })
                .unwrap_or(d)
        };
        Limits {
            timeout: Duration::from_secs(get(
                ["KEIKAKU_TIMEOUT", "KEIKAKU_PDF_TIMEOUT"],
                DEFAULT_TIMEOUT_SECS,
            )),
            memory_bytes: get(
                ["KEIKAKU_MEMORY_MB", "KEIKAKU_PDF_MEMORY_MB"],
                DEFAULT_MEMORY_MB,
            )
            .saturating_mul(1 << 20),
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

/// Where a PDF's extraction was when it stopped; nothing for text. A PDF that stops
/// before its first page stopped in loading and pre-flight, which the user should know
/// (it is the file as a whole, not one page).
fn on_page(what: &str, page: Option<u32>) -> String {
    match page {
        Some(p) => format!(" (page {p})"),
        None if what == PDF_SUBJECT => " (before page 1: loading and repairing the file)".into(),
        None => String::new(),
    }
}

const PDF_SUBJECT: &str = "PDF extraction";

/// What a failed worker was doing, for its reason line: the existing wording for PDFs
/// (page numbers follow), plain "conversion" for text.
fn subject(bytes: &[u8]) -> &'static str {
    if keikaku_loader::is_pdf(bytes) {
        PDF_SUBJECT
    } else {
        "conversion"
    }
}

/// Why a worker died, from its exit status and stderr.
fn death_reason(
    what: &str,
    status: std::process::ExitStatus,
    stderr: &str,
    limits: &Limits,
) -> String {
    let page = on_page(what, last_page(stderr));
    if stderr.contains("memory allocation of") || stderr.contains("capacity overflow") {
        return format!(
            "{what} exceeded the memory limit of {} MiB{page}",
            limits.memory_bytes >> 20
        );
    }
    if stderr.contains("overflowed its stack") {
        return format!("{what} crashed: stack overflow{page}");
    }
    match status.signal() {
        Some(libc::SIGXCPU) => format!("{what} exceeded its CPU time limit{page}"),
        Some(s) => format!("{what} crashed (signal {s}){page}"),
        None => format!(
            "{what} failed (worker exit status {}){page}",
            status.code().unwrap_or(-1)
        ),
    }
}

/// Convert and render one document in a limited worker process.
pub fn convert_isolated(
    display: &str,
    bytes: &[u8],
    shape: Shape,
    limits: &Limits,
) -> Result<Rendered, String> {
    let what = subject(bytes);
    let exe = std::env::current_exe().map_err(|e| format!("cannot start worker: {e}"))?;
    let mem = limits.memory_bytes;
    let cpu = limits.timeout.as_secs().saturating_add(5);
    let mut cmd = Command::new(exe);
    cmd.arg(SUBCOMMAND)
        .args(["--shape", shape.name(), "--path"])
        .arg(display)
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
        .map_err(|e| format!("cannot start worker: {e}"))?;

    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    // Scoped threads feed the pipes, so the input is not copied.
    let (status, timed_out, out, err) = thread::scope(|sc| {
        let writer = sc.spawn(move || {
            if let Some(s) = stdin.as_mut() {
                // A worker that dies early closes the pipe: not our error to report.
                let _ = s.write_all(bytes);
            }
            drop(stdin);
        });
        let reader = sc.spawn(move || {
            let mut buf = Vec::new();
            if let Some(s) = stdout.as_mut() {
                let _ = s.read_to_end(&mut buf);
            }
            buf
        });
        let err_reader = sc.spawn(move || {
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
            let elapsed = start.elapsed();
            if elapsed >= limits.timeout {
                let _ = child.kill();
                timed_out = true;
                break child.wait().ok();
            }
            // Most documents take milliseconds: poll finely at first.
            let nap = if elapsed < Duration::from_millis(100) {
                1
            } else {
                5
            };
            thread::sleep(Duration::from_millis(nap));
        };
        let _ = writer.join();
        let out = reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        (status, timed_out, out, err)
    });

    if timed_out {
        return Err(format!(
            "{what} timed out after {} s{}",
            limits.timeout.as_secs(),
            on_page(what, last_page(&err))
        ));
    }
    let Some(status) = status else {
        return Err("worker could not be waited for".into());
    };
    if !status.success() {
        return Err(death_reason(what, status, &err, limits));
    }
    parse_answer(&out)
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
    fn answers_read_back_as_written() {
        let r = Rendered {
            main: "{\"a\": \"計画\"}\n".as_bytes().to_vec(),
            activities: b"x,y\r\n".to_vec(),
        };
        let mut out = Vec::new();
        write_answer(&mut out, &Ok(r.clone())).expect("in memory");
        assert_eq!(parse_answer(&out), Ok(r));
        assert!(parse_answer(&out[..out.len() - 1]).is_err(), "truncated");
        assert_eq!(
            parse_answer(b"Eempty\nfile"),
            Err("empty file".to_string()),
            "one line"
        );
        assert!(parse_answer(b"").is_err());
    }

    #[test]
    fn pdfs_and_large_texts_are_isolated() {
        let iso = Isolation {
            limits: Limits::from_env(),
            all: false,
        };
        assert!(iso.wants(b"%PDF-1.4\n"));
        assert!(!iso.wants("表題\n".as_bytes()));
        assert!(iso.wants(&vec![b'a'; TEXT_INPROCESS_MAX + 1]));
        assert!(Isolation { all: true, ..iso }.wants(b"a"));
    }

    #[test]
    fn last_page_is_read_from_progress_lines() {
        assert_eq!(
            last_page("page 1\npage 2\nthread 'main' has overflowed its stack\n"),
            Some(2)
        );
        assert_eq!(last_page("nothing"), None);
    }

    #[test]
    fn a_pdf_stopped_before_its_first_page_says_so() {
        assert_eq!(on_page(PDF_SUBJECT, Some(3)), " (page 3)");
        assert_eq!(
            on_page(PDF_SUBJECT, None),
            " (before page 1: loading and repairing the file)"
        );
        assert_eq!(on_page("conversion", None), "");
    }
}
