//! Item numbers: `1-①`, `5 – ②`, `1-(1)`, `5-3)`, `Ⅲ2(2) ③`, `No. 4` → integers joined by `-`.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{map_res, opt, verify};
use nom::multi::many0;
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Parser};

type Res<'a, T> = IResult<&'a str, T>;

/// The value of a circled number (①…⑳, ㉑…㊿), or of a Unicode roman numeral.
pub(crate) fn circled_value(c: char) -> Option<u32> {
    match c {
        '\u{2460}'..='\u{2473}' => Some(c as u32 - 0x2460 + 1),
        '\u{3251}'..='\u{325F}' => Some(c as u32 - 0x3251 + 21),
        '\u{32B1}'..='\u{32BF}' => Some(c as u32 - 0x32B1 + 36),
        // ⑴…⒇ (parenthesised) and ⒈…⒛ (with full stop) are item numbers too.
        '\u{2474}'..='\u{2487}' => Some(c as u32 - 0x2474 + 1),
        '\u{2488}'..='\u{249B}' => Some(c as u32 - 0x2488 + 1),
        _ => None,
    }
}

fn unicode_roman(c: char) -> Option<u32> {
    match c {
        '\u{2160}'..='\u{216B}' => Some(c as u32 - 0x2160 + 1),
        '\u{2170}'..='\u{217B}' => Some(c as u32 - 0x2170 + 1),
        _ => None,
    }
}

fn one_char(i: &str, f: fn(char) -> Option<u32>) -> Res<'_, u32> {
    match i.chars().next().and_then(|c| f(c).map(|v| (c, v))) {
        Some((c, v)) => Ok((&i[c.len_utf8()..], v)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Char,
        ))),
    }
}

/// ① … ⑳ and beyond.
pub fn circled(i: &str) -> Res<'_, u32> {
    one_char(i, circled_value)
}

/// A decimal number of at most 4 digits (no item number is larger; years are not ids).
pub fn number(i: &str) -> Res<'_, u32> {
    map_res(verify(digit1, |d: &str| d.len() <= 4), str::parse).parse(i)
}

/// `(1)` or `( 1 )`.
fn paren_number(i: &str) -> Res<'_, u32> {
    delimited((char('('), space0), number, (space0, char(')'))).parse(i)
}

/// `3)` (a parenthesis lost on the left).
fn number_paren(i: &str) -> Res<'_, u32> {
    terminated(number, char(')')).parse(i)
}

/// Roman numerals, ASCII (after NFKC) or Unicode, not followed by another letter.
pub fn roman(i: &str) -> Res<'_, u32> {
    if let Ok(r) = one_char(i, unicode_roman) {
        return Ok(r);
    }
    let (rest, s) = take_while1(|c| matches!(c, 'I' | 'V' | 'X')).parse(i)?;
    let value = roman_value(s);
    match (value, rest.chars().next()) {
        (Some(v), next) if !next.is_some_and(|c| c.is_ascii_alphabetic()) => Ok((rest, v)),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

fn roman_value(s: &str) -> Option<u32> {
    const TABLE: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    TABLE.iter().position(|r| *r == s).map(|p| p as u32 + 1)
}

/// One level of the hierarchy.
pub fn component(i: &str) -> Res<'_, u32> {
    alt((circled, paren_number, roman, number_paren, number)).parse(i)
}

/// Between levels: nothing, spaces, or one dash with spaces around it.
fn separator(i: &str) -> Res<'_, ()> {
    let (i, _) = space0(i)?;
    let (i, _) = opt(alt((char('-'), char('一'), char('ー')))).parse(i)?;
    let (i, _) = space0(i)?;
    Ok((i, ()))
}

/// `No.`, `No`, `NO.`, `№` prefixes.
fn no_prefix(i: &str) -> Res<'_, ()> {
    let (i, _) = alt((
        tag("No."),
        tag("NO."),
        tag("no."),
        tag("No"),
        tag("NO"),
        tag("№"),
    ))
    .parse(i)?;
    let (i, _) = space0(i)?;
    Ok((i, ()))
}

/// An item number at the start of `i` (normalised text): its levels.
pub fn item_id(i: &str) -> Res<'_, Vec<u32>> {
    let (i, _) = opt(no_prefix).parse(i)?;
    let (i, first) = component(i)?;
    let (i, rest) = many0(preceded(separator, component)).parse(i)?;
    let mut levels = Vec::with_capacity(rest.len() + 1);
    levels.push(first);
    levels.extend(rest);
    Ok((i, levels))
}

/// Levels joined by `-`: the contract's canonical id.
pub fn join(levels: &[u32]) -> String {
    let mut s = String::new();
    for (k, l) in levels.iter().enumerate() {
        if k > 0 {
            s.push('-');
        }
        s.push_str(&l.to_string());
    }
    s
}

/// The canonical id of a whole printed id (any text form; it is normalised first).
/// `None` when the text is not an id from start to end.
pub fn canonical(printed: &str) -> Option<String> {
    let n = keikaku_loader::norm::normalize(printed);
    let (rest, levels) = item_id(n.trim()).ok()?;
    rest.trim().is_empty().then(|| join(&levels))
}

/// Parse the integers back out of a canonical id.
pub fn levels(canonical: &str) -> Option<Vec<u32>> {
    canonical.split('-').map(|p| p.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_examples() {
        assert_eq!(canonical("1-①").as_deref(), Some("1-1"));
        assert_eq!(canonical("5 – ②").as_deref(), Some("5-2"));
        assert_eq!(canonical("No. 4").as_deref(), Some("4"));
        assert_eq!(canonical("1 (3) ②").as_deref(), Some("1-3-2"));
        assert_eq!(canonical("Ⅲ2(2) ③").as_deref(), Some("3-2-2-3"));
    }

    #[test]
    fn ocr_forms() {
        assert_eq!(canonical("1-(1)").as_deref(), Some("1-1"));
        assert_eq!(canonical("5-3)").as_deref(), Some("5-3"));
        assert_eq!(canonical("2-15").as_deref(), Some("2-15"));
        assert_eq!(canonical("２－⑯").as_deref(), Some("2-16"));
        assert_eq!(canonical("II 3 (2)").as_deref(), Some("2-3-2"));
        assert_eq!(canonical("I 1 (1)").as_deref(), Some("1-1-1"));
        assert_eq!(canonical("⑳").as_deref(), Some("20"));
        assert_eq!(canonical("No.39").as_deref(), Some("39"));
        assert_eq!(canonical("（１）").as_deref(), Some("1"));
    }

    #[test]
    fn not_ids() {
        assert_eq!(canonical("定員管理"), None);
        assert_eq!(canonical("1-① 定員管理"), None);
        assert_eq!(canonical("ICT"), None);
        assert_eq!(canonical("20190"), None);
    }

    #[test]
    fn prefix_parse_leaves_the_rest() {
        let (rest, l) = item_id("I 1 (1) 新たな財源の確保").unwrap();
        assert_eq!(l, vec![1, 1, 1]);
        assert_eq!(rest.trim(), "新たな財源の確保");
        let (rest, l) = item_id("1. 時代変化").unwrap();
        assert_eq!((l, rest), (vec![1], ". 時代変化"));
    }

    #[test]
    fn levels_round_trip() {
        assert_eq!(levels("3-2-2-3"), Some(vec![3, 2, 2, 3]));
        assert_eq!(join(&[3, 2, 2, 3]), "3-2-2-3");
    }
}
