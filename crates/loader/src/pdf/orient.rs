//! Pages whose text is drawn turned and shown upright by the page's `/Rotate`.
//!
//! A landscape sheet stored on a portrait page (Microsoft Print to PDF, scanner drivers,
//! "rotate and flatten" tools) draws every glyph a quarter turn round and sets `/Rotate`
//! so that viewers show it upright. The layout reads tables in the page's own frame, in
//! which such a table stands on its side: its rows are columns. When the text the page
//! shows upright is most of the page, the page is turned as the viewer turns it before
//! layout. A page turned without its text (only `/Rotate` set) is left alone: its text
//! already runs upright in its own frame.

use std::f64::consts::{FRAC_PI_2, PI};

use super::layout::{Page, Rule};

/// Share of a page's glyphs that must run in the direction `/Rotate` turns upright.
const MAJORITY: f64 = 0.6;
/// Glyph angles within this many radians of a quarter are that quarter.
const SLACK: f64 = 0.05;

/// The quarter turns (0..=3, counter-clockwise) of a `/Rotate` value, if it is a
/// multiple of 90 degrees.
pub fn quarters(rotate: i64) -> Option<u8> {
    (rotate % 90 == 0).then(|| (rotate.rem_euclid(360) / 90) as u8)
}

/// Turn `page` clockwise by `quarters` quarter turns when most of its text runs in the
/// direction that makes upright (as a viewer shows the page). Whether it was turned.
pub fn upright(page: &mut Page, quarters: u8) -> bool {
    if quarters.is_multiple_of(4) {
        return false;
    }
    let angle = f64::from(quarters) * FRAC_PI_2;
    let (mut total, mut turned) = (0usize, 0usize);
    for g in page.glyphs.iter().filter(|g| !g.c.is_whitespace()) {
        total += 1;
        let d = (g.angle - angle).rem_euclid(2.0 * PI);
        if !(SLACK..=2.0 * PI - SLACK).contains(&d) {
            turned += 1;
        }
    }
    if total == 0 || (turned as f64) < MAJORITY * total as f64 {
        return false;
    }
    let (s, c) = angle.sin_cos();
    // Clockwise by `angle` (the glyphs' baseline direction becomes 0), then moved so that
    // the media box starts where it did: boxes stay positive, as a viewer shows them.
    let spin = |x: f64, y: f64| (x * c + y * s, -x * s + y * c);
    let (x0, y0, x1, y1) = page.media;
    let corners = [spin(x0, y0), spin(x1, y1), spin(x0, y1), spin(x1, y0)];
    let least = |v: [f64; 4]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let most = |v: [f64; 4]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (xs, ys) = (corners.map(|p| p.0), corners.map(|p| p.1));
    let (dx, dy) = (x0.min(x1) - least(xs), y0.min(y1) - least(ys));
    page.media = (least(xs) + dx, least(ys) + dy, most(xs) + dx, most(ys) + dy);
    let turn = |x: f64, y: f64| {
        let (x, y) = spin(x, y);
        (x + dx, y + dy)
    };
    for g in &mut page.glyphs {
        let (x, y) = turn(g.x, g.y);
        g.x = x;
        g.y = y;
        let a = (g.angle - angle).rem_euclid(2.0 * PI);
        // Back to (-π, π], and exactly 0 where it was exactly the page's turn, so that
        // upright tests that compare with 0 hold.
        g.angle = if a.abs() < 1e-9 || (2.0 * PI - a).abs() < 1e-9 {
            0.0
        } else if a > PI {
            a - 2.0 * PI
        } else {
            a
        };
    }
    for r in &mut page.rules {
        let ((x0, y0), (x1, y1)) = if r.horizontal {
            ((r.from, r.at), (r.to, r.at))
        } else {
            ((r.at, r.from), (r.at, r.to))
        };
        let (a, b) = (turn(x0, y0), turn(x1, y1));
        *r = if (a.0 - b.0).abs() >= (a.1 - b.1).abs() {
            Rule {
                horizontal: true,
                at: (a.1 + b.1) / 2.0,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            }
        } else {
            Rule {
                horizontal: false,
                at: (a.0 + b.0) / 2.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            }
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::Glyph;

    fn glyph(c: char, x: f64, y: f64, angle: f64) -> Glyph {
        Glyph {
            c,
            x,
            y,
            size: 10.0,
            advance: 10.0,
            angle,
        }
    }

    /// "AB" written upwards at the left edge of a portrait page, with a rule under it:
    /// turned a quarter clockwise it reads left to right near the top of a landscape page.
    #[test]
    fn text_drawn_a_quarter_turn_reads_upright() {
        let mut page = Page {
            media: (0.0, 0.0, 595.0, 842.0),
            glyphs: vec![
                glyph('A', 50.0, 100.0, FRAC_PI_2),
                glyph('B', 50.0, 110.0, FRAC_PI_2),
            ],
            rules: vec![Rule {
                horizontal: false,
                at: 52.0,
                from: 90.0,
                to: 130.0,
            }],
            unmapped: 0,
        };
        assert!(upright(&mut page, 1));
        let (a, b) = (&page.glyphs[0], &page.glyphs[1]);
        assert_eq!((a.angle, b.angle), (0.0, 0.0));
        assert!((b.x - a.x - 10.0).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9);
        assert!((a.x - 100.0).abs() < 1e-9 && (a.y - 545.0).abs() < 1e-9);
        assert_eq!(page.media, (0.0, 0.0, 842.0, 595.0));
        let r = &page.rules[0];
        assert!(r.horizontal && (r.at - 543.0).abs() < 1e-9);
        assert!((r.from - 90.0).abs() < 1e-9 && (r.to - 130.0).abs() < 1e-9);
    }

    /// Only `/Rotate` set, the text upright in the page's frame: nothing to turn.
    #[test]
    fn a_page_turned_without_its_text_is_left_alone() {
        let mut page = Page {
            media: (0.0, 0.0, 595.0, 842.0),
            glyphs: vec![glyph('A', 50.0, 100.0, 0.0), glyph('B', 60.0, 100.0, 0.0)],
            ..Page::default()
        };
        let before = page.clone();
        assert!(!upright(&mut page, 1));
        assert_eq!(page, before);
    }

    /// A header of rotated labels over upright cells does not turn the page.
    #[test]
    fn a_minority_of_turned_glyphs_is_left_alone() {
        let mut glyphs: Vec<Glyph> = (0..6)
            .map(|i| glyph('x', 10.0 * f64::from(i), 100.0, 0.0))
            .collect();
        glyphs.extend((0..4).map(|i| glyph('y', 5.0, 10.0 * f64::from(i), FRAC_PI_2)));
        let mut page = Page {
            media: (0.0, 0.0, 595.0, 842.0),
            glyphs,
            ..Page::default()
        };
        assert!(!upright(&mut page, 1));
    }

    #[test]
    fn rotate_values_become_quarter_turns() {
        assert_eq!(quarters(0), Some(0));
        assert_eq!(quarters(90), Some(1));
        assert_eq!(quarters(-90), Some(3));
        assert_eq!(quarters(540), Some(2));
        assert_eq!(quarters(270), Some(3));
        assert_eq!(quarters(45), None);
    }
}
