//! Cell-level rules of the sheets: yearly targets (`40回`, `平均2人`, `98.82%`, `—`),
//! bullet lists inside one cell, and the arrows that continue a year plan.

use keikaku_loader::{Cell, Document};
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};
use schemars::JsonSchema;
use serde::Serialize;

type Res<'a, T> = IResult<&'a str, T>;

/// A number as printed: integers stay integers in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Num {
    Int(i64),
    Dec(f64),
}

/// One yearly target split into its parts: `平均2人` → qualifier `平均`, value 2, unit `人`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Target {
    /// Fiscal year the target is for (from the 年次計画 header above it).
    pub year: Option<i32>,
    /// The target as printed (normalised); `null` when the cell says there is none (`—`).
    pub text: Option<String>,
    pub value: Option<Num>,
    pub unit: Option<String>,
    /// Words before the number: `平均`, `月`, `約`.
    pub qualifier: Option<String>,
}

/// `1,000`, `98.82`, `200,000`: digits with thousands commas and a decimal part.
fn number(i: &str) -> Res<'_, &str> {
    recognize((
        digit1,
        many0(preceded(char(','), digit1)),
        opt(preceded(char('.'), digit1)),
    ))
    .parse(i)
}

/// Text before the number, as long as it holds no digit.
fn qualifier(i: &str) -> Res<'_, &str> {
    take_while(|c: char| !c.is_ascii_digit())(i)
}

/// The unit: whatever follows the number.
fn unit(i: &str) -> Res<'_, &str> {
    take_while1(|_| true)(i)
}

/// Is what follows a number a unit, not the rest of a sentence? A digit only in an
/// area or volume (`m2` from `㎡`), no particle (`回の周知` is prose).
fn is_unit(u: &str) -> bool {
    let prose = u.chars().any(|c| matches!(c, 'の' | 'を' | '、' | '。'));
    let digits = u.chars().filter(char::is_ascii_digit).count();
    let area = digits == 1
        && (u.ends_with('2') || u.ends_with('3'))
        && u.trim_end_matches(['2', '3']).ends_with('m');
    !prose && (digits == 0 || area)
}

/// `qualifier? number unit?`.
fn quantity(i: &str) -> Res<'_, (&str, &str, Option<&str>)> {
    let (i, q) = qualifier(i)?;
    let (i, n) = number(i)?;
    let (i, u) = opt(unit).parse(i)?;
    Ok((i, (q, n, u)))
}

/// Does the cell say "no target / nothing" (a lone dash in any of its forms)?
pub fn is_none_mark(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '—' | '―' | '－' | 'ー' | '_'))
}

fn to_num(s: &str) -> Option<Num> {
    let plain: String = s.chars().filter(|&c| c != ',').collect();
    if plain.contains('.') {
        plain.parse::<f64>().ok().map(Num::Dec)
    } else {
        plain.parse::<i64>().ok().map(Num::Int)
    }
}

fn negate(n: Num) -> Num {
    match n {
        Num::Int(i) => Num::Int(-i),
        Num::Dec(f) => Num::Dec(-f),
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Read one target cell.
pub fn target(year: Option<i32>, text: &str) -> Target {
    let t = text.trim();
    if is_none_mark(t) || t.is_empty() {
        return Target {
            year,
            text: None,
            value: None,
            unit: None,
            qualifier: None,
        };
    }
    let (value, unit, qual) = match quantity(t) {
        // Long words around the number, a second number or a year make it prose.
        Ok((_, (q, n, u)))
            if q.chars().count() <= 4
                && u.map_or(0, |u| u.chars().count()) <= 6
                && u.is_none_or(is_unit)
                && crate::token::year::find_years(t).is_empty() =>
        {
            let q = q.trim();
            // ▲ and △ are the minus signs of Japanese tables.
            match q {
                "-" | "▲" | "△" | "−" => (to_num(n).map(negate), u.and_then(non_empty), None),
                _ => (to_num(n), u.and_then(non_empty), non_empty(q)),
            }
        }
        _ => (None, None, None),
    };
    Target {
        year,
        text: Some(t.to_string()),
        value,
        unit,
        qualifier: qual,
    }
}

/// Does the cell continue the previous year's plan (`→`, `⇒`, `〃`)?
pub fn is_arrow(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '→' | '⇒' | '➡' | '⟶' | '⇨' | '〃' | '-' | '>' | ' '))
        && t.chars().any(|c| c != '-' && c != ' ')
}

/// Characters that start a list entry when they open the cell or follow a space.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '○' | '・' | '●' | '◆' | '◇' | '■' | '□' | '◎' | '▪' | '•' | '✓' | '★' | '☆'
    )
}

/// Split a cell into list entries: at paragraph breaks (`<p>`, `<li>`), and at bullets that
/// open the cell or follow whitespace in the source (a `・` inside a word, as in `清掃・除草`,
/// is not a bullet). Bullets are dropped; a lead sentence before the first bullet is an entry.
pub fn entries(doc: &Document, cell: &Cell) -> Vec<String> {
    let text = cell.text.as_str();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            push_entry(&mut out, &mut cur);
            prev = Some(c);
            continue;
        }
        if is_bullet(c) && starts_entry(doc, cell, i, prev) {
            push_entry(&mut out, &mut cur);
            prev = Some(c);
            continue;
        }
        cur.push(c);
        prev = Some(c);
    }
    push_entry(&mut out, &mut cur);
    out
}

fn push_entry(out: &mut Vec<String>, cur: &mut String) {
    let t = cur.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
    cur.clear();
}

/// A bullet at normalised byte `i` opens an entry when it is first, or when the text (or
/// the source, where normalisation dropped a wrap space) has whitespace just before it.
fn starts_entry(doc: &Document, cell: &Cell, i: usize, prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) if p.is_whitespace() => true,
        Some(_) => {
            let Some(src) = cell.source_of(i) else {
                return false;
            };
            let before = doc.text.get(..src as usize).unwrap_or("");
            before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() || c == '>')
        }
    }
}

/// Several cells of one section joined into entries, in order.
pub fn cells_entries(doc: &Document, cells: &[&Cell]) -> Vec<String> {
    cells.iter().flat_map(|c| entries(doc, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_units_and_sentences_are_not() {
        let t = target(Some(2023), "1,500m2");
        assert_eq!(
            (t.value, t.unit.as_deref()),
            (Some(Num::Int(1500)), Some("m2"))
        );
        let t = target(None, "月1回の周知");
        assert_eq!((t.value, t.unit), (None, None));
        assert_eq!(t.text.as_deref(), Some("月1回の周知"));
        assert!(is_unit("千円") && is_unit("km2") && !is_unit("2回") && !is_unit("件を実施"));
    }

    #[test]
    fn targets_split_into_number_and_unit() {
        let t = target(Some(2021), "40回");
        assert_eq!(t.value, Some(Num::Int(40)));
        assert_eq!(t.unit.as_deref(), Some("回"));
        assert_eq!(t.qualifier, None);
        let t = target(None, "30%");
        assert_eq!(
            (t.value, t.unit.as_deref()),
            (Some(Num::Int(30)), Some("%"))
        );
        let t = target(None, "平均2人");
        assert_eq!(t.qualifier.as_deref(), Some("平均"));
        assert_eq!(
            (t.value, t.unit.as_deref()),
            (Some(Num::Int(2)), Some("人"))
        );
        let t = target(None, "月1回");
        assert_eq!(t.qualifier.as_deref(), Some("月"));
        assert_eq!(t.value, Some(Num::Int(1)));
        let t = target(None, "1,000人");
        assert_eq!(t.value, Some(Num::Int(1000)));
        let t = target(None, "98.82%");
        assert_eq!(t.value, Some(Num::Dec(98.82)));
        let t = target(None, "200,000千円");
        assert_eq!(
            (t.value, t.unit.as_deref()),
            (Some(Num::Int(200_000)), Some("千円"))
        );
    }

    #[test]
    fn dash_means_no_target_and_words_stay_words() {
        let t = target(Some(2021), "-");
        assert_eq!((t.text, t.value), (None, None));
        assert!(is_none_mark("—"));
        let t = target(None, "実施");
        assert_eq!(t.text.as_deref(), Some("実施"));
        assert_eq!((t.value, t.unit), (None, None));
        let t = target(None, "令和5年度までに策定");
        assert_eq!(t.value, None);
        let t = target(None, "10~20件");
        assert_eq!((t.value, t.text.as_deref()), (None, Some("10~20件")));
        let t = target(None, "▲5%");
        assert_eq!(
            (t.value, t.unit.as_deref()),
            (Some(Num::Int(-5)), Some("%"))
        );
    }

    #[test]
    fn arrows() {
        assert!(is_arrow("→"));
        assert!(is_arrow(" ⇒ "));
        assert!(!is_arrow("-"));
        assert!(!is_arrow("実施→拡充"));
    }

    fn doc(s: &str) -> Document {
        keikaku_loader::load(s.as_bytes()).unwrap()
    }

    #[test]
    fn bullets_split_only_where_they_open_an_entry() {
        let d = doc("<p>支援を行う。 ○清掃・除草の支援 ○表彰状の贈呈</p>");
        let cell = &d.lines[0].cells[0];
        assert_eq!(
            entries(&d, cell),
            vec!["支援を行う。", "清掃・除草の支援", "表彰状の贈呈"]
        );
        // The wrap space before ・ is gone from the normalised text but not from the source.
        let d = doc("・出前講座 ・連続講座");
        assert_eq!(
            entries(&d, &d.lines[0].cells[0]),
            vec!["出前講座", "連続講座"]
        );
        let d = doc("収納率の向上と安定した財源の確保を図る。");
        assert_eq!(entries(&d, &d.lines[0].cells[0]).len(), 1);
    }
}
