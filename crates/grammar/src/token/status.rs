//! Progress statuses: the printed label decides, then the mark, unless a legend printed in
//! the document says otherwise.

use crate::item::{Status, StatusCode};

use super::label;

/// Repair an OCR-damaged mark and return it as printed in the clean document.
pub fn repair_mark(s: &str) -> Option<&'static str> {
    Some(match s.trim() {
        "◎" | "©" | "®" | "@" => "◎",
        "○" | "〇" | "◯" | "0" | "O" | "o" => "○",
        "△" | "▲" | "⊿" => "△",
        "-" | "ー" | "一" | "_" | "−" | "―" => "-",
        "×" | "✕" | "x" | "X" | "✖" => "×",
        "●" => "●",
        _ => return None,
    })
}

/// The code a mark stands for when no label is printed.
pub fn mark_code(mark: &str) -> StatusCode {
    match mark {
        "◎" => StatusCode::Achieved,
        "○" => StatusCode::OnTrack,
        "△" => StatusCode::Delayed,
        "-" => StatusCode::NotStarted,
        "×" => StatusCode::Discontinued,
        _ => StatusCode::Unknown,
    }
}

/// Labels in the order they are tried: longer and more specific first (未達成 before 達成).
const LABELS: &[(&str, StatusCode)] = &[
    ("未達成", StatusCode::Delayed),
    ("目標達成", StatusCode::Achieved),
    ("達成", StatusCode::Achieved),
    ("完了", StatusCode::Achieved),
    ("概ね順調", StatusCode::OnTrack),
    ("おおむね順調", StatusCode::OnTrack),
    ("順調", StatusCode::OnTrack),
    ("計画どおり", StatusCode::OnTrack),
    ("計画通り", StatusCode::OnTrack),
    ("予定どおり", StatusCode::OnTrack),
    ("予定通り", StatusCode::OnTrack),
    ("計画未満", StatusCode::Delayed),
    // 進捗区分 scales of status tables: ahead of, on or behind the plan.
    ("計画以上", StatusCode::Achieved),
    ("計画以下", StatusCode::Delayed),
    ("遅延", StatusCode::Delayed),
    ("遅れ", StatusCode::Delayed),
    ("やや遅れ", StatusCode::Delayed),
    ("未着手", StatusCode::NotStarted),
    ("未実施", StatusCode::NotStarted),
    ("中止", StatusCode::Discontinued),
    ("廃止", StatusCode::Discontinued),
];

/// The canonical label and its code for a printed label: exact, contained (`て計画どおり`),
/// or within edit distance for labels of three or more characters.
pub fn label_code(text: &str) -> Option<(&'static str, StatusCode)> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(&(l, c)) = LABELS.iter().find(|(l, _)| t == *l) {
        return Some((l, c));
    }
    if let Some(&(l, c)) = LABELS.iter().find(|(l, _)| t.contains(l)) {
        // A label inside a longer cell only counts when the cell is short (a status cell,
        // not a sentence that mentions 達成).
        if t.chars().count() <= l.chars().count() + 3 {
            return Some((l, c));
        }
    }
    let k = label::key(t);
    LABELS
        .iter()
        .filter(|(l, _)| l.chars().count() >= 3)
        .find(|(l, _)| label::distance(&k, &label::key(l), 1) <= 1)
        .map(|&(l, c)| (l, c))
}

/// A legend printed in a document: mark → (label, code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Legend {
    pub entries: Vec<(String, String, StatusCode)>,
}

impl Legend {
    pub fn code_of(&self, mark: &str) -> Option<StatusCode> {
        self.entries.iter().find(|e| e.0 == mark).map(|e| e.2)
    }
}

/// Read a legend such as `◎:達成 ○:順調 △:遅延 -:未着手` (separators `:`, `=`, `…`, space).
/// At least two entries are needed to call it a legend.
pub fn parse_legend(text: &str) -> Option<Legend> {
    let mut entries = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let m = chars[i].to_string();
        if let Some(mark) = repair_mark(&m).filter(|_| "◎○〇◯△▲×✕".contains(chars[i]))
        {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], ':' | '=' | '…' | ' ' | '・' | '.') {
                j += 1;
            }
            let start = j;
            while j < chars.len()
                && !chars[j].is_whitespace()
                && repair_mark(&chars[j].to_string()).is_none()
                && !matches!(chars[j], '、' | ',' | '/')
            {
                j += 1;
            }
            let word: String = chars[start..j].iter().collect();
            if let Some((l, c)) = label_code(&word) {
                entries.push((mark.to_string(), l.to_string(), c));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    (entries.len() >= 2).then_some(Legend { entries })
}

/// Decide a status from what is printed. The label wins over the mark; a legend overrides
/// the built-in meaning of marks.
pub fn decide(mark: Option<&str>, label: Option<&str>, legend: Option<&Legend>) -> Status {
    let mark = mark.and_then(repair_mark).filter(|m| *m != "●");
    let lab = label.and_then(label_code);
    let code = match (lab, mark) {
        (Some((_, c)), _) => c,
        (None, Some(m)) => legend
            .and_then(|l| l.code_of(m))
            .unwrap_or_else(|| mark_code(m)),
        (None, None) => StatusCode::Unknown,
    };
    let raw = match (mark, lab, label) {
        (_, None, Some(l)) if !l.trim().is_empty() => Some(l.trim().to_string()),
        _ => None,
    };
    Status {
        code,
        mark: mark.map(str::to_string),
        label: lab.map(|(l, _)| l.to_string()),
        raw,
    }
}

/// Read a status from one piece of text holding a mark and/or a label in either order
/// (`○ 順調`, `◎達成`, `順調 ○`, `0 順調`, `計画どおり`). `None` when neither is there.
pub fn parse(text: &str, legend: Option<&Legend>) -> Option<Status> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let mut mark = None;
    let mut rest = t;
    if let Some(first) = t.chars().next() {
        let fs = first.to_string();
        if repair_mark(&fs).is_some() {
            mark = Some(fs);
            rest = t[first.len_utf8()..].trim();
        }
    }
    if mark.is_none() {
        if let Some(last) = t.chars().next_back() {
            let ls = last.to_string();
            if repair_mark(&ls).is_some() && t.chars().count() > 1 {
                mark = Some(ls);
                rest = t[..t.len() - last.len_utf8()].trim();
            }
        }
    }
    let label = (!rest.is_empty()).then_some(rest);
    let lab = label.and_then(label_code);
    if lab.is_none() && mark.as_deref().and_then(repair_mark).is_none() {
        return None;
    }
    let mut s = decide(mark.as_deref(), label, legend);
    if lab.is_none() && label.is_some() {
        s.raw = Some(t.to_string());
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<StatusCode> {
        parse(text, None).map(|s| s.code)
    }

    #[test]
    fn plan_scale_labels() {
        assert_eq!(code("計画以上"), Some(StatusCode::Achieved));
        assert_eq!(code("計画以下"), Some(StatusCode::Delayed));
        assert_eq!(code("計画どおり"), Some(StatusCode::OnTrack));
        assert_eq!(code("計画未満"), Some(StatusCode::Delayed));
    }

    #[test]
    fn label_decides_over_mark() {
        assert_eq!(code("○ 達成"), Some(StatusCode::Achieved));
        assert_eq!(code("◎ 順調"), Some(StatusCode::OnTrack));
        assert_eq!(code("達成 ◎"), Some(StatusCode::Achieved));
    }

    #[test]
    fn mark_alone_and_ocr_marks() {
        assert_eq!(code("◎"), Some(StatusCode::Achieved));
        assert_eq!(code("0"), Some(StatusCode::OnTrack));
        assert_eq!(code("©"), Some(StatusCode::Achieved));
        assert_eq!(code("△"), Some(StatusCode::Delayed));
        assert_eq!(code("-"), Some(StatusCode::NotStarted));
        assert_eq!(code("×"), Some(StatusCode::Discontinued));
        let s = parse("0 順調", None).unwrap();
        assert_eq!(
            (s.mark.as_deref(), s.label.as_deref()),
            (Some("○"), Some("順調"))
        );
    }

    #[test]
    fn contract_labels() {
        assert_eq!(code("計画どおり"), Some(StatusCode::OnTrack));
        assert_eq!(code("て計画どおり"), Some(StatusCode::OnTrack));
        assert_eq!(code("目標達成"), Some(StatusCode::Achieved));
        assert_eq!(code("計画未満"), Some(StatusCode::Delayed));
        assert_eq!(code("遅れ"), Some(StatusCode::Delayed));
        assert_eq!(code("未着手"), Some(StatusCode::NotStarted));
        assert_eq!(code("× 中止"), Some(StatusCode::Discontinued));
        assert_eq!(code("計画どうり"), Some(StatusCode::OnTrack));
    }

    #[test]
    fn garbage_is_not_a_status() {
        assert_eq!(code("総"), None);
        assert_eq!(code(":"), None);
        assert_eq!(
            code("目標の達成に向けて取り組んだ結果、成果が上がった"),
            None
        );
    }

    #[test]
    fn legend_overrides_marks() {
        let l = parse_legend("◎:順調 ○:やや遅れ △:遅延").unwrap();
        assert_eq!(parse("○", Some(&l)).unwrap().code, StatusCode::Delayed);
        assert_eq!(parse("◎", Some(&l)).unwrap().code, StatusCode::OnTrack);
        // The label still decides.
        assert_eq!(parse("○ 順調", Some(&l)).unwrap().code, StatusCode::OnTrack);
        assert!(parse_legend("○ 順調").is_none());
    }
}
