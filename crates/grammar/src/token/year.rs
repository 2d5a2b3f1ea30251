//! Fiscal years: 令和2年度 → 2020, 令和元年度 → 2019, 平成31年度 → 2019, R2 → 2020,
//! H30 → 2018, 2022年度 → 2022 (text is normalised first, so full-width digits are ASCII).

use std::ops::Range;

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{digit1, space0};
use nom::combinator::{map_res, opt, value, verify};
use nom::{IResult, Parser};

type Res<'a, T> = IResult<&'a str, T>;

/// The Gregorian year before year 1 of each era.
fn era(i: &str) -> Res<'_, (i32, bool)> {
    alt((
        value((2018, false), tag("令和")),
        value((1988, false), tag("平成")),
        value((1925, false), tag("昭和")),
        value((2018, true), alt((tag("R."), tag("R")))),
        value((1988, true), alt((tag("H."), tag("H")))),
    ))
    .parse(i)
}

fn era_number(i: &str) -> Res<'_, i32> {
    alt((
        value(1, tag("元")),
        map_res(verify(digit1, |d: &str| d.len() <= 2), str::parse),
    ))
    .parse(i)
}

fn suffix(i: &str) -> Res<'_, Option<&str>> {
    let (i, _) = space0(i)?;
    opt(alt((tag("年度"), tag("年")))).parse(i)
}

/// `令和 2 年度`, `R2`, `H30年度`, `平成元年`.
pub fn era_year(i: &str) -> Res<'_, i32> {
    let (i, (base, letter)) = era(i)?;
    let (i, _) = space0(i)?;
    let (i, n) = era_number(i)?;
    if letter && n == 1 && i.starts_with('元') {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (i, _) = suffix(i)?;
    Ok((i, base + n))
}

/// `2019年度`, `2019 年度`, `2019`.
pub fn western_year(i: &str) -> Res<'_, i32> {
    let (i, y) = map_res(
        verify(digit1, |d: &str| {
            d.len() == 4 && (d.starts_with("19") || d.starts_with("20"))
        }),
        str::parse,
    )
    .parse(i)?;
    let (i, _) = suffix(i)?;
    Ok((i, y))
}

/// A fiscal year at the start of `i`.
pub fn fiscal_year(i: &str) -> Res<'_, i32> {
    alt((era_year, western_year)).parse(i)
}

/// The fiscal year of a whole cell (`令和2年度`, `2019 年度`, `R 2`), or `None`.
pub fn cell_year(s: &str) -> Option<i32> {
    let (rest, y) = fiscal_year(s.trim()).ok()?;
    rest.trim().is_empty().then_some(y)
}

/// Every fiscal year written in `s`, with its byte range, left to right.
pub fn find_years(s: &str) -> Vec<(i32, Range<usize>)> {
    let mut out = Vec::new();
    // Every year has an ASCII digit or 元 (`令和元年`): most sentences have neither, and a
    // byte scan for them costs less than the character walk below.
    if !s.bytes().any(|b| b.is_ascii_digit()) && !s.contains('元') {
        return out;
    }
    let mut prev: Option<char> = None;
    // After a year, the scan resumes at its end.
    let mut resume = 0usize;
    for (i, c) in s.char_indices() {
        let before = prev.replace(c);
        if i < resume {
            continue;
        }
        let boundary = !before.is_some_and(|p| p.is_ascii_alphanumeric());
        // Only these can start a year; skip the parser everywhere else.
        let can_start = c.is_ascii_digit() || matches!(c, '令' | '平' | '昭' | 'R' | 'H');
        if !(boundary && can_start) {
            continue;
        }
        if let Ok((rest, y)) = fiscal_year(&s[i..]) {
            let end = s.len() - rest.len();
            // A year must not run on into more digits (2019年 yes, 20190 no).
            let digit_after = s[end..].starts_with(|c: char| c.is_ascii_digit());
            let used = &s[i..end];
            // R2/H30 must not be the start of a word (RPA2X).
            let letter_after = used.starts_with(['R', 'H'])
                && s[end..].starts_with(|c: char| c.is_ascii_alphabetic());
            if !digit_after && !letter_after {
                out.push((y, i..end));
                resume = end;
            }
        }
    }
    out
}

/// A period `A～B` (`~ 〜 - から 至` between two fiscal years) anywhere in `s`.
pub fn find_range(s: &str) -> Option<(i32, i32)> {
    let years = find_years(s);
    for w in years.windows(2) {
        let between = s[w[0].1.end..w[1].1.start].trim();
        // `平成30年度(2018年度)～令和4年度(2022年度)`: the brackets of a second form.
        let between = between.trim_matches(|c: char| matches!(c, ' ' | '(' | ')' | '（' | '）'));
        if matches!(between, "~" | "〜" | "-" | "から" | "至" | "to" | "–")
            && w[0].0 < w[1].0
            && w[1].0 - w[0].0 <= 20
        {
            return Some((w[0].0, w[1].0));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_examples() {
        assert_eq!(cell_year("令和2年度"), Some(2020));
        assert_eq!(cell_year("令和元年度"), Some(2019));
        assert_eq!(cell_year("平成31年度"), Some(2019));
        assert_eq!(cell_year("R2"), Some(2020));
        assert_eq!(cell_year("H30"), Some(2018));
        assert_eq!(
            cell_year(&keikaku_loader::norm::normalize("２０２２年度")),
            Some(2022)
        );
    }

    #[test]
    fn spaced_forms() {
        assert_eq!(cell_year("令和 3 年度"), Some(2021));
        assert_eq!(cell_year("R 2"), Some(2020));
        assert_eq!(cell_year("2019 年度"), Some(2019));
        assert_eq!(cell_year("昭和64年"), Some(1989));
    }

    #[test]
    fn not_years() {
        assert_eq!(cell_year("2019年度計画"), None);
        assert_eq!(cell_year("123"), None);
        assert_eq!(cell_year("RPA"), None);
        assert!(find_years("20190件 PDCA HP").is_empty());
    }

    #[test]
    fn ranges() {
        assert_eq!(find_range("(2019 -2023)"), Some((2019, 2023)));
        assert_eq!(find_range("令和3年度~令和7年度"), Some((2021, 2025)));
        assert_eq!(
            find_range("(令和 3 年度 ~ 令和 7 年度)"),
            Some((2021, 2025))
        );
        assert_eq!(find_range("令和2年度〜令和6年度"), Some((2020, 2024)));
        assert_eq!(
            find_range("平成30年度から令和4年度まで"),
            Some((2018, 2022))
        );
        assert_eq!(find_range("令和3年3月"), None);
        assert_eq!(
            find_range("計画期間:平成30年度(2018年度)~令和4年度(2022年度)"),
            Some((2018, 2022))
        );
        assert_eq!(find_range("平成30年度(2018年度)"), None);
    }

    #[test]
    fn finds_years_in_text() {
        let y: Vec<i32> = find_years("R 2 計画概要 と 2024年度の実施内容")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(y, vec![2020, 2024]);
        // A year without an ASCII digit passes the byte prefilter by its 元.
        let y: Vec<i32> = find_years("計画期間は令和元年度から")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(y, vec![2019]);
        assert!(find_years("平成の行政改革を令和へ").is_empty());
    }
}
