//! Group headings (`I 1 (1) 新たな財源の確保`) and the numbering of their sequence: a
//! misread top level is corrected from its neighbours, a lost number inferred from them.

use crate::token::id;

/// A heading cell split into its number (if printed) and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCell {
    pub levels: Option<Vec<u32>>,
    /// The number as printed, from the normalised text (`I 1 (1)`).
    pub number: Option<String>,
    pub title: String,
}

/// Read a heading cell. A lone arabic number must stand apart from the words (`1 財源`,
/// not `1医療機関`); what follows the number is the heading's words.
pub fn head_cell(text: &str) -> HeadCell {
    let t = text.trim();
    if let Ok((rest, levels)) = id::item_id(t) {
        let apart = rest.is_empty() || rest.starts_with(char::is_whitespace);
        let arabic = t.starts_with(|c: char| c.is_ascii_digit());
        if levels.len() >= 2 || apart || !arabic {
            let used = &t[..t.len() - rest.len()];
            return HeadCell {
                levels: Some(levels),
                number: Some(used.trim().to_string()),
                title: super::tidy(rest.trim()),
            };
        }
    }
    HeadCell {
        levels: None,
        number: None,
        title: super::tidy(t),
    }
}

/// Does `next` come after `prev` in a hierarchical numbering (same depth)?
fn after(prev: &[u32], next: &[u32]) -> bool {
    prev.len() == next.len() && next > prev
}

/// The top level a heading should carry after `prev`: the same section while the lower
/// levels keep rising, the next section when they start again.
fn expected_top(prev: &[u32], cur: &[u32]) -> Option<u32> {
    let (p0, plow) = prev.split_first()?;
    let (_, clow) = cur.split_first()?;
    if plow.len() != clow.len() || clow.is_empty() {
        return None;
    }
    Some(if clow > plow { *p0 } else { p0 + 1 })
}

/// What was done to a group's number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// The top level was printed as `from` and does not fit the sequence.
    Top { from: u32, to: u32 },
    /// No number was printed; this one fits between the neighbours.
    Inferred,
}

/// Check the numbers of the groups in document order (`None` = not printed) and return
/// the numbers to use, with what was fixed. The top level is corrected when it breaks the
/// sequence (`Ⅲ1(3)` between `Ⅱ1(2)` and `Ⅱ2(2)`); a missing number is inferred as the
/// predecessor of the next group's number when that still comes after the previous group.
pub fn resolve(printed: &[Option<Vec<u32>>]) -> Vec<(Option<Vec<u32>>, Option<Fix>)> {
    let mut out: Vec<(Option<Vec<u32>>, Option<Fix>)> = Vec::with_capacity(printed.len());
    let mut prev: Option<Vec<u32>> = None;
    for (k, p) in printed.iter().enumerate() {
        let Some(levels) = p else {
            out.push((None, None));
            continue;
        };
        let mut levels = levels.clone();
        let mut fix = None;
        if let Some(pr) = &prev {
            if let (Some(want), Some(&top)) = (expected_top(pr, &levels), levels.first()) {
                // A section the table skips: the numbering restarts under a later top
                // level, and the next heading carries the same one.
                let next_top = printed
                    .get(k + 1)
                    .and_then(|n| n.as_ref())
                    .and_then(|n| n.first());
                let skipped = top > want
                    && levels.get(1..) <= pr.get(1..)
                    && next_top.is_none_or(|&n| n == top);
                if want != top && !skipped {
                    fix = Some(Fix::Top {
                        from: top,
                        to: want,
                    });
                    levels[0] = want;
                }
            }
        }
        prev = Some(levels.clone());
        out.push((Some(levels), fix));
    }
    // Lost numbers: one group between two numbered neighbours (two lost side by side leave
    // the order between them unknown).
    for k in 1..out.len() {
        if out[k].0.is_some() {
            continue;
        }
        let (Some(before), Some(next)) = (
            out[k - 1].0.clone(),
            out.get(k + 1).and_then(|o| o.0.clone()),
        ) else {
            continue;
        };
        let Some((&last, head)) = next.split_last() else {
            continue;
        };
        if last < 2 {
            continue;
        }
        let mut cand = head.to_vec();
        cand.push(last - 1);
        // `next` implies its predecessor exists; not printed before, it is this one.
        if after(&before, &cand) {
            out[k] = (Some(cand), Some(Fix::Inferred));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_cells() {
        let h = head_cell("I 1 (1) 新たな財源の確保");
        assert_eq!(h.levels, Some(vec![1, 1, 1]));
        assert_eq!(h.number.as_deref(), Some("I 1 (1)"));
        assert_eq!(h.title, "新たな財源の確保");
        let h = head_cell("Ⅲ1(3)窓口改善の取組み");
        assert_eq!(h.levels, Some(vec![3, 1, 3]));
        assert_eq!(h.title, "窓口改善の取組み");
        let h = head_cell("I3(1) 効果的なマネジメントサイクルの推進");
        assert_eq!(h.levels, Some(vec![1, 3, 1]));
        assert_eq!(head_cell("1 財源の確保").levels, Some(vec![1]));
        assert_eq!(head_cell("Ⅱ 組織").levels, Some(vec![2]));
        assert_eq!(head_cell("1医療機関").levels, None);
        let h = head_cell("間委託の導入を見据えた事務フローの見直し");
        assert_eq!(h.levels, None);
        assert_eq!(h.title, "間委託の導入を見据えた事務フローの見直し");
    }

    #[test]
    fn misread_top_level_is_corrected() {
        let r = resolve(&[
            Some(vec![2, 1, 2]),
            Some(vec![3, 1, 3]),
            Some(vec![2, 2, 2]),
            Some(vec![3, 1, 1]),
            Some(vec![3, 3, 1]),
            Some(vec![2, 3, 2]),
        ]);
        assert_eq!(r[1].0, Some(vec![2, 1, 3]));
        assert_eq!(r[1].1, Some(Fix::Top { from: 3, to: 2 }));
        assert_eq!(r[2], (Some(vec![2, 2, 2]), None));
        // A new section starts again at 1 (1): accepted.
        assert_eq!(r[3], (Some(vec![3, 1, 1]), None));
        assert_eq!(r[5].0, Some(vec![3, 3, 2]));
    }

    #[test]
    fn a_skipped_section_is_not_a_misreading() {
        // Ⅱ is not in this table: Ⅲ1(1) after Ⅰ2(2), confirmed by Ⅲ1(2).
        let r = resolve(&[
            Some(vec![1, 2, 2]),
            Some(vec![3, 1, 1]),
            Some(vec![3, 1, 2]),
        ]);
        assert_eq!(r[1], (Some(vec![3, 1, 1]), None));
        // The last heading has nobody to contradict it.
        let r = resolve(&[Some(vec![1, 2, 2]), Some(vec![3, 1, 1])]);
        assert_eq!(r[1], (Some(vec![3, 1, 1]), None));
        // Ⅲ1(1) whose successor says Ⅱ: a misreading.
        let r = resolve(&[
            Some(vec![1, 2, 2]),
            Some(vec![3, 1, 1]),
            Some(vec![2, 1, 2]),
        ]);
        assert_eq!(r[1].0, Some(vec![2, 1, 1]));
    }

    #[test]
    fn lost_number_inferred_between_neighbours() {
        let r = resolve(&[Some(vec![2, 1, 3]), None, Some(vec![2, 2, 2])]);
        assert_eq!(r[1], (Some(vec![2, 2, 1]), Some(Fix::Inferred)));
        // No room: left unknown.
        let r = resolve(&[Some(vec![2, 1, 3]), None, Some(vec![2, 2, 1])]);
        assert_eq!(r[1], (None, None));
        let r = resolve(&[None, Some(vec![1, 1, 2])]);
        assert_eq!(r[0], (None, None));
        // Two lost side by side: neither is guessed.
        let r = resolve(&[Some(vec![1, 1, 1]), None, None, Some(vec![1, 1, 4])]);
        assert_eq!((r[1].0.clone(), r[2].0.clone()), (None, None));
    }
}
