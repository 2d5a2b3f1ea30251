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

    /// Write `name` atomically; a second file of the same name in one run becomes
    /// `name` with `~2`, `~3` … before the extension.
    pub fn write_file(&mut self, name: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
        let n = self.used.entry(name.to_path_buf()).or_insert(0);
        *n += 1;
        let name = if *n == 1 {
            name.to_path_buf()
        } else {
            let s = name.to_string_lossy();
            match s.rsplit_once('.') {
                Some((stem, ext)) => PathBuf::from(format!("{stem}~{n}.{ext}")),
                None => PathBuf::from(format!("{s}~{n}")),
            }
        };
        let target = self.dir.join(&name);
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
}
