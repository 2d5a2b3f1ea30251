//! Letter grades in the 進捗区分 column (`A`, `B`, `C`): they mean something only through a
//! legend the document prints (`※進捗区分 A:計画以上 B:計画どおり C:計画未満`), so without
//! one a lone letter stays unreadable.

use crate::item::{Status, StatusCode};
use crate::token::status;

/// A printed legend of letter grades: letter → (canonical label, code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grades {
    pub entries: Vec<(char, &'static str, StatusCode)>,
}

fn is_grade(c: char) -> bool {
    matches!(c, 'A'..='E' | 'S')
}

fn is_separator(c: char) -> bool {
    matches!(c, ':' | '=' | '…' | ' ' | '・' | '.' | '-')
}

/// The status label a legend's description starts with (`計画以上に進んでいる` → 計画以上).
pub fn label_at_start(word: &str) -> Option<(&'static str, StatusCode)> {
    let chars: Vec<char> = word.chars().take(20).collect();
    (2..=chars.len()).rev().find_map(|n| {
        let prefix: String = chars[..n].iter().collect();
        status::label_code(&prefix)
    })
}

/// Read a legend of at least two letter grades, each a letter standing alone, a separator
/// and a status label.
pub fn legend(text: &str) -> Option<Grades> {
    let chars: Vec<char> = text.chars().collect();
    let mut entries = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let alone_before = i == 0 || chars.get(i - 1).is_none_or(|p| !p.is_ascii_alphanumeric());
        if !(is_grade(c) && alone_before) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while chars.get(j).copied().is_some_and(is_separator) {
            j += 1;
        }
        if j == i + 1 {
            i += 1;
            continue;
        }
        let start = j;
        while chars
            .get(j)
            .is_some_and(|&d| !d.is_whitespace() && !matches!(d, '、' | ',' | '/' | '(' | ')'))
        {
            j += 1;
        }
        let word: String = chars[start..j].iter().collect();
        if let Some((label, code)) = label_at_start(&word) {
            if !entries.iter().any(|e: &(char, &str, StatusCode)| e.0 == c) {
                entries.push((c, label, code));
            }
        }
        i = j.max(i + 1);
    }
    (entries.len() >= 2).then_some(Grades { entries })
}

impl Grades {
    /// The status of a cell that is one letter of the legend.
    pub fn read(&self, cell: &str) -> Option<Status> {
        let t = cell.trim();
        let mut chars = t.chars();
        let c = chars.next()?;
        if chars.next().is_some() {
            return None;
        }
        let &(letter, label, code) = self.entries.iter().find(|e| e.0 == c)?;
        Some(Status {
            code,
            mark: Some(letter.to_string()),
            label: Some(label.to_string()),
            raw: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legends() {
        let g = legend("※進捗区分 A:計画以上 B:計画どおり C:計画未満 D:未着手").unwrap();
        assert_eq!(g.entries.len(), 4);
        assert_eq!(g.entries[0], ('A', "計画以上", StatusCode::Achieved));
        assert_eq!(g.entries[3], ('D', "未着手", StatusCode::NotStarted));
        let g = legend("A…計画以上に進んでいる、B…計画どおり進んでいる、C…遅れている").unwrap();
        assert_eq!(g.entries[1], ('B', "計画どおり", StatusCode::OnTrack));
        assert_eq!(g.entries[2], ('C', "遅れ", StatusCode::Delayed));
        assert_eq!(legend("RPAの導入 B:計画どおり"), None);
        assert_eq!(legend("LGWAN-ASPによるクラウド"), None);
    }

    #[test]
    fn cells() {
        let g = legend("A:計画以上 B:計画どおり C:計画未満").unwrap();
        let s = g.read("B").unwrap();
        assert_eq!(s.code, StatusCode::OnTrack);
        assert_eq!(s.mark.as_deref(), Some("B"));
        assert_eq!(s.label.as_deref(), Some("計画どおり"));
        assert_eq!(g.read(" C ").map(|s| s.code), Some(StatusCode::Delayed));
        assert_eq!(g.read("D"), None);
        assert_eq!(g.read("BC"), None);
    }
}
