//! Field-level provenance found after parsing: each common field of an item (and of an
//! activity) is looked up among the cells of the source lines the item came from, so
//! every grammar gets it without bookkeeping. A grammar that knows better fills
//! `fields` itself and is left alone. A value not found verbatim gets no entry: we
//! never point at a line that merely looks likely.

use keikaku_grammar::{Activity, FieldSource, FieldSources, Item, LineRange, Status};
use keikaku_loader::{norm, Cell, Document, Format, Line};

/// Lines searched per item at most, so that one item spanning the whole document cannot
/// make the pass quadratic.
const MAX_LINES: usize = 2_000;

/// Fill `fields` of every item and activity that has none.
pub fn locate(doc: &Document, items: &mut [Item]) {
    for item in items.iter_mut() {
        if item.fields.is_none() {
            let lines = lines_in(doc, &item.source);
            let f = FieldSources {
                raw_id: item
                    .raw_id
                    .as_deref()
                    .and_then(|v| find_raw_id(doc, &lines, v)),
                title: item.title.as_deref().and_then(|v| find_text(&lines, v)),
                department: item
                    .department
                    .as_deref()
                    .and_then(|v| find_text(&lines, v)),
                status: item.status.as_ref().and_then(|s| find_status(&lines, s)),
            };
            item.fields = (!f.is_empty()).then_some(f);
        }
        for act in item.activities.iter_mut() {
            locate_activity(doc, act);
        }
    }
}

fn locate_activity(doc: &Document, act: &mut Activity) {
    if act.fields.is_some() {
        return;
    }
    let lines = lines_in(doc, &act.source);
    let f = FieldSources {
        title: act.title.as_deref().and_then(|v| find_text(&lines, v)),
        status: act.status.as_ref().and_then(|s| find_status(&lines, s)),
        ..FieldSources::default()
    };
    act.fields = (!f.is_empty()).then_some(f);
}

/// The logical lines inside the ranges, in document order.
fn lines_in<'d>(doc: &'d Document, ranges: &[LineRange]) -> Vec<&'d Line> {
    let mut out = Vec::new();
    // PDF rows are numbered per page and a line range carries no page: such a range is
    // ambiguous, so a PDF grammar must fill `fields` itself (with page and box).
    if doc.format == Format::Pdf {
        return out;
    }
    for r in ranges {
        // Text lines are in physical order: find the first line of the range by bisection.
        let start = doc.lines.partition_point(|l| l.no < r.from);
        for l in doc.lines.iter().skip(start) {
            if l.no > r.to || out.len() >= MAX_LINES {
                break;
            }
            out.push(l);
        }
    }
    out
}

fn source_of(line: &Line, cell: &Cell) -> FieldSource {
    FieldSource {
        line: line.no,
        page: line.page,
        bbox: cell.bbox,
    }
}

/// The first cell satisfying `pred`, in document order.
fn first(lines: &[&Line], pred: impl Fn(&Cell) -> bool) -> Option<FieldSource> {
    lines.iter().find_map(|l| {
        l.cells
            .iter()
            .find(|c| !c.text.is_empty() && pred(c))
            .map(|c| source_of(l, c))
    })
}

/// Where a normalised value starts: the cell that is exactly it, else one that contains
/// it, else (a value joined from several lines) a cell it begins with that is long enough
/// not to be a mere label (four characters, or half the value), else (a value repaired
/// after OCR damage further on) a cell that contains its first half, at least four
/// characters.
fn find_text(lines: &[&Line], v: &str) -> Option<FieldSource> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    let half = v.chars().count().div_ceil(2);
    let head: String = v.chars().take(half.max(4)).collect();
    // Shorter cells cannot hold `v`: no trimming for them.
    first(lines, |c| c.text.len() >= v.len() && c.text.trim() == v)
        .or_else(|| first(lines, |c| c.text.contains(v)))
        .or_else(|| split_across_cells(lines, v))
        .or_else(|| {
            first(lines, |c| {
                let t = c.text.trim();
                let n = t.chars().count();
                n >= 2 && (n >= 4 || n >= half) && v.starts_with(t)
            })
        })
        .or_else(|| {
            (head.chars().count() >= 4 && head.len() < v.len())
                .then(|| first(lines, |c| c.text.contains(head.as_str())))
                .flatten()
        })
}

/// A value a line prints split over consecutive cells (`上 | 下水道 | 課`): the first cell.
fn split_across_cells(lines: &[&Line], v: &str) -> Option<FieldSource> {
    lines.iter().find_map(|l| {
        let cells: Vec<&Cell> = l.filled().collect();
        (0..cells.len()).find_map(|i| {
            let mut joined = String::new();
            for c in cells.iter().skip(i) {
                joined.push_str(c.text.trim());
                if !v.starts_with(joined.as_str()) {
                    return None;
                }
                if joined == v {
                    return Some(source_of(l, cells[i]));
                }
            }
            None
        })
    })
}

/// `raw_id` is as printed: match it against the raw cell text, or normalised.
fn find_raw_id(doc: &Document, lines: &[&Line], v: &str) -> Option<FieldSource> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    let n = norm::normalize(v);
    first(lines, |c| doc.raw(c, 0..c.text.len()).contains(v))
        .or_else(|| first(lines, |c| !n.is_empty() && c.text.contains(n.as_str())))
}

/// A status is found by the cell that prints exactly it (raw text, mark and label, or the
/// label alone), else by a cell containing its label, else by a cell that is only its mark.
/// Exact forms come first so that a legend (◎達成 ○順調 …) in the item is not taken.
fn find_status(lines: &[&Line], s: &Status) -> Option<FieldSource> {
    let some = |t: &Option<String>| {
        t.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
    };
    let (mark, label, raw) = (some(&s.mark), some(&s.label), some(&s.raw));
    let mut exact: Vec<String> = Vec::new();
    exact.extend(raw.clone());
    if let (Some(m), Some(l)) = (&mark, &label) {
        exact.push(format!("{m} {l}"));
        exact.push(format!("{m}{l}"));
    }
    exact.extend(label.clone());
    exact
        .iter()
        .find_map(|e| first(lines, |c| squeezed_eq(&c.text, e)))
        .or_else(|| {
            let l = label.as_deref()?;
            first(lines, |c| c.text.contains(l))
        })
        .or_else(|| {
            let m = mark.as_deref()?;
            first(lines, |c| c.text.trim() == m)
        })
}

/// Whether `t` with its white-space runs folded to one space and trimmed is `e`, without
/// building the folded string (this runs for every cell of an item, for up to four `e`).
fn squeezed_eq(t: &str, e: &str) -> bool {
    // Folding never lengthens a text, and the folded text starts with `t`'s first
    // non-space character: most cells fail one of these before a word is split off.
    if t.len() < e.len() {
        return false;
    }
    match (t.trim_start().chars().next(), e.chars().next()) {
        (Some(a), Some(b)) if a != b => return false,
        _ => {}
    }
    let mut rest = e;
    for (k, word) in t.split_whitespace().enumerate() {
        if k > 0 {
            let Some(r) = rest.strip_prefix(' ') else {
                return false;
            };
            rest = r;
        }
        let Some(r) = rest.strip_prefix(word) else {
            return false;
        };
        rest = r;
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_grammar::StatusCode;

    #[test]
    fn squeezed_eq_is_equality_after_folding_white_space() {
        let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let texts = [
            "○ 順調",
            "○順調",
            " ○  順調 ",
            "○\u{3000}順調",
            "順調",
            "",
            "  ",
            "○ 順",
            "○ 順調 x",
        ];
        for t in texts {
            for e in [
                "○ 順調",
                "○順調",
                "順調",
                "○",
                "○  順調",
                " ○ 順調",
                "順調 ",
            ] {
                assert_eq!(squeezed_eq(t, e), squeeze(t) == e, "{t:?} vs {e:?}");
            }
        }
    }

    fn doc(s: &str) -> Document {
        keikaku_loader::load(s.as_bytes()).unwrap()
    }

    #[test]
    fn fields_point_at_their_lines() {
        let d = doc(
            "表題\n項目番号\t1-①\n実施項目\t定員管理の\n\t適正化\n主管課\t総務課\n進捗\t○\t順調\n",
        );
        let mut it = Item::new(
            Some("1-1".into()),
            Some("1-①".into()),
            Some("定員管理の適正化".into()),
        );
        it.department = Some("総務課".into());
        it.status = Some(Status {
            code: StatusCode::OnTrack,
            mark: Some("○".into()),
            label: Some("順調".into()),
            raw: None,
        });
        it.source = vec![LineRange::new(2, 6)];
        let mut items = vec![it];
        locate(&d, &mut items);
        let f = items[0].fields.clone().unwrap();
        assert_eq!(f.raw_id.map(|s| s.line), Some(2));
        assert_eq!(f.title.map(|s| s.line), Some(3));
        assert_eq!(f.department.map(|s| s.line), Some(5));
        assert_eq!(f.status.map(|s| s.line), Some(6));
    }

    #[test]
    fn values_outside_the_item_or_not_printed_get_no_entry() {
        let d = doc("主管課\t総務課\n実施項目\t定員管理\n");
        let mut it = Item::new(None, None, Some("定員管理".into()));
        it.department = Some("総務課".into());
        it.source = vec![LineRange::one(2)];
        let mut other = Item::new(None, None, Some("ない".into()));
        other.source = vec![LineRange::one(1)];
        let mut items = vec![it, other];
        locate(&d, &mut items);
        let f = items[0].fields.clone().unwrap();
        assert_eq!(f.title.map(|s| s.line), Some(2));
        assert_eq!(f.department, None);
        assert_eq!(items[1].fields, None);
    }

    #[test]
    fn a_legend_is_not_taken_for_the_status() {
        let d =
            doc("凡例\t◎達成 ○順調 △遅延\n評価\t◎ 達成\n実施項目\t取組の推進に関する\n\t調査\n");
        let mut it = Item::new(None, None, Some("取組の推進に関する調査".into()));
        it.status = Some(Status {
            code: StatusCode::Achieved,
            mark: Some("◎".into()),
            label: Some("達成".into()),
            raw: None,
        });
        it.source = vec![LineRange::new(1, 4)];
        let mut items = vec![it];
        locate(&d, &mut items);
        let f = items[0].fields.clone().unwrap();
        assert_eq!(f.status.map(|s| s.line), Some(2));
        assert_eq!(f.title.map(|s| s.line), Some(3));
    }

    #[test]
    fn a_short_label_is_not_taken_for_the_start_of_a_title() {
        let d = doc("取組\t1\n");
        let lines: Vec<&Line> = d.lines.iter().collect();
        assert_eq!(find_text(&lines, "取組の推進に関する調査"), None);
        assert_eq!(find_text(&lines, "取組だ").map(|s| s.line), Some(1));
    }

    #[test]
    fn a_title_repaired_after_ocr_damage_is_found_by_its_first_half() {
        let d = doc("x\t① 国民健康保険特別会計の健 化\t全保険年金課\n");
        let lines: Vec<&Line> = d.lines.iter().collect();
        let f = find_text(&lines, "国民健康保険特別会計の健全化");
        assert_eq!(f.map(|s| s.line), Some(1));
        // A value that shares less than its first half is not found.
        assert_eq!(find_text(&lines, "国民年金の事務"), None);
        assert_eq!(find_text(&lines, "国民健康づくり推進計画の策定"), None);
    }

    #[test]
    fn a_value_split_over_cells_is_found_at_its_first_cell() {
        let d = doc("主管\t言課\t上\t下水道\t課\n");
        let lines: Vec<&Line> = d.lines.iter().collect();
        assert_eq!(find_text(&lines, "上下水道課").map(|s| s.line), Some(1));
        assert_eq!(find_text(&lines, "水道事業課"), None);
    }

    #[test]
    fn a_grammar_s_own_provenance_is_kept() {
        let d = doc("実施項目\t定員管理\n");
        let mut it = Item::new(None, None, Some("定員管理".into()));
        it.source = vec![LineRange::one(1)];
        let own = FieldSources {
            title: Some(FieldSource {
                line: 7,
                page: None,
                bbox: None,
            }),
            ..FieldSources::default()
        };
        it.fields = Some(own.clone());
        let mut items = vec![it];
        locate(&d, &mut items);
        assert_eq!(items[0].fields, Some(own));
    }
}
