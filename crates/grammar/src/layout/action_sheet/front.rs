//! What surrounds the sheets and is structure, not content: the cover, the table of
//! contents, chapter and section headings, and the legend that shows where each field of a
//! sheet is printed (its keys ①…⑪ are not item numbers). Prose paragraphs are left alone:
//! they stay in `unparsed` for the reader.

use keikaku_loader::{Document, Line};

use crate::layout::Ctx;
use crate::token::{id, label};

fn single(line: &Line) -> Option<&str> {
    let mut it = line.filled();
    let one = it.next()?;
    it.next().is_none().then_some(one.text.trim())
}

/// `第2章 …`.
fn is_chapter(t: &str) -> bool {
    t.strip_prefix('第').is_some_and(|r| {
        let digits = r.chars().take_while(|c| c.is_ascii_digit()).count();
        digits > 0 && r[digits..].starts_with('章')
    })
}

/// `1 策定の目的`, `2 取組シートについて`: a short numbered heading, not a sentence.
fn is_section(t: &str) -> bool {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && digits <= 2
        && t[digits..].starts_with(' ')
        && t.chars().count() <= 30
        && !t.ends_with('。')
}

/// A table-of-contents entry: a list dash, a chapter, or a dot leader and a page number.
fn is_toc_entry(t: &str) -> bool {
    let leader = t.contains("・・") || t.contains("…") || t.contains("...");
    let page = t.chars().next_back().is_some_and(|c| c.is_ascii_digit());
    t.starts_with("- ") || t.starts_with("・ ") || is_chapter(t) || (leader && page)
}

/// Claim the cover (short lines above the 目次) and the table of contents; return the
/// indices of the contents' entries.
pub fn claim_contents(doc: &Document, ctx: &mut Ctx<'_>) -> Vec<usize> {
    let mut entries = Vec::new();
    let Some(toc) = doc
        .lines
        .iter()
        .position(|l| single(l).is_some_and(|t| label::is_label(t, "目次")))
    else {
        return entries;
    };
    for line in doc.lines.get(..toc).unwrap_or(&[]) {
        if single(line).is_some_and(|t| t.chars().count() <= 40) {
            ctx.claim_structure(line.no);
        }
    }
    for (i, line) in doc.lines.iter().enumerate().skip(toc) {
        match single(line) {
            Some(_) if i == toc => ctx.claim_structure(line.no),
            Some(t) if is_toc_entry(t) => {
                ctx.claim_structure(line.no);
                entries.push(i);
            }
            _ => break,
        }
    }
    entries
}

/// The caption right above a table (`取組一覧`, `1 取組一覧`): a short line, not a sentence.
pub fn claim_caption(doc: &Document, table: usize, ctx: &mut Ctx<'_>) {
    let Some(prev) = table.checked_sub(1).and_then(|k| doc.lines.get(k)) else {
        return;
    };
    if single(prev).is_some_and(|t| t.chars().count() <= 30 && !t.ends_with('。')) {
        ctx.claim_structure(prev.no);
    }
}

/// Running headers and footers: a short single-cell line left unclaimed that repeats on
/// three or more pages.
pub fn claim_repeated(doc: &Document, ctx: &mut Ctx<'_>) {
    let mut seen: std::collections::HashMap<&str, Vec<u32>> = std::collections::HashMap::new();
    for line in &doc.lines {
        if ctx.is_claimed(line.no) {
            continue;
        }
        if let Some(t) = single(line).filter(|t| t.chars().count() <= 40) {
            seen.entry(t).or_default().push(line.no);
        }
    }
    for nos in seen.values().filter(|v| v.len() >= 3) {
        for &no in nos {
            ctx.claim_structure(no);
        }
    }
}

/// A page number printed as a line of its own: `4`, `- 4 -`, `p.4`, `4/39`, `(4)`.
pub(super) fn is_page_number(t: &str) -> bool {
    let core = t
        .trim_matches(|c: char| matches!(c, '-' | ' ' | '(' | ')' | '[' | ']'))
        .trim_start_matches(['p', 'P', '.']);
    let (num, total) = core.split_once('/').unwrap_or((core, "1"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(num.trim()) && digits(total.trim())
}

/// Claim chapter and section headings and page numbers outside the sheets.
pub fn claim_headings(doc: &Document, ctx: &mut Ctx<'_>) {
    for line in &doc.lines {
        if ctx.is_claimed(line.no) {
            continue;
        }
        if single(line).is_some_and(|t| is_chapter(t) || is_section(t) || is_page_number(t)) {
            ctx.claim_structure(line.no);
        }
    }
}

fn has_circled(t: &str) -> bool {
    t.char_indices().any(|(i, _)| id::circled(&t[i..]).is_ok())
}

/// The title line of the legend sheet (`No. ① …シート`) just above it.
pub fn claim_legend_lead(doc: &Document, start: usize, ctx: &mut Ctx<'_>) {
    let from = start.saturating_sub(3);
    for line in doc.lines.get(from..start).unwrap_or(&[]) {
        if single(line).is_some_and(|t| has_circled(t) || t.ends_with("シート")) {
            ctx.claim_structure(line.no);
        }
    }
}

/// The key table under the legend sheet: `項目⇥説明`, then one row per key (`②取組内容⇥…`).
pub fn claim_legend_table(doc: &Document, end: usize, ctx: &mut Ctx<'_>) {
    let keyed = |l: &Line| id::circled(l.cell(0).trim()).is_ok();
    let mut i = end;
    // A header row of short cells right before the first keyed row.
    if let (Some(h), Some(next)) = (doc.lines.get(i), doc.lines.get(i + 1)) {
        if !keyed(h) && keyed(next) && h.filled().all(|c| c.text.chars().count() <= 10) {
            ctx.claim_structure(h.no);
            i += 1;
        }
    }
    while let Some(l) = doc.lines.get(i) {
        if !keyed(l) {
            break;
        }
        ctx.claim_structure(l.no);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_toc_entries() {
        assert!(is_chapter("第2章アクションプラン取組一覧"));
        assert!(!is_chapter("第6次結城市総合計画の前期基本計画と同様に"));
        assert!(is_section("1 策定の目的"));
        assert!(!is_section(
            "2021(令和3)年度から2025(令和7)年度の5年間を計画期間とします。"
        ));
        assert!(is_toc_entry("- 1 策定の目的・・・・・・ 1"));
        assert!(is_toc_entry("- I 市民と行政がともに支えあう体制づくり"));
        assert!(!is_toc_entry("1 策定の目的"));
        assert!(is_page_number("- 4 -"));
        assert!(is_page_number("12"));
        assert!(is_page_number("4/39"));
        assert!(!is_page_number("2021年度"));
        assert!(!is_page_number("-"));
    }
}
