//! Values of the sheet: statuses, goals with 【indicators】, 基本姿勢, plan cells, year
//! headers and 推進手段 columns.

use nom::character::complete::{char, digit1, space0};
use nom::combinator::opt;
use nom::{IResult, Parser};

use super::{Goal, Indicator, Stance};
use crate::item::Status;
use crate::token::{status, year, Trim};

/// Read a status from the text after 達成状況 / 進捗状況: a mark and/or a label, in any
/// order, possibly with noise between them (`(回答) 順調`). The label decides.
pub fn read_status(text: &str) -> Option<Status> {
    let raw = text.trim_ws();
    if raw.is_empty() {
        return None;
    }
    // A mark or label in brackets is the same status (`順調(○)`, `○(順調)`, `【中止】×`).
    let unbracketed: String = raw
        .chars()
        .map(|c| match c {
            '(' | ')' | '[' | ']' | '【' | '】' | '「' | '」' => ' ',
            c => c,
        })
        .collect();
    let t = unbracketed.trim_ws();
    if t.is_empty() {
        return None;
    }
    if let Some(mut s) = status::parse(t, None) {
        if s.raw.is_some() {
            s.raw = Some(raw.to_string());
        }
        return Some(s);
    }
    let mut mark = None;
    let mut lab = None;
    for tok in t.split_whitespace() {
        if mark.is_none() && status::repair_mark(tok).is_some_and(|m| m != "●") {
            mark = Some(tok);
        } else if lab.is_none() && status::label_code(tok).is_some() {
            lab = Some(tok);
        }
    }
    if lab.is_none() {
        lab = t.split_whitespace().find(|tok| near_label(tok).is_some());
        if let Some(l) = lab.and_then(near_label) {
            let mut s = status::decide(mark, Some(l), None);
            s.raw = Some(raw.to_string());
            return Some(s);
        }
    }
    if mark.is_none() && lab.is_none() {
        // Printed, but neither a mark nor a label we know: keep it, decide nothing.
        let mut s = Status::unknown();
        s.raw = Some(raw.to_string());
        return Some(s);
    }
    let mut s = status::decide(mark, lab, None);
    s.raw = Some(raw.to_string());
    Some(s)
}

/// A two-character status label with one character misread (`回調` for 順調); a negation
/// (不, 未, 非) is a different word, not a misreading.
fn near_label(tok: &str) -> Option<&'static str> {
    let t: Vec<char> = tok.chars().collect();
    if t.len() != 2 || t.iter().any(|c| matches!(c, '不' | '未' | '非')) {
        return None;
    }
    ["順調", "達成", "遅延", "完了", "中止", "廃止"]
        .into_iter()
        .find(|l| {
            let l: Vec<char> = l.chars().collect();
            (t[0] == l[0]) != (t[1] == l[1])
        })
}

/// Split the 【indicator】 off a goal text (the last bracketed part).
pub fn goal(text: Option<String>) -> Option<Goal> {
    let t = text?;
    let Some(open) = t.rfind('【') else {
        return Some(Goal {
            text: Some(t),
            indicator: None,
        });
    };
    let after = &t[open + '【'.len_utf8()..];
    // OCR closes with `]` or drops the bracket at the end of the cell.
    let (inner, tail) = match after.find(['】', ']']) {
        Some(c) => {
            let w = after[c..].chars().next().map_or(1, char::len_utf8);
            (&after[..c], &after[c + w..])
        }
        None => (after, ""),
    };
    let ind = inner.trim_ws().to_string();
    let mut rest = String::new();
    rest.push_str(t[..open].trim_end());
    let tail = tail.trim_ws();
    if !tail.is_empty() {
        if !rest.is_empty() {
            rest.push(' ');
        }
        rest.push_str(tail);
    }
    Some(Goal {
        text: (!rest.is_empty()).then_some(rest),
        indicator: (!ind.is_empty()).then_some(ind),
    })
}

/// Indicators quoted in a summary: each `【name】` and the text after it up to the next
/// 【 or line end.
pub fn indicators(text: &str) -> Vec<Indicator> {
    let mut out: Vec<Indicator> = Vec::new();
    // An indicator whose value is printed on the following lines.
    let mut open_value = false;
    for line in text.lines() {
        if open_value && !line.contains('【') && !line.trim_ws().is_empty() {
            if let Some(last) = out.last_mut() {
                let v = last.value.get_or_insert_with(String::new);
                if !v.is_empty() {
                    v.push(' ');
                }
                v.push_str(line.trim_ws());
            }
            continue;
        }
        open_value = false;
        let mut rest = line;
        while let Some(open) = rest.find('【') {
            let after = &rest[open + '【'.len_utf8()..];
            let Some(close) = after.find('】') else {
                break;
            };
            let name = after[..close].trim_ws().to_string();
            let tail = &after[close + '】'.len_utf8()..];
            let end = tail.find('【').unwrap_or(tail.len());
            let value = tail[..end].trim_ws();
            if !name.is_empty() {
                out.push(Indicator {
                    name,
                    value: (!value.is_empty()).then(|| value.to_string()),
                });
            }
            open_value = value.is_empty() && end == tail.len();
            rest = &tail[end..];
        }
    }
    out
}

/// `1.` / `1 .` / `1．` before the 基本姿勢 text.
fn stance_number(i: &str) -> IResult<&str, u32> {
    let (i, d) = digit1(i)?;
    let (i, _) = space0(i)?;
    let (i, _) = opt(char('.')).parse(i)?;
    let (i, _) = space0(i)?;
    let n = d
        .parse::<u32>()
        .map_err(|_| nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Digit)))?;
    Ok((i, n))
}

pub fn stance(text: Option<String>) -> Option<Stance> {
    let t = text?;
    match stance_number(t.trim_ws()) {
        Ok((rest, n)) => Some(Stance {
            n: Some(n),
            text: (!rest.is_empty()).then(|| rest.to_string()),
        }),
        Err(_) => Some(Stance {
            n: None,
            text: Some(t),
        }),
    }
}

/// Words a plan year cell holds: marks or a short phase word.
const PLAN_WORDS: &[&str] = &[
    "実施",
    "検討",
    "導入",
    "継続",
    "試行",
    "運用",
    "拡充",
    "策定",
    "準備",
    "開始",
    "完了",
    "達成",
    "見直し",
    "調査",
    "研究",
    "構築",
    "→",
];

/// Is a plan cell readable as a value (not OCR garbage)?
pub fn plan_value(t: &str) -> Option<String> {
    let t = t.trim_ws();
    if !t.is_empty()
        && t.chars().all(|c| matches!(c, '●' | '○' | '◎' | '◯'))
        && t.chars().count() == 1
    {
        return Some(t.to_string());
    }
    PLAN_WORDS.contains(&t).then(|| t.to_string())
}

/// A year as printed in a header or plan cell: `2019年度`, `2019 年度`, `2024`, `令和6年度`,
/// or a year with its other-era form in brackets (`2022(R4)`, `令和4年度(2022)`).
pub fn year_cell(t: &str) -> Option<i32> {
    let t = t.trim_ws();
    // Every form starts with the year itself (the bracketed one too: the first year is
    // printed before the bracket), so only these characters can start one. Asked of every
    // cell of every sheet row (`year_header`): most are refused here, without the parsers.
    if !t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '令' | '平' | '昭' | 'R' | 'H'))
    {
        return None;
    }
    if let Some(y) = plain_year(t) {
        return Some(y);
    }
    let (a, b) = t.strip_suffix(')')?.split_once('(')?;
    let (ya, yb) = (plain_year(a), plain_year(b));
    match (ya, yb) {
        (Some(x), Some(y)) if x == y => Some(x),
        _ => None,
    }
}

fn plain_year(t: &str) -> Option<i32> {
    let t = t.trim_ws();
    if let Some(y) = year::cell_year(t) {
        return Some(y);
    }
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = t.parse().ok()?;
        if (1990..2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

/// The year columns of a plan header row: at least three consecutive fiscal years, and
/// nothing but short header words beside them.
pub fn year_header(cells: &[(usize, &str)]) -> Option<Vec<(usize, i32)>> {
    let mut years: Vec<(usize, i32)> = Vec::new();
    for &(col, t) in cells {
        if t.is_empty() {
            continue;
        }
        match year_cell(t) {
            Some(y) => years.push((col, y)),
            None if t.chars().count() > 8 => return None,
            None => {}
        }
    }
    let consecutive = years
        .windows(2)
        .all(|w| w[1].1 == w[0].1 + 1 && w[1].0 > w[0].0);
    (years.len() >= 3 && consecutive).then_some(years)
}

/// `(n)` headers of the 推進手段 columns.
pub fn means_number(t: &str) -> Option<u32> {
    let t = t.trim_ws();
    // `(1)`, `①`, or a bare `1` in the header cells after 推進手段.
    let inner = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(t)
        .trim_ws();
    let n: u32 = match crate::token::id::circled(inner) {
        Ok(("", n)) => n,
        _ => inner.parse().ok()?,
    };
    (1..=20).contains(&n).then_some(n)
}

/// A cell holding only 推進手段 marks (`●`, `◎ ● ●`).
pub fn marks_only(t: &str) -> bool {
    let t = t.trim_ws();
    !t.is_empty() && t.chars().all(|c| matches!(c, '●' | '◎' | '○' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::StatusCode;

    #[test]
    fn statuses_with_noise() {
        let code = |t: &str| read_status(t).map(|s| s.code);
        assert_eq!(code("○ 達成"), Some(StatusCode::Achieved));
        assert_eq!(code("(回答) 順調"), Some(StatusCode::OnTrack));
        assert_eq!(code("0 順調"), Some(StatusCode::OnTrack));
        assert_eq!(code("© 達成"), Some(StatusCode::Achieved));
        assert_eq!(code("× 中止"), Some(StatusCode::Discontinued));
        // Label first, the mark in brackets (or the other way round).
        let both = |t: &str| read_status(t).map(|s| (s.code, s.mark, s.label, s.raw.is_some()));
        assert_eq!(
            both("順調(○)"),
            Some((
                StatusCode::OnTrack,
                Some("○".into()),
                Some("順調".into()),
                false
            ))
        );
        assert_eq!(
            both("中止(×)"),
            Some((
                StatusCode::Discontinued,
                Some("×".into()),
                Some("中止".into()),
                false
            ))
        );
        assert_eq!(
            both("○(順調)"),
            Some((
                StatusCode::OnTrack,
                Some("○".into()),
                Some("順調".into()),
                false
            ))
        );
        assert_eq!(code("未着手 -"), Some(StatusCode::NotStarted));
        assert_eq!(code("川石三田"), Some(StatusCode::Unknown));
        assert_eq!(code("回調"), Some(StatusCode::OnTrack));
        assert_eq!(code("不調"), Some(StatusCode::Unknown));
        assert_eq!(code(""), None);
    }

    #[test]
    fn goal_indicator_is_split() {
        let g = goal(Some("・適正な管理を行う。 【職員数の増減】".into())).unwrap();
        assert_eq!(g.text.as_deref(), Some("・適正な管理を行う。"));
        assert_eq!(g.indicator.as_deref(), Some("職員数の増減"));
        let g = goal(Some("環境が構築されている。【管理職の女性比率 30%]".into())).unwrap();
        assert_eq!(g.indicator.as_deref(), Some("管理職の女性比率 30%"));
        let g = goal(Some("管理を行う。".into())).unwrap();
        assert_eq!(g.indicator, None);
    }

    #[test]
    fn summary_indicators() {
        let v = indicators("本文\n【業務ミス件数】 令和元年度 5件 令和2年度 2件\n【率】");
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].name, "業務ミス件数");
        assert_eq!(v[0].value.as_deref(), Some("令和元年度 5件 令和2年度 2件"));
        assert_eq!(v[1].value, None);
        let v = indicators("【団体数】\n令和元年度 114団体\n令和2年度 121団体");
        assert_eq!(
            v[0].value.as_deref(),
            Some("令和元年度 114団体 令和2年度 121団体")
        );
    }

    #[test]
    fn stance_number_and_text() {
        let s = stance(Some("2. 好循環の流れ".into())).unwrap();
        assert_eq!((s.n, s.text.as_deref()), (Some(2), Some("好循環の流れ")));
    }

    #[test]
    fn year_headers_and_plan_cells() {
        let h = year_header(&[(0, ""), (2, "2019年度"), (3, "2020年度"), (4, "2021年度")]);
        assert_eq!(h, Some(vec![(2, 2019), (3, 2020), (4, 2021)]));
        assert_eq!(year_header(&[(1, "2024"), (5, "2028")]), None);
        // A year and its other-era form.
        assert_eq!(year_cell("2022(R4)"), Some(2022));
        assert_eq!(year_cell("R4(2022)"), Some(2022));
        assert_eq!(year_cell("令和4年度(2022年度)"), Some(2022));
        assert_eq!(year_cell("平成31年度"), Some(2019));
        // Spaces around the year are not its first character; a bracket or a word is.
        assert_eq!(year_cell(" 2019 年度\u{3000}"), Some(2019));
        assert_eq!(year_cell("昭和60年"), Some(1985));
        assert_eq!(year_cell("(2022)"), None);
        assert_eq!(year_cell("第2022年度"), None);
        assert_eq!(year_cell("2022(R5)"), None);
        assert_eq!(year_cell("実施(2022)"), None);
        assert_eq!(
            year_header(&[
                (0, "長い説明の文章がここにある"),
                (1, "2024"),
                (2, "2025"),
                (3, "2026")
            ]),
            None
        );
        assert_eq!(plan_value("●").as_deref(), Some("●"));
        assert_eq!(plan_value("実施").as_deref(), Some("実施"));
        assert_eq!(plan_value("恒"), None);
        assert_eq!(plan_value("● ● ● ● ●"), None);
        assert_eq!(means_number("(7)"), Some(7));
        assert_eq!(means_number("③"), Some(3));
        assert_eq!(means_number("5"), Some(5));
        assert_eq!(means_number("(21)"), None);
        assert_eq!(means_number("◎"), None);
        assert!(marks_only("◎ ● ●"));
    }
}
