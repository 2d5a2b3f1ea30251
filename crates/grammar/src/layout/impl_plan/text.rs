//! Cell text with the boundaries the loader's normalisation hides.
//!
//! The loader removes white space between CJK characters because PDF line wrapping puts it
//! there. In these sheets the same white space is often the only trace of a bullet list
//! (`<ul>` without `<li>`, `・a ・b`, `…する。 …する。`), so the source text behind each
//! cell is consulted to find where one entry ends and the next begins.

use keikaku_loader::{Cell, Document};

/// One character of a cell with what separated it from the previous one in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ch {
    c: char,
    /// White space stood between this character and the previous one in the source.
    gap: bool,
    /// That white space is still in the normalised text (the loader kept it).
    kept: bool,
}

/// The characters of a cell but spaces, each marked with whether white space (kept by the
/// loader, or removed by it) stood before it.
fn chars(doc: &Document, cell: &Cell) -> Vec<Ch> {
    let mut out = Vec::with_capacity(cell.text.len() / 2);
    let mut prev: Option<usize> = None;
    let mut space = false;
    for (b, c) in cell.text.char_indices() {
        if c == ' ' {
            space = true;
            continue;
        }
        let gap = prev.is_some_and(|p| space || source_gap(doc, cell, p, b));
        out.push(Ch {
            c,
            gap,
            kept: space && prev.is_some(),
        });
        prev = Some(b);
        space = false;
    }
    out
}

/// Did the source have white space between the character at normalised byte `prev` and the
/// one at `cur`?
fn source_gap(doc: &Document, cell: &Cell, prev: usize, cur: usize) -> bool {
    let (Some(from), Some(to)) = (cell.source_of(prev), cell.source_of(cur)) else {
        return false;
    };
    let (from, to) = (from as usize, to as usize);
    if to <= from {
        return false;
    }
    let Some(src) = doc.text.get(from..to) else {
        return false;
    };
    // Skip the previous character itself; what remains was dropped by normalisation. White
    // space inside a tag (`<ul style="…">`) is markup, not text.
    let mut in_tag = false;
    src.chars().skip(1).any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        !in_tag && c.is_whitespace()
    })
}

/// A cell's text as printed: normalised, with one space wherever the source separated two
/// characters by white space (so `時間外23人 年休取得11.9日` keeps its space), paragraph
/// breaks as spaces, and no leading or trailing space. Spaced Latin capitals stay joined.
pub fn spaced(doc: &Document, cell: &Cell) -> String {
    let cs = chars(doc, cell);
    let mut out = String::with_capacity(cell.text.len() + 8);
    let mut prev: Option<char> = None;
    for ch in cs {
        if ch.c == '\n' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        // The loader joins spaced Latin capitals (`N P O`); a space it kept between Latin
        // letters is printed.
        let joined_latin = prev.is_some_and(|p: char| p.is_ascii_alphanumeric())
            && ch.c.is_ascii_alphanumeric()
            && !ch.kept;
        if ch.gap && !joined_latin && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push(ch.c);
        prev = Some(ch.c);
    }
    out.trim().to_string()
}

/// Is `c` a bullet that opens a list entry?
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '・' | '･' | '•' | '●' | '○' | '◆' | '■' | '□' | '◇' | '-' | '*'
    )
}

/// Split a cell into list entries: at paragraph breaks, before a bullet that follows white
/// space, after a sentence end followed by white space, and — in a cell that was an HTML
/// list — at any white space. Bullets are removed; empty entries are dropped.
pub fn entries(doc: &Document, cell: &Cell) -> Vec<String> {
    let html_list = is_html_list(doc, cell);
    let cs = chars(doc, cell);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    let mut at_start = true;
    for ch in cs {
        let latin_pair =
            prev.is_some_and(|p| p.is_ascii_alphanumeric()) && ch.c.is_ascii_alphanumeric();
        let boundary = ch.c == '\n'
            || (ch.gap && html_list && !latin_pair)
            || (ch.gap && is_bullet(ch.c))
            || (ch.gap && prev.is_some_and(|p| matches!(p, '。' | '!' | '?')))
            || (prev.is_some_and(|p| p == '。') && is_bullet(ch.c));
        if boundary {
            push_entry(&mut out, &mut cur);
            at_start = true;
        }
        prev = Some(ch.c);
        if ch.c == '\n' {
            continue;
        }
        if at_start && is_bullet(ch.c) {
            continue;
        }
        if ch.gap && !cur.is_empty() && !cur.ends_with(' ') {
            let last_latin = cur
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphanumeric());
            if !(last_latin && ch.c.is_ascii_alphanumeric() && !ch.kept) {
                cur.push(' ');
            }
        }
        at_start = false;
        cur.push(ch.c);
    }
    push_entry(&mut out, &mut cur);
    out
}

/// Was the cell an HTML list? Its source (from the TAB or line start before it, so that an
/// opening tag dropped in front of the first character counts) holds a list tag.
fn is_html_list(doc: &Document, cell: &Cell) -> bool {
    let span = cell.span();
    let head = doc.text.get(..span.start).unwrap_or("");
    let from = head.rfind(['\t', '\n']).map_or(0, |k| k + 1);
    let src = doc.text.get(from..span.end).unwrap_or("");
    src.contains("<ul") || src.contains("<ol") || src.contains("<li")
}

fn push_entry(out: &mut Vec<String>, cur: &mut String) {
    let t = cur.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
    cur.clear();
}

/// A value cell: trimmed, and null when empty or only a dash that stands for "nothing".
pub fn value(s: &str) -> Option<String> {
    let t = s.trim();
    let nothing = t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '-' | '—' | '_' | '－' | 'ー' | '―'));
    (!nothing).then(|| t.to_string())
}

/// Split a related-departments cell (`財政課・病院全課`, `秘書政策課、観光課`) into names.
pub fn departments(s: &str) -> Vec<String> {
    s.split(['・', '、', ',', '，', '/', '／', ' ', '\n'])
        .filter_map(value)
        .filter(|d| !is_none_word(d))
        .collect()
}

/// `なし`, `特になし`: the cell says there is none.
fn is_none_word(s: &str) -> bool {
    matches!(s, "なし" | "無し" | "特になし" | "特に無し" | "該当なし")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_cell(src: &str) -> (Document, Cell) {
        let doc = keikaku_loader::load(src.as_bytes()).expect("loads");
        let cell = doc
            .lines
            .first()
            .and_then(|l| l.cells.iter().find(|c| !c.text.is_empty()).cloned())
            .expect("a cell");
        (doc, cell)
    }

    #[test]
    fn html_list_without_items_splits_at_spaces() {
        let (doc, cell) =
            first_cell("<ul style=\"list-style-type: none\"> NPO等の支援 中間支援組織の設置 </ul>");
        assert_eq!(
            entries(&doc, &cell),
            vec!["NPO等の支援", "中間支援組織の設置"]
        );
    }

    #[test]
    fn bullets_after_spaces_split_but_inner_dots_do_not() {
        let (doc, cell) = first_cell("・各課で作成・編集が可能である。 ・SNSを活用する。");
        assert_eq!(
            entries(&doc, &cell),
            vec!["各課で作成・編集が可能である。", "SNSを活用する。"]
        );
    }

    #[test]
    fn sentence_end_with_space_splits_plain_text() {
        let (doc, cell) = first_cell("派遣を推進していく。 研修派遣は継続していく。");
        assert_eq!(
            entries(&doc, &cell),
            vec!["派遣を推進していく。", "研修派遣は継続していく。"]
        );
    }

    #[test]
    fn kept_spaces_count_as_gaps() {
        let (doc, cell) = first_cell("<ul> 見直し方法を検討する。 12月までに定める。 </ul>");
        assert_eq!(
            entries(&doc, &cell),
            vec!["見直し方法を検討する。", "12月までに定める。"]
        );
        let (doc, cell) = first_cell("AI-OCR使用案件 0件 Windows 10");
        assert_eq!(spaced(&doc, &cell), "AI-OCR使用案件 0件 Windows 10");
    }

    #[test]
    fn spaces_inside_tags_are_no_gaps() {
        let (doc, cell) = first_cell("重要な<span style=\"color: red\">施策</span>を行う");
        assert_eq!(spaced(&doc, &cell), "重要な施策を行う");
    }

    #[test]
    fn paragraphs_split() {
        let (doc, cell) =
            first_cell("<p>(1) 包括管理を検討する。</p> <p>(2) システムを導入する。</p>");
        assert_eq!(
            entries(&doc, &cell),
            vec!["(1) 包括管理を検討する。", "(2) システムを導入する。"]
        );
    }

    #[test]
    fn spaced_keeps_printed_spaces_but_not_spaced_capitals() {
        let (doc, cell) = first_cell("時間外23人 年休取得11.9日");
        assert_eq!(spaced(&doc, &cell), "時間外23人 年休取得11.9日");
        let (doc, cell) = first_cell("P D C Aサイクル");
        assert_eq!(spaced(&doc, &cell), "PDCAサイクル");
    }

    #[test]
    fn related_departments_split_on_list_marks() {
        assert_eq!(
            departments("債権を扱う各課・秘書政策課・財政課"),
            vec!["債権を扱う各課", "秘書政策課", "財政課"]
        );
        assert_eq!(departments("全課"), vec!["全課"]);
        assert!(departments("").is_empty());
        assert!(departments("-").is_empty());
        assert!(departments("なし").is_empty());
        assert!(departments("特になし").is_empty());
        assert_eq!(value(" 総務課 ").as_deref(), Some("総務課"));
        assert_eq!(value("—"), None);
    }
}
