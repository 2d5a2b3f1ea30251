//! Output files: names from the input's file name only, written to a hidden temporary
//! and renamed, so a crash never leaves a half-written file.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Prefix of temporary files; stale ones from a killed run are removed on the next.
const TMP_PREFIX: &str = ".keikaku-tmp-";

/// `<input file name>.<ext>`: never a path, so no `..` or absolute name can escape.
pub fn file_name(input: &Path, ext: &str) -> PathBuf {
    let base = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != ".." && n != ".")
        .unwrap_or_else(|| "input".to_string());
    PathBuf::from(format!("{base}.{ext}"))
}

/// The output folder.
#[derive(Debug)]
pub struct OutDir {
    dir: PathBuf,
    /// How many times each output name was written in this run, to keep same-named inputs
    /// from different folders apart (deterministically, in input order).
    used: BTreeMap<PathBuf, u32>,
}

impl OutDir {
    pub fn create(dir: &Path) -> io::Result<OutDir> {
        fs::create_dir_all(dir)?;
        for entry in fs::read_dir(dir)?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(OutDir {
            dir: dir.to_path_buf(),
            used: BTreeMap::new(),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Take the next free output name for `name` in this run: a second file of the same
    /// name becomes `name` with `~2`, `~3` … before the extension. Names depend only on
    /// the order of the calls, so a rerun (even one that skips files) names them alike.
    pub fn reserve(&mut self, name: &Path) -> PathBuf {
        let n = self.used.entry(name.to_path_buf()).or_insert(0);
        *n += 1;
        if *n == 1 {
            name.to_path_buf()
        } else {
            let s = name.to_string_lossy();
            match s.rsplit_once('.') {
                Some((stem, ext)) => PathBuf::from(format!("{stem}~{n}.{ext}")),
                None => PathBuf::from(format!("{s}~{n}")),
            }
        }
    }

    /// Write `name` atomically, under the next free name (see [`OutDir::reserve`]).
    pub fn write_file(&mut self, name: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
        let name = self.reserve(name);
        self.write_reserved(&name, bytes)
    }

    /// Write a name already taken with [`OutDir::reserve`], atomically.
    pub fn write_reserved(&self, name: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
        let target = self.dir.join(name);
        let tmp = self.dir.join(format!(
            "{TMP_PREFIX}{}-{}",
            std::process::id(),
            name.to_string_lossy()
        ));
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, &target).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })?;
        Ok(target)
    }
}

/// Whether `existing` (an output file) was made from input bytes with this SHA-256 by this
/// keikaku version. Anything unreadable counts as out of date.
pub fn up_to_date(existing: &Path, sha256: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Gen {
        name: String,
        version: String,
    }
    #[derive(serde::Deserialize)]
    struct Src {
        sha256: String,
    }
    #[derive(serde::Deserialize)]
    struct Head {
        generator: Gen,
        source: Src,
    }
    let Ok(bytes) = fs::read(existing) else {
        return false;
    };
    let Ok(head) = serde_json::from_slice::<Head>(&bytes) else {
        return false;
    };
    let now = keikaku_model::Generator::current();
    head.generator.name == now.name
        && head.generator.version == now.version
        && head.source.sha256 == sha256
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_file_name_only() {
        assert_eq!(
            file_name(Path::new("../../etc/passwd"), "json"),
            PathBuf::from("passwd.json")
        );
        assert_eq!(
            file_name(Path::new("/abs/計画 'a'.txt"), "json"),
            PathBuf::from("計画 'a'.txt.json")
        );
        assert_eq!(
            file_name(Path::new(".."), "json"),
            PathBuf::from("input.json")
        );
    }

    #[test]
    fn same_names_are_reserved_in_call_order() {
        let tmp = std::env::temp_dir().join(format!("keikaku-reserve-{}", std::process::id()));
        let mut out = OutDir::create(&tmp).expect("temp folder");
        assert_eq!(
            out.reserve(Path::new("a.txt.json")),
            PathBuf::from("a.txt.json")
        );
        assert_eq!(
            out.reserve(Path::new("b.txt.json")),
            PathBuf::from("b.txt.json")
        );
        assert_eq!(
            out.reserve(Path::new("a.txt.json")),
            PathBuf::from("a.txt~2.json")
        );
        let _ = fs::remove_dir_all(&tmp);
    }

    #[test]
    fn only_output_of_the_same_bytes_and_version_is_up_to_date() {
        let tmp = std::env::temp_dir().join(format!("keikaku-uptodate-{}", std::process::id()));
        fs::create_dir_all(&tmp).expect("temp folder");
        let v = env!("CARGO_PKG_VERSION");
        let f = tmp.join("x.json");
        let write = |gen: &str, sha: &str| {
            let json = format!(
                r#"{{"schema_version":1,"generator":{{"name":"keikaku","version":"{gen}"}},"source":{{"sha256":"{sha}"}}}}"#
            );
            fs::write(&f, json).expect("write");
        };
        write(v, "ab");
        assert!(up_to_date(&f, "ab"));
        assert!(!up_to_date(&f, "cd"));
        write("0.0.0-old", "ab");
        assert!(!up_to_date(&f, "ab"));
        fs::write(&f, "{ half").expect("write");
        assert!(!up_to_date(&f, "ab"));
        assert!(!up_to_date(&tmp.join("missing.json"), "ab"));
        let _ = fs::remove_dir_all(&tmp);
    }
}
