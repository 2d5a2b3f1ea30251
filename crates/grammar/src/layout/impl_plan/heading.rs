//! The three heading levels of a 実施計画: chapter `1 …` (or `第1章 …`), section `(1) …`,
//! item `① …`. Headings stand alone on their line; in the table of contents an item
//! heading carries its page number in a second cell.

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{char, digit1, one_of, space0, space1};
use nom::combinator::{map_res, verify};
use nom::sequence::delimited;
use nom::{IResult, Parser};

use crate::token::id;

type Res<'a, T> = IResult<&'a str, T>;

/// Which level a heading is, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Chapter,
    Section,
    Item,
}

/// A heading: its level, number, the number as printed, and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: Level,
    pub n: u32,
    pub raw: String,
    pub title: String,
}

/// Headings are short; a long line starting with a number is prose.
const MAX_TITLE: usize = 80;

fn small_number(i: &str) -> Res<'_, u32> {
    map_res(verify(digit1, |d: &str| d.len() <= 2), str::parse).parse(i)
}

/// `1 ` / `1.` / `1．` / `1、` before a chapter title.
fn chapter_number(i: &str) -> Res<'_, u32> {
    let (i, n) = small_number(i)?;
    let (i, _) = alt((space1, tag("."), tag("、"))).parse(i)?;
    Ok((i, n))
}

/// `第1章` before a chapter title.
fn chapter_ordinal(i: &str) -> Res<'_, u32> {
    let (i, _) = tag("第")(i)?;
    let (i, n) = small_number(i)?;
    let (i, _) = one_of("章部")(i)?;
    Ok((i, n))
}

/// Words some plans put before a chapter number: `基本方針1 …`, `基本目標2 …`.
const CHAPTER_WORDS: &[&str] = &["基本方針", "基本目標", "改革の柱", "柱"];

/// `基本方針1 ` / `基本目標2:` before a chapter title.
fn chapter_named(i: &str) -> Res<'_, u32> {
    let (i, _) = alt((
        tag(CHAPTER_WORDS[0]),
        tag(CHAPTER_WORDS[1]),
        tag(CHAPTER_WORDS[2]),
        tag(CHAPTER_WORDS[3]),
    ))
    .parse(i)?;
    let (i, _) = space0(i)?;
    let (i, n) = alt((small_number, id::roman, id::circled)).parse(i)?;
    let (i, _) = alt((space1, tag(":"), tag("."), tag("、"))).parse(i)?;
    Ok((i, n))
}

/// `Ⅰ ` / `II.` before a chapter title (some plans number their chapters in roman).
fn chapter_roman(i: &str) -> Res<'_, u32> {
    let (i, n) = id::roman(i)?;
    let (i, _) = alt((space1, tag("."), tag("、"))).parse(i)?;
    Ok((i, n))
}

/// `(1)` before a section title.
fn section_number(i: &str) -> Res<'_, u32> {
    delimited((char('('), space0), small_number, (space0, char(')'))).parse(i)
}

/// `①` before an item title.
fn item_number(i: &str) -> Res<'_, u32> {
    id::circled(i)
}

/// A title: what follows the number, which must start like a word (not a year, a date
/// or punctuation) and be short.
fn title(i: &str) -> Option<String> {
    let t = i.trim();
    let first = t.chars().next()?;
    let wordlike = !first.is_ascii_digit()
        && !matches!(
            first,
            '年' | '月' | '日' | '%' | '.' | ',' | ')' | '-' | '~' | '・'
        );
    (wordlike && t.chars().count() <= MAX_TITLE && !t.ends_with('。')).then(|| t.to_string())
}

fn heading_with(text: &str, level: Level, number: fn(&str) -> Res<'_, u32>) -> Option<Heading> {
    let t = text.trim();
    let (rest, n) = number(t).ok()?;
    let (rest, _) = space0::<_, nom::error::Error<&str>>(rest).ok()?;
    let raw = t[..t.len() - rest.len()].trim().to_string();
    Some(Heading {
        level,
        n,
        raw,
        title: title(rest)?,
    })
}

/// Read a heading from the text of a lone cell.
pub fn parse(text: &str) -> Option<Heading> {
    heading_with(text, Level::Item, item_number)
        .or_else(|| heading_with(text, Level::Section, section_number))
        .or_else(|| heading_with(text, Level::Chapter, chapter_ordinal))
        .or_else(|| heading_with(text, Level::Chapter, chapter_number))
        .or_else(|| heading_with(text, Level::Chapter, chapter_roman))
        .or_else(|| heading_with(text, Level::Chapter, chapter_named))
}

/// A table-of-contents page number: a bare number of at most 3 digits.
pub fn is_page_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// A page number printed as a footer: `12`, `- 12 -`, `12/36`, `P.12`, `12ページ`.
pub fn is_page_footer(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_start_matches(['-', '('])
        .trim_end_matches(['-', ')']);
    let t = t
        .strip_prefix("P.")
        .or_else(|| t.strip_prefix("p."))
        .or_else(|| t.strip_prefix('P'))
        .unwrap_or(t);
    let t = t.strip_suffix("ページ").unwrap_or(t);
    let (a, b) = t.split_once('/').unwrap_or((t, "1"));
    is_page_number(a) && is_page_number(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> Option<(Level, u32, String, String)> {
        parse(text).map(|h| (h.level, h.n, h.raw, h.title))
    }

    #[test]
    fn chapter_headings() {
        assert_eq!(
            h("1 市民ニーズの把握と「総働」"),
            Some((
                Level::Chapter,
                1,
                "1".into(),
                "市民ニーズの把握と「総働」".into()
            ))
        );
        assert_eq!(
            h("第2章 職員の資質向上"),
            Some((Level::Chapter, 2, "第2章".into(), "職員の資質向上".into()))
        );
        assert_eq!(h("5 ICTを活用した情報化の推進").map(|x| x.1), Some(5));
        assert_eq!(
            h("Ⅱ 財政の健全化"),
            Some((Level::Chapter, 2, "Ⅱ".into(), "財政の健全化".into()))
        );
        assert_eq!(h("III. 組織の見直し").map(|x| x.1), Some(3));
        assert_eq!(h("ICTの活用"), None);
        assert_eq!(
            h("基本方針1 町民との協働"),
            Some((Level::Chapter, 1, "基本方針1".into(), "町民との協働".into()))
        );
        assert_eq!(h("基本目標 Ⅱ 財政の健全化").map(|x| x.1), Some(2));
        assert_eq!(h("基本方針を定める。"), None);
    }

    #[test]
    fn section_and_item_headings() {
        assert_eq!(
            h("(3) 職員研修制度の見直し"),
            Some((
                Level::Section,
                3,
                "(3)".into(),
                "職員研修制度の見直し".into()
            ))
        );
        assert_eq!(
            h("① 情報提供手段の拡大"),
            Some((Level::Item, 1, "①".into(), "情報提供手段の拡大".into()))
        );
        assert_eq!(
            h("①AI 、RPA等の活用").map(|x| x.3),
            Some("AI 、RPA等の活用".into())
        );
    }

    #[test]
    fn prose_and_values_are_not_headings() {
        assert_eq!(h("2025年、団塊の世代が75歳以上になり"), None);
        assert_eq!(h("N年度決算分をN+2年6月に公表"), None);
        assert_eq!(h("14団体"), None);
        assert_eq!(h("(1) 公共施設の管理手法の1つとして委託を検討する。"), None);
        assert_eq!(h("1"), None);
    }

    #[test]
    fn page_footers() {
        assert!(is_page_footer("- 12 -"));
        assert!(is_page_footer("12/36"));
        assert!(is_page_footer("P.3"));
        assert!(is_page_footer("7"));
        assert!(!is_page_footer("14団体"));
        assert!(!is_page_footer("令和2年度"));
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("36"));
        assert!(!is_page_number("令和2年度"));
        assert!(!is_page_number(""));
    }
}
