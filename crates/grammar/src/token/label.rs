//! Tolerant label matching: OCR turns 項 into 垻/頂/项, 実 into 美, 課 into 誤, splits labels
//! across cells and pads them with spaces. Labels are compared after folding confusable
//! characters, with an edit distance that grows with the label's length.

/// Fold characters that OCR confuses, and simplified/traditional variants, onto one
/// representative. Only for comparing labels; never applied to output text.
pub fn fold_char(c: char) -> char {
    match c {
        '项' | '垻' | '頂' | '顶' | '填' => '項',
        '美' | '寒' => '実',
        '日' | '自' | '且' => '目',
        '誤' | '謀' | '諜' => '課',
        '總' | '緫' => '総',
        '进' => '進',
        '况' => '況',
        '务' => '務',
        '标' => '標',
        '达' => '達',
        '续' => '続',
        '评' => '評',
        '价' => '価',
        '实' => '実',
        '现' => '現',
        '题' => '題',
        '内' | '肉' => '内',
        'ロ' => '口',
        'カ' => '力',
        'エ' => '工',
        'ニ' => '二',
        'ハ' => '八',
        '〈' | '<' | '《' | '［' | '[' | '【' | '(' => '(',
        '〉' | '>' | '》' | '］' | ']' | '】' | ')' => ')',
        '的' => 'の',
        c => c,
    }
}

/// Characters a label may carry that do not matter for matching.
fn ignorable(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '：' | '・' | '_' | '"' | '\'' | '|')
}

/// The comparison key of a label: folded, without ignorable characters.
pub fn key(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| !ignorable(c))
        .map(fold_char)
        .collect()
}

/// How many edits a label of `len` characters may suffer and still be recognised.
pub fn tolerance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        n => n / 4,
    }
}

/// Longest key compared without allocating; labels are far shorter.
const STACK: usize = 64;

/// A label key on the stack.
struct Key {
    buf: [char; STACK],
    len: usize,
}

impl Key {
    /// The key of `s`, or `None` when it has more than `limit` significant characters (it
    /// cannot be within tolerance of the label, so there is no need to finish it).
    fn of(s: &str, limit: usize) -> Option<Key> {
        let mut k = Key {
            buf: ['\0'; STACK],
            len: 0,
        };
        for c in s.chars() {
            if ignorable(c) {
                continue;
            }
            if k.len >= limit.min(STACK) {
                return None;
            }
            k.buf[k.len] = fold_char(c);
            k.len += 1;
        }
        Some(k)
    }
    fn chars(&self) -> &[char] {
        &self.buf[..self.len]
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
pub fn distance(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    if b.len() < STACK {
        let mut prev = [0usize; STACK];
        let mut cur = [0usize; STACK];
        levenshtein(a, b, limit, &mut prev[..=b.len()], &mut cur[..=b.len()])
    } else {
        let mut prev = vec![0; b.len() + 1];
        let mut cur = vec![0; b.len() + 1];
        levenshtein(a, b, limit, &mut prev, &mut cur)
    }
}

fn levenshtein(
    a: &[char],
    b: &[char],
    limit: usize,
    prev: &mut [usize],
    cur: &mut [usize],
) -> usize {
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        prev.copy_from_slice(cur);
    }
    prev[b.len()]
}

/// Is the whole of `text` the label (tolerantly)?
pub fn is_label(text: &str, label: &str) -> bool {
    let Some(k) = Key::of(label, STACK) else {
        return false;
    };
    let tol = tolerance(k.len);
    match Key::of(text, k.len + tol) {
        Some(t) if t.len > 0 => distance(t.chars(), k.chars(), tol) <= tol,
        _ => false,
    }
}

/// If `text` starts with the label (tolerantly), the rest of the text after it.
pub fn strip_label<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let k = key(label);
    if k.is_empty() {
        return None;
    }
    let tol = tolerance(k.len());
    // (folded char, byte offset just after it) for the significant characters of `text`.
    let mut sig: Vec<(char, usize)> = Vec::with_capacity(k.len() + tol + 1);
    for (i, c) in text.char_indices() {
        if ignorable(c) {
            continue;
        }
        sig.push((fold_char(c), i + c.len_utf8()));
        if sig.len() >= k.len() + tol {
            break;
        }
    }
    let chars: Vec<char> = sig.iter().map(|s| s.0).collect();
    let lo = k.len().saturating_sub(tol).max(1);
    let hi = (k.len() + tol).min(chars.len());
    let mut best: Option<(usize, usize, usize)> = None; // (distance, |len diff|, len)
    for len in lo..=hi {
        let d = distance(&chars[..len], &k, tol);
        if d > tol {
            continue;
        }
        // The prefix must end where the label would: its last char should match the
        // label's last char, or a shorter candidate would cut a word.
        let cand = (d, len.abs_diff(k.len()), len);
        if best.is_none_or(|b| (cand.0, cand.1) < (b.0, b.1)) {
            best = Some(cand);
        }
    }
    let (_, _, len) = best?;
    let end = sig[len - 1].1;
    Some(text[end..].trim_start())
}

/// Find `label` in a row of cell texts, allowing it to be split across up to three
/// adjacent cells (`項目⇥番号`). Returns the first cell's index and how many cells it uses.
pub fn find_in_cells(cells: &[&str], label: &str) -> Option<(usize, usize)> {
    for start in 0..cells.len() {
        if cells[start].is_empty() {
            continue;
        }
        let k = key(label);
        let tol = tolerance(k.len());
        let mut joined = String::new();
        let mut best: Option<(usize, usize)> = None; // (distance, cells)
        for (n, cell) in cells[start..].iter().take(3).enumerate() {
            joined.push_str(cell);
            let d = distance(&key(&joined), &k, tol);
            // On a tie the longer join wins only when the added cell is a fragment.
            let better = match best {
                None => true,
                Some((bd, _)) => d < bd || (d == bd && cell.chars().count() <= 3),
            };
            if d <= tol && better {
                best = Some((d, n + 1));
            }
        }
        if let Some((_, n)) = best {
            return Some((start, n));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusable_and_spaced_labels_match() {
        assert!(is_label("美施項目", "実施項目"));
        assert!(is_label("頂日番号", "項目番号"));
        assert!(is_label("担当 課", "担当課"));
        assert!(is_label("(アクション项目的総括)", "(アクション項目の総括)"));
        assert!(is_label(
            "〈アクション項目の年度別計画〉",
            "(アクション項目の年度別計画)"
        ));
        assert!(is_label("總括評価", "総括評価"));
    }

    #[test]
    fn different_labels_do_not_match() {
        assert!(!is_label("実施内容", "実施項目"));
        assert!(!is_label("担当課", "主管課"));
        assert!(!is_label("課題", "現状"));
        assert!(!is_label("取組内容", "取組項目"));
        assert!(!is_label("進捗状況", "達成状況"));
        assert!(!is_label("", "現状"));
    }

    #[test]
    fn split_labels_are_found_across_cells() {
        assert_eq!(
            find_in_cells(&["り 現日", "番号", "", "1-(1)"], "項目番号"),
            None
        );
        assert_eq!(
            find_in_cells(&["人材", "項目", "番号", "1-2"], "項目番号"),
            Some((1, 2))
        );
        assert_eq!(
            find_in_cells(&["主管", "言課", "総務課"], "主管課"),
            Some((0, 2))
        );
    }

    #[test]
    fn prefix_labels_strip() {
        assert_eq!(strip_label("項目番号 1-②", "項目番号"), Some("1-②"));
        assert_eq!(strip_label("達成状況 ○ 順調", "達成状況"), Some("○ 順調"));
        assert_eq!(
            strip_label("目指す姿 民間活力", "目指す姿"),
            Some("民間活力")
        );
        assert_eq!(strip_label("定員管理", "項目番号"), None);
    }

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "abcdef".chars().collect();
        let b: Vec<char> = "uvwxyz".chars().collect();
        assert_eq!(distance(&a, &b, 2), 3);
        assert_eq!(distance(&a, &a, 0), 0);
    }
}
