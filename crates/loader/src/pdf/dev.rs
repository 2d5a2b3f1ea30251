//! The pdf-extract output device: records every glyph with its position and every
//! axis-aligned stroke or thin fill (table rules), in PDF user space.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use super::layout::{Glyph, Page, Rule};

/// Thicker than this (points) a filled rectangle is a shaded area, not a rule.
const RULE_MAX_THICKNESS: f64 = 3.0;
/// Glyphs per page beyond which the rest are dropped: a runaway content stream must not
/// make the layout step (and the output) explode.
const MAX_GLYPHS: usize = 400_000;
const MAX_RULES: usize = 200_000;

#[derive(Debug, Default)]
pub struct Collector {
    page: Page,
    /// The current column of vertical writing: its origin, how many glyphs it holds, and
    /// where pdf-extract put the last one.
    column: Option<Column>,
}

#[derive(Debug, Clone, Copy)]
struct Column {
    x: f64,
    y: f64,
    n: u32,
    last: (f64, f64),
}

impl Collector {
    pub fn finish(self) -> Page {
        self.page
    }

    fn rule(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.page.rules.len() >= MAX_RULES {
            return;
        }
        let (dx, dy) = ((a.0 - b.0).abs(), (a.1 - b.1).abs());
        if !(dx.is_finite() && dy.is_finite()) {
            return;
        }
        if dy <= 0.5 && dx > 0.5 {
            self.page.rules.push(Rule {
                horizontal: true,
                at: (a.1 + b.1) / 2.0,
                from: a.0.min(b.0),
                to: a.0.max(b.0),
            });
        } else if dx <= 0.5 && dy > 0.5 {
            self.page.rules.push(Rule {
                horizontal: false,
                at: (a.0 + b.0) / 2.0,
                from: a.1.min(b.1),
                to: a.1.max(b.1),
            });
        }
    }

    /// A rectangle: a thin one is a rule; a stroked one is four; a filled wide one is a
    /// background and says nothing about cell edges.
    fn rect(&mut self, ctm: &Transform, x: f64, y: f64, w: f64, h: f64, stroked: bool) {
        let p = |px: f64, py: f64| apply(ctm, px, py);
        let (a, b, c, d) = (p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h));
        let width = (a.0 - c.0).abs();
        let height = (a.1 - c.1).abs();
        if height <= RULE_MAX_THICKNESS && width > height {
            let mid = (a.1 + c.1) / 2.0;
            self.rule((a.0, mid), (c.0, mid));
        } else if width <= RULE_MAX_THICKNESS && height > width {
            let mid = (a.0 + c.0) / 2.0;
            self.rule((mid, a.1), (mid, c.1));
        } else if stroked {
            self.rule(a, b);
            self.rule(b, c);
            self.rule(c, d);
            self.rule(d, a);
        }
    }

    /// A filled quadrilateral that is an axis-aligned rectangle, or thin enough to be a
    /// rule (Chromium/Skia draws table borders so, bevelled at the corners), counts as a
    /// rectangle; anything else filled says nothing.
    fn filled_polygon(&mut self, pts: &[(f64, f64)]) {
        let mut pts = pts.to_vec();
        if pts.len() == 5 && pts.first() == pts.last() {
            pts.pop();
        }
        if pts.len() != 4 {
            return;
        }
        let xs = pts.iter().map(|p| p.0);
        let ys = pts.iter().map(|p| p.1);
        let (x0, x1) = (
            xs.clone().fold(f64::MAX, f64::min),
            xs.fold(f64::MIN, f64::max),
        );
        let (y0, y1) = (
            ys.clone().fold(f64::MAX, f64::min),
            ys.fold(f64::MIN, f64::max),
        );
        if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
            return;
        }
        let on_corner = pts.iter().all(|p| {
            ((p.0 - x0).abs() < 0.01 || (p.0 - x1).abs() < 0.01)
                && ((p.1 - y0).abs() < 0.01 || (p.1 - y1).abs() < 0.01)
        });
        // A thin quadrilateral is a rule whatever its ends (bevelled HTML borders).
        let thin = (x1 - x0).min(y1 - y0) <= RULE_MAX_THICKNESS;
        if on_corner || thin {
            self.rect(&Transform::identity(), x0, y0, x1 - x0, y1 - y0, false);
        }
    }

    fn path(&mut self, ctm: &Transform, path: &Path, stroked: bool) {
        let mut cur: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        // The points of the current subpath, for filled polygons.
        let mut poly: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    if !stroked {
                        self.filled_polygon(&poly);
                    }
                    let p = apply(ctm, x, y);
                    cur = Some(p);
                    start = Some(p);
                    poly.clear();
                    poly.push(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = apply(ctm, x, y);
                    if let (Some(c), true) = (cur, stroked) {
                        self.rule(c, p);
                    }
                    cur = Some(p);
                    if poly.len() < 8 {
                        poly.push(p);
                    }
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    cur = Some(apply(ctm, x, y));
                    // A curve makes the subpath no rectangle.
                    poly.extend([(f64::NAN, f64::NAN); 8]);
                }
                PathOp::Rect(x, y, w, h) => self.rect(ctm, x, y, w, h, stroked),
                PathOp::Close => {
                    if let (Some(c), Some(s), true) = (cur, start, stroked) {
                        self.rule(c, s);
                    }
                    cur = start;
                }
            }
        }
        if !stroked {
            self.filled_polygon(&poly);
        }
    }
}

fn apply(m: &Transform, x: f64, y: f64) -> (f64, f64) {
    (x * m.m11 + y * m.m21 + m.m31, x * m.m12 + y * m.m22 + m.m32)
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page.media = (media_box.llx, media_box.lly, media_box.urx, media_box.ury);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.page.glyphs.len() >= MAX_GLYPHS {
            return Ok(());
        }
        if char.is_empty() {
            // A glyph drawn whose font gives no character (no ToUnicode).
            self.page.unmapped = self.page.unmapped.saturating_add(1);
            return Ok(());
        }
        // pdf-extract's matrix is Tsm×Tm×CTM without the font size: sizes scale by it.
        // Upright text (nearly every glyph) takes the exact shortcuts: hypot(a, ±0) = |a|,
        // atan2(±0, a > 0) = ±0, whose sine is ±0 and cosine 1.
        let upright = trm.m12 == 0.0 && trm.m11 > 0.0;
        let xscale = if upright {
            trm.m11
        } else {
            trm.m11.hypot(trm.m12)
        };
        let yscale = if trm.m21 == 0.0 {
            trm.m22.abs()
        } else {
            trm.m21.hypot(trm.m22)
        };
        let size = (font_size * yscale).abs();
        let advance = (width * font_size + spacing) * xscale;
        let (x, y) = (trm.m31, trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite() && advance.is_finite()) {
            return Ok(());
        }
        // Upright text has m12 == 0; anything else is rotated and read in its own frame.
        let mut angle = if upright {
            trm.m12
        } else {
            trm.m12.atan2(trm.m11)
        };
        let (mut x, mut y, mut advance) = (x, y, advance);
        // A vertical font (marked by pre-flight with a tell-tale width) does not advance
        // horizontally: stack its glyphs downwards from the string's origin, and read the
        // column as a line turned a quarter right.
        if (width * 1000.0 - super::preflight::VERTICAL_MARK_WIDTH as f64).abs() < 1e-6 {
            // pdf-extract moved on by a thousandth of an em: the same string goes on.
            let near =
                |a: (f64, f64)| (a.0 - x).abs() < 0.05 * size && (a.1 - y).abs() < 0.01 * size;
            let col = match self.column {
                Some(c) if near(c.last) => Column {
                    n: c.n + 1,
                    last: (x, y),
                    ..c
                },
                _ => Column {
                    x,
                    y,
                    n: 0,
                    last: (x, y),
                },
            };
            self.column = Some(col);
            x = col.x;
            y = col.y - size * f64::from(col.n);
            advance = size;
            angle = -std::f64::consts::FRAC_PI_2;
        } else {
            self.column = None;
        }
        // One glyph can stand for several characters (a ligature "fi"): spread them over
        // its advance so that they keep their order and are not taken for duplicates.
        let n = char.chars().count().max(1) as f64;
        let step = advance / n;
        let (sin, cos) = if angle == 0.0 {
            (angle, 1.0)
        } else {
            angle.sin_cos()
        };
        for (k, c) in char.chars().enumerate() {
            let along = step * k as f64;
            self.page.glyphs.push(Glyph {
                c,
                x: x + along * cos,
                y: y + along * sin,
                size: if size > 0.0 { size } else { 1.0 },
                advance: step,
                angle,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, true);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, false);
        Ok(())
    }
}
