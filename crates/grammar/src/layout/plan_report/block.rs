//! One sheet at a time: rows of labelled segments are filed into the block's fields.
//! A label without a value waits for the next row (`項目番号` ↵ `1-①`); an unlabelled
//! row continues the last text field; 推進手段 marks and plan cells are placed by
//! column, never by order.

use std::borrow::Cow;

use keikaku_loader::{Diagnostic, Document, Line, Origin};

use super::row::{self, Key, Seg};
use super::{value, ActivityExt, ItemExt, Means, PlanYear, Summary};
use crate::item::{Activity, LineRange};
use crate::token::{id, status, year, Trim};

/// What a sheet is, by its sub-header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plan,
    Report,
    Sheet,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Report => "report",
            Kind::Sheet => "sheet",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Plan,
    Report,
}

/// Where a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Dept,
    State,
    Issues,
    Goal,
    Approach,
    Summary,
    Content,
    Target,
    Done,
    Eval,
    Improve,
}

/// A sheet read so far.
#[derive(Debug)]
pub struct Block {
    pub kind: Kind,
    pub from: u32,
    pub to: u32,
    pub id: Option<String>,
    pub raw_id: Option<String>,
    pub title: Option<String>,
    pub dept: Option<String>,
    pub ext: ItemExt,
    /// Activities, each with whether its title came from a report row.
    pub acts: Vec<(Activity, bool)>,
    pub has_status: bool,
    /// A second, different 項目番号 was met: the row starts the next item's sheet.
    restart: bool,
    goal: Option<String>,
    summary: Option<String>,
    cur: Option<usize>,
    section: Section,
    years: Vec<(usize, i32)>,
    last: Option<Field>,
    pending: Option<Field>,
    means_cols: Vec<(usize, u32)>,
    means_wait: bool,
    title_wait: bool,
    status_wait: bool,
    /// The status row printed a label without its mark: a lone mark on the next row is it.
    mark_wait: bool,
    /// The department read is a 部 / 局 alone: its 課 may have wrapped to the next row.
    dept_open: bool,
    /// The document's printed legend of status marks, once one has been met.
    legend: Option<status::Legend>,
}

/// Read every sheet of the document in order.
pub fn read(doc: &Document, ctx: &mut super::Ctx<'_>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur: Option<Block> = None;
    let (headers, kinds) = page_headers(doc, ctx.meta.title.as_deref());
    let mut legend: Option<status::Legend> = None;
    // The row's cells are read as labels once, here and in `Block::line`, and a text
    // printed again on a later row is not read again.
    let mut reads = row::Reads::default();
    for (at, line) in doc.lines.iter().enumerate() {
        reads.next_row();
        if ctx.meta.lines.contains(&line.no) {
            continue;
        }
        let cells: Vec<(usize, &str)> = line
            .cells
            .iter()
            .map(|c| (c.col as usize, c.text.as_str()))
            .collect();
        if cells.iter().all(|c| c.1.trim_ws().is_empty()) {
            continue;
        }
        if headers.iter().any(|h| has_key(&cells, h)) {
            ctx.claim_structure(line.no);
            continue;
        }
        if let Some(l) = legend_row(&cells) {
            // `◎:達成 ○:順調 △:遅延 ×:中止`: structure, and the meaning of marks printed
            // without their label.
            if let Some(b) = cur.as_mut() {
                b.legend = Some(l.clone());
            }
            legend = Some(l);
            ctx.claim_structure(line.no);
            continue;
        }
        if let Some(kind) = kinds.get(at).copied().flatten() {
            blocks.extend(cur.take().map(Block::done));
            let mut b = Block::new(kind, line.no);
            b.legend = legend.clone();
            if kind == Kind::Report {
                // `実績報告(2020年度報告)`: the fiscal year the sheet reports on.
                let text: String = cells.iter().map(|c| c.1).collect();
                b.ext.report_year = year::find_years(&text).first().map(|y| y.0);
            }
            cur = Some(b);
            ctx.claim(line.no);
            continue;
        }
        let title_row = cells
            .iter()
            .find(|c| !c.1.trim_ws().is_empty())
            .and_then(|c| reads.cell_label(c.1))
            .is_some_and(|(k, _)| k == Key::Title);
        if title_row && !cur.as_ref().is_some_and(Block::is_fresh) {
            blocks.extend(cur.take().map(Block::done));
            let mut b = Block::new(Kind::Sheet, line.no);
            b.legend = legend.clone();
            cur = Some(b);
        }
        let Some(b) = cur.as_mut() else {
            continue;
        };
        let mut used = b.line(doc, line, &cells, &mut reads, ctx);
        if b.restart {
            // The title row of this item was unreadable: its 項目番号 starts the sheet.
            blocks.extend(cur.take().map(Block::done));
            let mut nb = Block::new(Kind::Sheet, line.no);
            nb.legend = legend.clone();
            used = nb.line(doc, line, &cells, &mut reads, ctx);
            cur = Some(nb);
        }
        if let Some(b) = cur.as_mut().filter(|_| used) {
            ctx.claim(line.no);
            b.to = b.to.max(line.no);
        }
    }
    blocks.extend(cur.map(Block::done));
    blocks
}

/// The cells after an activity's name on a report row, read as a status when they are
/// short and hold a status mark or label (`順調⇥○`, `× 中止`), not text.
fn bare_status(cells: &[(usize, String)]) -> Option<crate::item::Status> {
    let joined: Vec<&str> = cells.iter().map(|c| c.1.trim_ws()).collect();
    let joined = joined.join(" ");
    if joined.is_empty() || joined.chars().count() > 12 {
        return None;
    }
    let s = value::read_status(&joined)?;
    // A lone `-` is as often an empty text cell as the 未着手 mark.
    let known = s.label.is_some() || s.mark.as_deref().is_some_and(|m| m != "-");
    (known && s.raw.is_none()).then_some(s)
}

/// A printed legend of status marks: three or more `mark:label` pairs on one row.
fn legend_row(cells: &[(usize, &str)]) -> Option<status::Legend> {
    // Every legend entry starts at one of the marks: fewer than three, no legend row. Asked
    // of every row, so the marks are counted in the cells before anything is joined.
    if cells.iter().map(|c| legend_marks(c.1)).sum::<usize>() < 3 {
        return None;
    }
    let text: Vec<&str> = cells.iter().map(|c| c.1.trim_ws()).collect();
    let text = text.join(" ");
    if text.chars().count() > 80 {
        return None;
    }
    status::parse_legend(&text).filter(|l| l.entries.len() >= 3)
}

/// How many legend marks (`◎ ○ 〇 ◯ △ ▲ × ✕`) `t` holds, found by one vectorised byte
/// search instead of decoding every character. All but 〇 start with the lead byte C3 or E2,
/// which Japanese prose rarely uses (kana and kanji start with E3–E9); 〇 (E3 80 87) is found
/// by its last byte, which ends about one kanji in sixty-four.
fn legend_marks(t: &str) -> usize {
    let b = t.as_bytes();
    memchr::memchr3_iter(0xC3, 0xE2, 0x87, b)
        .filter(|&i| {
            if b.get(i) == Some(&0x87) {
                return i >= 2 && b.get(i - 2..i) == Some(&[0xE3, 0x80][..]);
            }
            t.get(i..)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| matches!(c, '◎' | '○' | '◯' | '△' | '▲' | '×' | '✕'))
        })
        .count()
}

/// A row's text for comparing repeated page headers.
fn line_key(cells: &[(usize, &str)]) -> String {
    cells
        .iter()
        .flat_map(|c| c.1.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Is `key` the row's [`line_key`]? Compared as it is read, without building it.
fn has_key(cells: &[(usize, &str)], key: &str) -> bool {
    cells
        .iter()
        .flat_map(|c| c.1.chars())
        .filter(|c| !c.is_whitespace())
        .eq(key.chars())
}

/// Texts of the running page header: the plan's title as read by `meta`, and any short
/// single-cell row printed right above a sheet sub-header at least twice. Also the
/// [`sub_header`] of every line (by index), which this pass has to read anyway and the
/// sheet reader would otherwise read again.
fn page_headers(doc: &Document, title: Option<&str>) -> (Vec<String>, Vec<Option<Kind>>) {
    let mut seen: Vec<(String, u32)> = Vec::new();
    // The last single-cell row; it is keyed and read only when a sub-header follows it.
    let mut prev: Option<Vec<(usize, &str)>> = None;
    let mut kinds = vec![None; doc.lines.len()];
    for (line, kind) in doc.lines.iter().zip(kinds.iter_mut()) {
        let cells: Vec<(usize, &str)> = line
            .cells
            .iter()
            .map(|c| (c.col as usize, c.text.as_str()))
            .collect();
        if cells.iter().all(|c| c.1.trim_ws().is_empty()) {
            continue;
        }
        *kind = sub_header(&cells);
        if kind.is_some() {
            let key = prev
                .take()
                .map(|p| line_key(&p))
                .filter(|key| key.chars().count() <= 60 && row::cell_label(key).is_none());
            if let Some(p) = key {
                match seen.iter_mut().find(|s| s.0 == p) {
                    Some(s) => s.1 += 1,
                    None => seen.push((p, 1)),
                }
            }
            continue;
        }
        let filled = cells.iter().filter(|c| !c.1.trim_ws().is_empty()).count();
        // Only single-cell rows are candidates.
        prev = (filled == 1).then_some(cells);
    }
    let mut out: Vec<String> = seen.into_iter().filter(|s| s.1 >= 2).map(|s| s.0).collect();
    if let Some(t) = title {
        out.push(t.chars().filter(|c| !c.is_whitespace()).collect());
    }
    (out, kinds)
}

/// A page sub-header naming the kind of sheet: `アクションプラン個別項目－計画調書`,
/// `…－実績報告(2020年度報告)`. Bracketed section captions (〈取組項目別の実績報告〉) are
/// not sub-headers.
fn sub_header(cells: &[(usize, &str)]) -> Option<Kind> {
    // Asked of every row, twice: a sheet row of many cells is refused at its third filled
    // cell, before the rest are trimmed or anything is collected.
    let mut filled: [&str; 2] = [""; 2];
    let mut n = 0;
    for t in cells
        .iter()
        .map(|c| c.1.trim_ws())
        .filter(|t| !t.is_empty())
    {
        match filled.get_mut(n) {
            Some(slot) => *slot = t,
            None => return None,
        }
        n += 1;
    }
    let filled = &filled[..n];
    if filled.iter().map(|t| t.len()).sum::<usize>() > 240 {
        return None;
    }
    // Both words end in 書 or 告, which no cell boundary splits: most rows have neither,
    // and need no joined text.
    if !filled.iter().any(|t| t.contains('書') || t.contains('告')) {
        return None;
    }
    let text: String = filled.concat();
    let first = text.chars().next()?;
    if "(〈<《【（[".contains(first) || text.chars().count() > 60 {
        return None;
    }
    if !text.contains("計画調書") && !text.contains("実績報告") {
        return None;
    }
    if row::cell_label(&text).is_some() {
        return None;
    }
    if text.contains("計画調書") {
        Some(Kind::Plan)
    } else if text.contains("実績報告") {
        Some(Kind::Report)
    } else {
        None
    }
}

/// Does a value look like a department name (not a sentence)?
fn dept_like(t: &str) -> bool {
    let n = t.chars().count();
    n > 0 && n <= 30 && !t.contains('。') && id::canonical(t).is_none()
}

/// Endings of department names (課, 室, 部, 局, センター …), for values printed without
/// their 主管課 label.
fn dept_named(t: &str) -> bool {
    dept_like(t)
        && ["課", "室", "部", "局", "所", "センター", "事務局", "館"]
            .iter()
            .any(|e| t.ends_with(e))
}

/// An item number printed in a cell of the title row, and what follows it (a department
/// or nothing): `3-④ 財政課`, `1-②`. The number must stand apart from the text after it,
/// by a space or by where a name begins: a PDF cell that wraps at the space between
/// them joins its lines without one (`3-④` ↵ `財政課` reads `3-④財政課`), and an
/// ideograph can never continue a number.
fn title_row_id(t: &str) -> Option<(&str, &str)> {
    let (rest, levels) = id::item_id(t).ok()?;
    if levels.len() < 2 {
        return None;
    }
    let apart = rest.trim_ws().is_empty()
        || rest.starts_with(char::is_whitespace)
        || (rest.starts_with(|c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            && dept_named(rest.trim_ws()));
    apart.then(|| (&t[..t.len() - rest.len()], rest))
}

/// The loader joins `市民部 市民課` and `地域推進課 企画政策課` (spaces between CJK
/// characters are wrap artefacts elsewhere); department names keep their space.
fn split_depts(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::new();
    for (k, c) in chars.iter().enumerate() {
        out.push(*c);
        let rest: String = chars.iter().skip(k + 1).collect();
        // The unit ends a name of at least two characters.
        let unit = k >= 1 && matches!(c, '部' | '課' | '室' | '局');
        if unit
            && rest.chars().count() >= 2
            && dept_named(&rest)
            && !rest.starts_with(char::is_whitespace)
        {
            // Only where the rest is itself a whole name (`課` after `部`, two `…課`).
            let ends_unit = rest.ends_with(['課', '室', '局']) || rest.ends_with("センター");
            let more_units = rest
                .chars()
                .filter(|c| matches!(c, '課' | '室' | '局'))
                .count();
            if ends_unit && (*c == '部' || more_units >= 1) && rest.chars().count() >= 3 {
                out.push(' ');
            }
        }
    }
    out
}

/// Remains of a split 主管課 label in front of the value (`主管⇥管課 生涯学習`).
fn strip_label_rest(t: &str) -> String {
    let t = t.trim_ws();
    for p in ["主管課", "管課", "課"] {
        if let Some(r) = t.strip_prefix(p) {
            let r = r.trim_ws();
            if !r.is_empty() {
                return r.to_string();
            }
        }
    }
    t.to_string()
}

/// `の概要〉` of the outline label run into the title cell.
fn clean_title(t: &str) -> String {
    let t = t.trim_ws();
    let closed = t.ends_with(['〉', ')', '）', '>']);
    if let Some(p) = t.rfind("概要").filter(|_| closed) {
        let cut = t[..p].strip_suffix('の').unwrap_or(&t[..p]).trim_end();
        let tail = t[cut.len()..].chars().count();
        if tail <= 12 && !cut.is_empty() {
            return cut.to_string();
        }
    }
    t.to_string()
}

impl Block {
    fn new(kind: Kind, from: u32) -> Self {
        Block {
            kind,
            from,
            to: from,
            id: None,
            raw_id: None,
            title: None,
            dept: None,
            ext: ItemExt::default(),
            acts: Vec::new(),
            has_status: false,
            restart: false,
            goal: None,
            summary: None,
            cur: None,
            section: Section::Head,
            years: Vec::new(),
            last: None,
            pending: None,
            means_cols: Vec::new(),
            means_wait: false,
            title_wait: false,
            status_wait: false,
            mark_wait: false,
            dept_open: false,
            legend: None,
        }
    }

    /// Nothing but a sub-header (and stray rows) read yet: the title row belongs to this sheet.
    fn is_fresh(&self) -> bool {
        self.title.is_none() && self.id.is_none()
    }

    fn done(mut self) -> Block {
        self.ext.goal = value::goal(self.goal.take());
        if let Some(t) = self.summary.take() {
            let indicators = value::indicators(&t);
            self.ext.summary = Some(Summary {
                text: Some(t),
                indicators,
            });
        }
        self
    }

    fn act_ext(&mut self) -> Option<&mut ActivityExt> {
        let k = self.cur?;
        let (a, _) = self.acts.get_mut(k)?;
        Some(a.plan_report.get_or_insert_with(ActivityExt::default))
    }

    /// File `text` into field `f`; a second value appends (a continuation line), an
    /// identical repeat (a duplicated copy of the sheet) is dropped.
    fn put(&mut self, f: Field, text: String) -> bool {
        match f {
            Field::Id => return self.put_id(&text, None),
            Field::Dept => return self.put_dept(&text, None),
            _ => {}
        }
        let text = if f == Field::State {
            drop_inner_label(&text, "現状と課題")
        } else {
            text
        };
        let slot = match f {
            Field::State => &mut self.ext.current_state,
            Field::Issues => &mut self.ext.issues,
            Field::Goal => &mut self.goal,
            Field::Approach => &mut self.ext.approach,
            Field::Summary => &mut self.summary,
            Field::Content | Field::Target | Field::Done | Field::Eval | Field::Improve => {
                let Some(e) = self.act_ext() else {
                    return false;
                };
                match f {
                    Field::Content => &mut e.content,
                    Field::Target => &mut e.target,
                    Field::Done => &mut e.done,
                    Field::Eval => &mut e.evaluation,
                    _ => &mut e.improvement,
                }
            }
            Field::Id | Field::Dept => return false,
        };
        append(slot, text);
        true
    }

    /// `spaced`: whether the original print had a space inside the value (`None`: unknown).
    fn put_dept(&mut self, text: &str, spaced: Option<bool>) -> bool {
        // `保健福祉部<br>健康づくりセンター`: the line break of an HTML cell is a space.
        let one_line = text.split('\n').map(str::trim).filter(|t| !t.is_empty());
        let text = one_line.collect::<Vec<_>>().join(" ");
        let spaced = spaced.map(|s| s || text.contains(' '));
        let mut text = strip_label_rest(&text);
        // A lone `課` fragment after a name that already ends in 課.
        if let Some(r) = text.strip_suffix("課課") {
            text = format!("{r}課");
        }
        if !dept_like(&text) {
            return false;
        }
        // `主管部⇥保健福祉部` ↵ `主管課⇥健康づくりセンター`: the 課 of the 部 read before.
        if let Some(d) = self.dept.as_mut().filter(|d| d.ends_with(['部', '局'])) {
            if dept_named(&text) && !text.ends_with(['部', '局']) && !text.starts_with(d.as_str())
            {
                d.push(' ');
                d.push_str(&text);
            }
            return true;
        }
        if self.dept.is_none() {
            self.dept_open = text.ends_with(['部', '局']);
            self.dept = Some(match spaced {
                Some(false) => text,
                _ => split_depts(&text),
            });
        }
        true
    }

    fn put_id(&mut self, text: &str, raw: Option<String>) -> bool {
        let t = text.trim_ws();
        let Ok((rest, levels)) = id::item_id(t) else {
            return false;
        };
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return false;
        }
        if self.id.is_none() {
            self.id = Some(id::join(&levels));
            let printed = t[..t.len() - rest.len()].trim_ws().to_string();
            self.raw_id = Some(raw.unwrap_or(printed));
        }
        true
    }

    /// Read one row; `true` when it was used.
    fn line<'d>(
        &mut self,
        doc: &Document,
        line: &Line,
        cells: &[(usize, &'d str)],
        reads: &mut row::Reads<'d>,
        ctx: &mut super::Ctx<'_>,
    ) -> bool {
        let mut used = false;
        let mut cells: Vec<(usize, &'d str)> = cells.to_vec();
        if std::mem::take(&mut self.mark_wait) && self.late_mark(&cells) {
            return true;
        }
        if std::mem::take(&mut self.dept_open) && self.dept_rest(&cells) {
            return true;
        }
        if std::mem::take(&mut self.means_wait) {
            used |= self.take_marks(&mut cells, line.no, ctx);
        }
        if let Some(ys) = value::year_header(&cells) {
            let segs = row::segments_with(&cells, reads);
            if segs
                .iter()
                .all(|s| matches!(s.key, Key::Orphan | Key::PlanHeader))
            {
                self.years = ys;
                self.section = Section::Plan;
                self.pending = None;
                self.last = None;
                return true;
            }
        }
        let mut segs = plan_marks_home(cut_means(row::segments_with(&cells, reads)));
        self.name_orphan(&mut segs);
        let pending = self.pending.take();
        let has_status = segs.iter().any(|s| s.key == Key::Status);
        let mut switch_to: Option<usize> = None;
        let n = segs.len();
        for (k, seg) in segs.iter().enumerate() {
            let is_last = k + 1 == n;
            match seg.key {
                Key::Orphan => used |= self.orphan(doc, seg, line, pending, ctx),
                Key::Activity(num) => {
                    used = true;
                    // The next head's label printed one row early: the row carries the
                    // previous activity's 評価 / 改善点 and no status of its own.
                    let misplaced = segs[k + 1..]
                        .iter()
                        .take_while(|s| !matches!(s.key, Key::Activity(_) | Key::Status))
                        .any(|s| matches!(s.key, Key::Eval | Key::Improve));
                    switch_to = self.activity(num, seg, line.no, has_status, misplaced, ctx);
                }
                key => {
                    used = true;
                    // The label printed again at the start of its value is dropped first.
                    let seg = repeated_label(key, seg, reads);
                    self.labelled(key, &seg, doc, line, is_last, ctx);
                }
            }
        }
        if let Some(k) = switch_to {
            self.cur = Some(k);
            self.title_wait = true;
            self.status_wait = true;
            self.last = None;
        }
        used
    }

    /// Text printed before a report label without its own label is the field that
    /// precedes that label on the sheet (実施内容 → 評価 → 改善点).
    fn name_orphan(&self, segs: &mut [Seg]) {
        if self.cur.is_none() || self.section != Section::Report {
            return;
        }
        let next = segs.get(1).map(|s| s.key);
        let before = match next {
            Some(Key::Improve) => Key::Eval,
            Some(Key::Eval) => Key::Done,
            _ => return,
        };
        if let Some(first) = segs.first_mut().filter(|s| s.key == Key::Orphan) {
            if first.text().is_some() {
                first.key = before;
            }
        }
    }

    /// A row without a leading label: the value of a label printed alone on the row
    /// above, a late activity title or status, or the continuation of the last field.
    fn orphan(
        &mut self,
        doc: &Document,
        seg: &Seg,
        line: &Line,
        pending: Option<Field>,
        ctx: &mut super::Ctx<'_>,
    ) -> bool {
        // `last` is the summary only until the next activity row.
        let summary_area = pending == Some(Field::Summary) || self.last == Some(Field::Summary);
        let text = match summary_area {
            true => strip_label_residue(seg).or_else(|| seg.text()),
            false => seg.text(),
        };
        if let (Some(f), Some(t)) = (pending, text.clone()) {
            let first = seg.cells.iter().find(|c| !c.1.trim_ws().is_empty());
            let put = match f {
                Field::Id => {
                    let raw = first.and_then(|(col, t)| id_raw(doc, line, *col, t));
                    self.put_id(&t, raw)
                }
                Field::Dept => self.put_dept(&t, printed_spaced(doc, line, seg)),
                _ => self.put(f, t),
            };
            if put {
                self.last = Some(f).filter(|f| !matches!(f, Field::Id | Field::Dept));
                return true;
            }
        }
        if self.status_wait {
            let joined: Vec<&str> = seg.cells.iter().map(|c| c.1.as_str()).collect();
            if let Some(s) = value::read_status(&joined.join(" ")) {
                if s.mark.is_some() || s.label.is_some() {
                    self.set_status(s, line.no, ctx);
                    return true;
                }
            }
        }
        if self.reread_status(seg, line.no) {
            return true;
        }
        if text.is_none() {
            // Only "nothing" markers or separators (`—⇥—`, `------`): structure.
            return seg.cells.iter().any(|c| !c.1.trim_ws().is_empty());
        }
        if self.repeats_title(text.as_deref()) {
            return true;
        }
        if std::mem::take(&mut self.title_wait) {
            if let (Some(k), Some(t)) = (self.cur, text.clone()) {
                if let Some((a, from_report)) = self.acts.get_mut(k) {
                    a.title = Some(t);
                    *from_report = true;
                    add_source(&mut a.source, line.no);
                    return true;
                }
            }
        }
        if self.section == Section::Plan
            && seg.cells.iter().any(|c| value::year_cell(&c.1).is_some())
        {
            ctx.push(
                Diagnostic::warning(
                    "activity.plan-unplaced",
                    "plan row prints years instead of per-year marks: the yearly plan is not recoverable",
                )
                .at(line.no),
            );
            return true;
        }
        let Some(t) = text else {
            return false;
        };
        // `取組の内容 取組期間 (年度) 2024 2025 …` in one cell: a plan header whose columns
        // are lost.
        if (self.section == Section::Plan || self.cur.is_none()) && inline_year_header(&t).is_some()
        {
            self.years.clear();
            self.section = Section::Plan;
            self.last = None;
            return true;
        }
        let leading_gap = line
            .cells
            .first()
            .is_some_and(|c| c.text.trim_ws().is_empty());
        let prose = t.chars().count() >= 20 && t.chars().filter(|c| is_japanese(*c)).count() >= 8;
        let continuation = leading_gap || line.origin == Origin::HtmlRow || prose;
        // 現状 text printed without its label, right under the title rows.
        if prose
            && self.last.is_none()
            && self.cur.is_none()
            && self.section == Section::Head
            && self.ext.current_state.is_none()
            && (self.title.is_some() || self.id.is_some())
        {
            ctx.push(
                Diagnostic::info(
                    "item.state-unlabelled",
                    "text under the title rows without a label: read as 現状",
                )
                .at(line.no),
            );
            self.last = Some(Field::State);
            return self.put(Field::State, t);
        }
        // Under 総括評価, until the next activity row, every unlabelled row is summary text
        // (indicator values printed one per line).
        let in_summary =
            self.last == Some(Field::Summary) && (t.chars().count() >= 6 || t.contains('【'));
        // A lone stray character (`⇥1`) is noise, not text.
        if t.chars().count() <= 2 && !t.chars().any(is_japanese) {
            return false;
        }
        match self.last {
            Some(f) if continuation || in_summary => self.put(f, t),
            // Text after an activity's status row without a label: its 実施内容.
            None if continuation && self.cur.is_some() && self.section == Section::Report => {
                self.last = Some(Field::Done);
                self.put(Field::Done, t)
            }
            _ => false,
        }
    }

    /// A row that repeats an activity's title (a stray copy).
    fn repeats_title(&self, text: Option<&str>) -> bool {
        let (Some(t), Some(k)) = (text, self.cur) else {
            return false;
        };
        let _ = k;
        self.acts
            .iter()
            .filter_map(|(a, _)| a.title.as_deref())
            .any(|title| title == t.trim_ws())
    }

    /// An unlabelled row ending in a mark and a status label right after an activity whose
    /// status could not be read: a second reading of the same row (OCR printed it twice).
    fn reread_status(&mut self, seg: &Seg, line: u32) -> bool {
        let Some(k) = self.cur else {
            return false;
        };
        let unreadable = self
            .acts
            .get(k)
            .and_then(|(a, _)| a.status.as_ref())
            .is_some_and(|s| s.mark.is_none() && s.label.is_none());
        if !unreadable {
            return false;
        }
        let filled: Vec<&str> = seg
            .cells
            .iter()
            .map(|c| c.1.trim_ws())
            .filter(|t| !t.is_empty())
            .collect();
        let [.., m, l] = filled.as_slice() else {
            return false;
        };
        let s = crate::token::status::decide(Some(m), Some(l), None);
        if s.mark.is_none() || s.label.is_none() {
            return false;
        }
        if let Some((a, _)) = self.acts.get_mut(k) {
            a.status = Some(s);
            add_source(&mut a.source, line);
        }
        true
    }

    fn labelled(
        &mut self,
        key: Key,
        seg: &Seg,
        doc: &Document,
        line: &Line,
        is_last: bool,
        ctx: &mut super::Ctx<'_>,
    ) {
        let text = seg.text();
        let field = match key {
            Key::Title => {
                let mut filled = seg.cells.iter().filter(|c| !c.1.trim_ws().is_empty());
                if let Some((_, t)) = filled.next() {
                    if self.title.is_none() {
                        self.title = Some(clean_title(t));
                    }
                }
                // A number (and department) printed in the title row without a readable
                // 項目番号 label: `…⇥番号⇥3-④ 財政課`.
                for (col, t) in filled {
                    let Some((printed, rest)) = title_row_id(t.trim_ws()) else {
                        continue;
                    };
                    if self.id.is_some() {
                        continue;
                    }
                    let raw = raw_text(doc, line, *col, printed);
                    self.put_id(printed, raw);
                    if self.dept.is_none() && dept_named(rest.trim_ws()) {
                        let spaced = raw_text(doc, line, *col, rest.trim_ws())
                            .map(|r| r.contains(char::is_whitespace));
                        self.put_dept(rest.trim_ws(), spaced);
                    }
                }
                None
            }
            Key::Id if self.id.is_some() && !self.acts.is_empty() => {
                let other = seg
                    .cells
                    .iter()
                    .filter_map(|c| id::item_id(c.1.trim_ws()).ok())
                    .map(|(_, l)| id::join(&l))
                    .next();
                if other.is_some() && other != self.id {
                    self.restart = true;
                }
                None
            }
            Key::Id => {
                let mut ok = false;
                for (col, t) in &seg.cells {
                    if !t.trim_ws().is_empty() && !ok {
                        ok = self.put_id(t, id_raw(doc, line, *col, t));
                    }
                }
                if !ok && text.is_some() {
                    ctx.push(
                        Diagnostic::warning("item.bad-id", "項目番号 is not a readable number")
                            .at(line.no),
                    );
                }
                Some(Field::Id)
            }
            Key::Dept => Some(Field::Dept),
            Key::Outline if self.dept.is_none() => {
                // A department printed beside the outline caption without its label.
                let t = seg.text().map(|t| strip_label_rest(&t));
                if let Some(t) = t.filter(|t| dept_named(t)) {
                    self.put_dept(&t, printed_spaced(doc, line, seg));
                }
                None
            }
            Key::Outline | Key::PlanMarker | Key::PlanHeader | Key::ReportMarker => {
                self.section = match key {
                    Key::ReportMarker => Section::Report,
                    Key::Outline => self.section,
                    _ => Section::Plan,
                };
                None
            }
            Key::Stance => {
                if self.ext.basic_stance.is_none() {
                    self.ext.basic_stance = value::stance(seg.cells.first().map(|c| c.1.clone()));
                }
                None
            }
            Key::Means => {
                self.means(seg, line.no, ctx);
                None
            }
            Key::State | Key::StateIssues => Some(Field::State),
            Key::Issues => Some(Field::Issues),
            Key::Goal => Some(Field::Goal),
            Key::Approach => Some(Field::Approach),
            Key::Summary | Key::SummaryNote => {
                self.section = Section::Report;
                Some(Field::Summary)
            }
            Key::Content => Some(Field::Content),
            Key::Target => Some(Field::Target),
            Key::Done => Some(Field::Done),
            Key::Eval => Some(Field::Eval),
            Key::Improve => Some(Field::Improve),
            Key::Status => {
                self.section = Section::Report;
                let joined: Vec<&str> = seg.cells.iter().map(|c| c.1.as_str()).collect();
                match value::read_status(&joined.join(" ")) {
                    Some(s) => self.set_status(s, line.no, ctx),
                    None => self.status_wait = true,
                }
                None
            }
            Key::Activity(_) | Key::Orphan => None,
        };
        let Some(f) = field else {
            return;
        };
        if key == Key::SummaryNote {
            // A caption under the 総括評価 label: the text follows.
            self.last = Some(f);
            if is_last {
                self.pending = Some(f);
            }
            return;
        }
        let filed = match (f, text) {
            (Field::Id, _) => true,
            (Field::Dept, Some(t)) => self.put_dept(&t, printed_spaced(doc, line, seg)),
            (f, Some(t)) => {
                let ok = self.put(f, t);
                if !ok && f != Field::Dept {
                    ctx.push(
                        Diagnostic::warning(
                            "activity.no-activity",
                            "activity text printed before any 取組項目 row",
                        )
                        .at(line.no),
                    );
                }
                ok
            }
            (_, None) => false,
        };
        if !matches!(f, Field::Id | Field::Dept) {
            self.last = Some(f);
        }
        // A label followed by nothing at all waits for its value on the next row; one
        // followed by a "nothing" marker (`—`) has its value.
        let blank = seg.cells.iter().all(|c| c.1.trim_ws().is_empty());
        if !filed && is_last && blank && f != Field::Id {
            self.pending = Some(f);
        }
        if f == Field::Id && self.id.is_none() && is_last {
            self.pending = Some(f);
        }
    }

    fn set_status(&mut self, mut s: crate::item::Status, line: u32, ctx: &mut super::Ctx<'_>) {
        // A mark without its label means what the document's legend says.
        if s.label.is_none() {
            let legend = self.legend.as_ref();
            if let Some(c) = s.mark.as_deref().and_then(|m| legend?.code_of(m)) {
                s.code = c;
            }
        }
        self.status_wait = false;
        self.has_status = true;
        let Some((a, _)) = self.cur.and_then(|k| self.acts.get_mut(k)) else {
            ctx.push(
                Diagnostic::warning(
                    "activity.orphan-status",
                    "a status printed before any 取組項目 row",
                )
                .at(line),
            );
            return;
        };
        if a.status.is_none() {
            self.mark_wait = s.mark.is_none() && s.label.is_some();
            a.status = Some(s);
        }
    }

    /// A row holding nothing but one status mark, right after a status row that printed
    /// only the label (`達成状況⇥中止` ↵ `⇥⇥⇥×`): the mark of that status.
    fn late_mark(&mut self, cells: &[(usize, &str)]) -> bool {
        let mut filled = cells.iter().filter(|c| !c.1.trim_ws().is_empty());
        let (Some((_, t)), None) = (filled.next(), filled.next()) else {
            return false;
        };
        let Some(mark) = status::repair_mark(t.trim_ws()).filter(|m| *m != "●" && *m != "-")
        else {
            return false;
        };
        let Some((a, _)) = self.cur.and_then(|k| self.acts.get_mut(k)) else {
            return false;
        };
        match a.status.as_mut() {
            Some(st) if st.mark.is_none() => {
                st.mark = Some(mark.to_string());
                true
            }
            _ => false,
        }
    }

    /// A row holding only the 課 / 室 / センター of a department whose 部 ended the row
    /// before (`主管課` ↵ `企画部` ↵ `企画財政課`).
    fn dept_rest(&mut self, cells: &[(usize, &str)]) -> bool {
        let mut filled = cells.iter().filter(|c| !c.1.trim_ws().is_empty());
        let (Some((_, t)), None) = (filled.next(), filled.next()) else {
            return false;
        };
        let t = t.trim_ws();
        if !dept_named(t) || t.ends_with(['部', '局']) || t.chars().count() > 15 {
            return false;
        }
        match self.dept.as_mut() {
            Some(d) => {
                d.push(' ');
                d.push_str(t);
                true
            }
            None => false,
        }
    }

    /// An activity head row. Returns the activity to switch to after the row when its
    /// cells belong to the previous activity (the next head's label printed one row too
    /// early).
    fn activity(
        &mut self,
        n: u32,
        seg: &Seg,
        line: u32,
        has_status: bool,
        misplaced: bool,
        ctx: &mut super::Ctx<'_>,
    ) -> Option<usize> {
        let report = has_status
            || self.section == Section::Report
            || (self.section == Section::Head && self.kind == Kind::Report);
        if report {
            self.section = Section::Report;
        }
        let k = match self.acts.iter().position(|(a, _)| a.n == n) {
            Some(k) => k,
            None => {
                let mut a = Activity::new(n, None);
                a.plan_report = Some(ActivityExt::default());
                self.acts.push((a, false));
                self.acts.len() - 1
            }
        };
        let mut filled = seg.cells.iter().filter(|c| !c.1.trim_ws().is_empty());
        let first = filled.next();
        let title = first.map(|c| strip_plan_caption(&c.1));
        // Only a sentence in the title slot shows the shift; a name is a name.
        let sentence = title.as_deref().is_some_and(|t| t.ends_with('。'));
        if report && misplaced && sentence && self.cur.is_some() && self.cur != Some(k) {
            if let Some(t) = title {
                self.put(Field::Eval, t);
            }
            if let Some((a, _)) = self.acts.get_mut(k) {
                add_source(&mut a.source, line);
            }
            return Some(k);
        }
        self.cur = Some(k);
        self.last = None;
        self.title_wait = title.is_none();
        self.status_wait = report && !has_status;
        let mut rest: Vec<(usize, String)> = filled.cloned().collect();
        // A report row without its 達成状況 label (the label is a column header above):
        // short cells after the name that read as a status are the status.
        let bare = (report && !has_status)
            .then(|| bare_status(&rest))
            .flatten();
        if bare.is_some() {
            rest.clear();
        }
        let years = self.years.clone();
        let (a, from_report) = self.acts.get_mut(k)?;
        add_source(&mut a.source, line);
        if let Some(t) = title {
            if a.title.is_none() || (report && !*from_report) {
                a.title = Some(t);
                *from_report = report;
            }
        }
        let e = a.plan_report.as_mut()?;
        if report {
            if !rest.is_empty() {
                append(
                    &mut e.done,
                    rest.iter().map(|c| c.1.as_str()).collect::<String>(),
                );
            }
        } else if e.plan.is_none() {
            match place_plan(&years, &rest) {
                Ok(p) => e.plan = Some(p),
                Err(bad) => ctx.push(
                    Diagnostic::warning(
                        "activity.plan-unplaced",
                        format!("activity {n}: plan cells cannot be placed in years: {bad}"),
                    )
                    .at(line),
                ),
            }
        }
        if let Some(st) = bare {
            self.set_status(st, line, ctx);
        }
        None
    }

    /// The (1)…(7) header of 推進手段. Marks printed in the header itself have lost their
    /// columns.
    fn means(&mut self, seg: &Seg, line: u32, ctx: &mut super::Ctx<'_>) {
        let mut cols = Vec::new();
        let mut marks = Vec::new();
        for (col, t) in &seg.cells {
            if let Some(n) = value::means_number(t) {
                cols.push((*col, n));
            } else {
                marks.extend(t.chars().filter(|c| matches!(c, '◎' | '●' | '○')));
            }
        }
        let mut seen: Vec<usize> = cols.iter().map(|c| c.0).collect();
        seen.dedup();
        if seen.len() != cols.len() {
            // `(1) (2) … (7)` in one cell: no column to place a mark by.
            cols.clear();
        }
        if !marks.is_empty() {
            self.lost_means(&marks, line, ctx);
        } else if !seg.cells.is_empty() {
            self.means_cols = cols;
            self.means_wait = true;
        }
    }

    fn lost_means(&mut self, marks: &[char], line: u32, ctx: &mut super::Ctx<'_>) {
        if self.ext.means.is_some() || self.ext.means_raw.is_some() {
            return;
        }
        let raw: Vec<String> = marks.iter().map(char::to_string).collect();
        self.ext.means_raw = Some(raw.join(" "));
        ctx.push(
            Diagnostic::warning(
                "item.means-unplaced",
                "推進手段 marks are printed without their columns: kept in means_raw",
            )
            .at(line),
        );
    }

    /// The row after a 推進手段 header: mark-only cells are the marks, placed by column.
    fn take_marks(
        &mut self,
        cells: &mut Vec<(usize, &str)>,
        line: u32,
        ctx: &mut super::Ctx<'_>,
    ) -> bool {
        let marks: Vec<(usize, String)> = cells
            .iter()
            .filter(|c| value::marks_only(c.1))
            .map(|c| (c.0, c.1.trim_ws().to_string()))
            .collect();
        if marks.is_empty() {
            return false;
        }
        cells.retain(|c| !value::marks_only(c.1));
        // Marks sharing a row with other text have been shifted with it.
        let alone = cells.iter().all(|c| c.1.trim_ws().is_empty());
        let placed: Option<Vec<Means>> = marks
            .iter()
            .map(|(col, m)| {
                let n = self.means_cols.iter().find(|c| c.0 == *col)?.1;
                (m.chars().count() == 1).then(|| Means { n, mark: m.clone() })
            })
            .collect();
        match placed {
            Some(p) if alone && self.ext.means.is_none() => self.ext.means = Some(p),
            Some(_) if !alone => {
                let all: Vec<char> = marks
                    .iter()
                    .flat_map(|m| m.1.chars())
                    .filter(|c| *c != ' ')
                    .collect();
                self.lost_means(&all, line, ctx);
            }
            Some(_) => {}
            None => {
                let all: Vec<char> = marks
                    .iter()
                    .flat_map(|m| m.1.chars())
                    .filter(|c| *c != ' ')
                    .collect();
                self.lost_means(&all, line, ctx);
            }
        }
        true
    }
}

/// The label printed again at the start of its value (`目指す姿⇥自指す姿 は…`) is dropped.
fn repeated_label<'s>(key: Key, seg: &'s Seg, reads: &row::Reads<'_>) -> Cow<'s, Seg> {
    // Asked of every labelled segment; the segment is copied only when its label repeats.
    let first = seg.cells.iter().position(|c| !c.1.trim_ws().is_empty());
    if let Some((i, (k, rest))) = first.and_then(|i| Some((i, reads.label(&seg.cells.get(i)?.1)?)))
    {
        if k == key && !matches!(k, Key::Activity(_)) {
            let mut out = seg.clone();
            if let Some(c) = out.cells.get_mut(i) {
                c.1 = rest;
            }
            return Cow::Owned(out);
        }
    }
    Cow::Borrowed(seg)
}

/// OCR remains of a label in front of a summary row (`総括計1⇥TEXT`, `401⇥TEXT`): a
/// short first cell followed by prose is dropped.
fn strip_label_residue(seg: &Seg) -> Option<String> {
    let filled: Vec<&str> = seg
        .cells
        .iter()
        .map(|c| c.1.trim_ws())
        .filter(|t| !t.is_empty())
        .collect();
    let (first, rest) = filled.split_first()?;
    let prose = rest.first()?.chars().filter(|c| is_japanese(*c)).count() >= 8;
    (first.chars().count() <= 4 && prose).then(|| row::join(rest.iter().copied()))?
}

/// Kana and kanji: what distinguishes prose from OCR garbage (`())) J J J`).
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}')
}

/// A label OCR printed in the middle of its own text (`…している。 現状と課題 行政評価の…`).
fn drop_inner_label(text: &str, lab: &str) -> String {
    match text.find(lab) {
        Some(p) if p > 0 => {
            let (a, b) = (&text[..p], &text[p + lab.len()..]);
            let mut s = a.trim_end().to_string();
            let b = b.trim_start();
            if !s.is_empty() && !b.is_empty() && s.ends_with(|c: char| c.is_ascii_alphanumeric()) {
                s.push(' ');
            }
            s.push_str(b);
            s
        }
        _ => text.to_string(),
    }
}

/// Three or more consecutive fiscal years written in one short cell.
fn inline_year_header(t: &str) -> Option<Vec<i32>> {
    if t.chars().count() > 80 {
        return None;
    }
    let ys: Vec<i32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(value::year_cell)
        .collect();
    let run = ys.windows(2).filter(|w| w[1] == w[0] + 1).count();
    (run >= 2).then_some(ys)
}

/// Record a row an activity was read from (rows of one HTML table share a number).
fn add_source(src: &mut Vec<LineRange>, line: u32) {
    if src.last().is_none_or(|r| r.to != line) {
        src.push(LineRange::one(line));
    }
}

/// `取組の内容` printed before an activity title (a caption cell merged into the row).
fn strip_plan_caption(t: &str) -> String {
    let t = t.trim_ws();
    t.strip_prefix("取組の内容")
        .map_or(t, str::trim_start)
        .to_string()
}

fn append(slot: &mut Option<String>, text: String) {
    match slot {
        None => *slot = Some(text),
        Some(old) => {
            if !old.contains(text.as_str()) {
                old.push('\n');
                old.push_str(&text);
            }
        }
    }
}

/// Place a plan row's cells in the header's year columns; the cells that cannot be placed
/// are returned instead.
fn place_plan(years: &[(usize, i32)], cells: &[(usize, String)]) -> Result<Vec<PlanYear>, String> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    // A phase word (`実施`) in some year cells but not all may be the label of an arrow
    // spanning several years: its years are unknown. An arrow's label is printed once, so
    // words in two or more adjacent year cells (`検討⇥検討⇥実施⇥⇥`) are per-year values;
    // a lone word, or words with empty years between them, are not.
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.1.trim_ws())
        .filter(|t| !t.is_empty())
        .collect();
    let words = filled.iter().any(|t| !value::marks_only(t));
    if words && !filled.is_empty() && filled.len() < years.len() && !adjacent_years(years, cells) {
        return Err(filled.join(" | "));
    }
    for (col, t) in cells {
        let y = years.iter().find(|y| y.0 == *col).map(|y| y.1);
        match (y, value::plan_value(t)) {
            (Some(year), Some(v)) => out.push(PlanYear { year, value: v }),
            _ => bad.push(t.trim_ws().to_string()),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad.join(" | "))
    }
}

/// Do the filled cells of a plan row sit in two or more year columns with no empty year
/// column between them?
fn adjacent_years(years: &[(usize, i32)], cells: &[(usize, String)]) -> bool {
    let filled = |col: usize| {
        cells
            .iter()
            .any(|(c, t)| *c == col && !t.trim_ws().is_empty())
    };
    let outside = cells
        .iter()
        .any(|(c, t)| !t.trim_ws().is_empty() && !years.iter().any(|y| y.0 == *c));
    let marks: Vec<bool> = years.iter().map(|y| filled(y.0)).collect();
    let first = marks.iter().position(|m| *m);
    let last = marks.iter().rposition(|m| *m);
    match (first, last) {
        (Some(a), Some(b)) => {
            !outside && b > a && marks.get(a..=b).is_some_and(|r| r.iter().all(|m| *m))
        }
        _ => false,
    }
}

/// The item number as printed (`１－⑫`) in the cell `col` whose normalised text is `t`.
fn id_raw(doc: &Document, line: &Line, col: usize, t: &str) -> Option<String> {
    let r = raw_text(doc, line, col, t)?;
    let (rest, _) = id::item_id(t.trim_ws()).ok()?;
    let n = t.trim_ws().len() - rest.len();
    Some(r.chars().take(t.trim_ws()[..n].chars().count()).collect())
}

/// Was a department value printed with a space inside (`市民部 市民課`)? The loader drops
/// spaces between CJK characters, so only the original text tells.
fn printed_spaced(doc: &Document, line: &Line, seg: &Seg) -> Option<bool> {
    let mut spaced = false;
    let mut cells = 0;
    for (col, t) in seg.cells.iter().filter(|c| !c.1.trim_ws().is_empty()) {
        cells += 1;
        spaced |= raw_text(doc, line, *col, t)?.contains(char::is_whitespace);
    }
    Some(spaced || cells > 1)
}

/// The original text of the part of cell `col` that reads `t` after normalisation.
fn raw_text(doc: &Document, line: &Line, col: usize, t: &str) -> Option<String> {
    let cell = line.cells.iter().find(|c| c.col as usize == col)?;
    let t = t.trim_ws();
    let at = cell.text.find(t)?;
    Some(doc.raw(cell, at..at + t.len()).trim_ws().to_string())
}

/// Plan marks printed after another label on an activity row (`取組項目3⇥NAME⇥取組目標⇥
/// ● ● ● ● ●`) belong to the activity's plan, not to that label.
fn plan_marks_home(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut in_activity = false;
    for seg in segs {
        let marks = !seg.cells.is_empty()
            && seg
                .cells
                .iter()
                .all(|c| c.1.trim_ws().is_empty() || value::marks_only(&c.1));
        match seg.key {
            Key::Activity(_) => in_activity = true,
            Key::Status => in_activity = false,
            _ if in_activity && marks => {
                if let Some(head) = out
                    .iter_mut()
                    .rev()
                    .find(|s| matches!(s.key, Key::Activity(_)))
                {
                    head.cells.extend(seg.cells);
                }
                continue;
            }
            _ => {}
        }
        out.push(seg);
    }
    out
}

/// 推進手段 header cells printed after the 基本姿勢 text without their own label start a
/// 推進手段 segment.
fn cut_means(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    for seg in segs {
        if seg.key != Key::Stance {
            out.push(seg);
            continue;
        }
        let at = seg
            .cells
            .iter()
            .position(|c| c.1.trim_start().starts_with("(1)"));
        match at {
            Some(p) if p > 0 => {
                let (a, b) = seg.cells.split_at(p);
                out.push(Seg {
                    key: Key::Stance,
                    cells: a.to_vec(),
                });
                let mut cells = Vec::new();
                for (col, t) in b {
                    // `(1) (2) … (7)` in one cell: the columns are lost.
                    for part in t.split_whitespace() {
                        cells.push((*col, part.to_string()));
                    }
                }
                out.push(Seg {
                    key: Key::Means,
                    cells,
                });
            }
            _ => out.push(seg),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_compare_without_spaces() {
        let cells = [(0, " 行政改革 "), (2, "実施 計画")];
        assert!(has_key(&cells, &line_key(&cells)));
        assert!(has_key(&cells, "行政改革実施計画"));
        assert!(!has_key(&cells, "行政改革実施"));
        assert!(!has_key(&cells, "行政改革実施計画書"));
        assert!(has_key(&[], ""));
    }

    #[test]
    fn an_item_number_in_the_title_row_stands_apart_from_its_department() {
        assert_eq!(title_row_id("3-④ 財政課"), Some(("3-④", " 財政課")));
        assert_eq!(title_row_id("3-④財政課"), Some(("3-④", "財政課")));
        assert_eq!(title_row_id("1-②"), Some(("1-②", "")));
        // Not a department after the number, or one level only: no number of an item.
        assert_eq!(title_row_id("3-④財政の健全化"), None);
        assert_eq!(title_row_id("3 財政課"), None);
    }

    #[test]
    fn department_names_keep_their_space() {
        assert_eq!(split_depts("市民部市民課"), "市民部 市民課");
        assert_eq!(split_depts("地域推進課企画政策課"), "地域推進課 企画政策課");
        assert_eq!(split_depts("上下水道課"), "上下水道課");
        assert_eq!(split_depts("総務課"), "総務課");
        assert_eq!(split_depts("部活動推進室"), "部活動推進室");
        assert_eq!(split_depts("収納課関係各誤"), "収納課関係各誤");
        // Printed without a space: kept as printed; unknown print: the space is restored.
        let mut b = Block::new(Kind::Plan, 1);
        assert!(b.put_dept("総務部総務課", Some(false)));
        assert_eq!(b.dept.as_deref(), Some("総務部総務課"));
        let mut b = Block::new(Kind::Plan, 1);
        assert!(b.put_dept("主管課 保健福祉部健康づくりセンター", None));
        assert_eq!(b.dept.as_deref(), Some("保健福祉部 健康づくりセンター"));
        let mut b = Block::new(Kind::Plan, 1);
        assert!(b.put_dept("地域推進課\n企画政策課", Some(false)));
        assert_eq!(b.dept.as_deref(), Some("地域推進課 企画政策課"));
    }

    #[test]
    fn late_mark_and_wrapped_department() {
        let mut b = Block::new(Kind::Report, 1);
        let mut a = Activity::new(1, None);
        a.status = Some(status::decide(None, Some("中止"), None));
        b.acts.push((a, true));
        b.cur = Some(0);
        assert!(!b.late_mark(&[(0, "中止の理由"), (1, "×")]));
        assert!(!b.late_mark(&[(3, "-")]));
        assert!(b.late_mark(&[(0, ""), (3, "×")]));
        let st = b.acts[0].0.status.clone().unwrap();
        assert_eq!(
            (st.mark.as_deref(), st.label.as_deref()),
            (Some("×"), Some("中止"))
        );
        // The mark is there now: a second lone mark is not taken.
        assert!(!b.late_mark(&[(3, "○")]));

        let mut b = Block::new(Kind::Plan, 1);
        assert!(b.put_dept("企画部", Some(false)));
        assert!(b.dept_open);
        assert!(!b.dept_rest(&[(0, "基本姿勢"), (1, "1. 財政")]));
        assert!(!b.dept_rest(&[(0, "・施設の総量を減らす必要がある。")]));
        assert!(b.dept_rest(&[(0, "企画財政課")]));
        assert_eq!(b.dept.as_deref(), Some("企画部 企画財政課"));
        // A second department row: the 課 of a 部 read alone; a repeat changes nothing.
        let mut b = Block::new(Kind::Plan, 1);
        assert!(b.put_dept("保健福祉部", Some(false)));
        assert!(b.put_dept("保健福祉部", Some(false)));
        assert!(b.put_dept("健康づくりセンター", Some(false)));
        assert!(b.put_dept("総務課", Some(false)));
        assert_eq!(b.dept.as_deref(), Some("保健福祉部 健康づくりセンター"));
    }

    #[test]
    fn status_cells_without_their_label() {
        let st = bare_status(&[(2, "順調".into()), (3, "○".into())]).unwrap();
        assert_eq!(
            (st.code, st.mark.as_deref()),
            (crate::item::StatusCode::OnTrack, Some("○"))
        );
        assert!(bare_status(&[(2, "× 中止".into())]).is_some());
        // Text, even a short one, is not a status.
        assert!(bare_status(&[(2, "-".into())]).is_none());
        assert!(bare_status(&[(2, "研修を3回行った。".into())]).is_none());
        assert!(bare_status(&[(2, "計画どおり実施し、効果を検証した。".into())]).is_none());
    }

    #[test]
    fn legends_are_rows_of_mark_label_pairs() {
        let l = legend_row(&[(0, "※達成状況 ◎:達成 ○:順調 △:遅延 ×:中止")]).unwrap();
        assert_eq!(l.code_of("×"), Some(crate::item::StatusCode::Discontinued));
        assert!(legend_row(&[
            (0, "取組項目1"),
            (1, "広報"),
            (2, "達成状況"),
            (3, "○ 順調")
        ])
        .is_none());
        assert!(legend_row(&[(0, "◎:達成 ○:順調")]).is_none());
    }

    #[test]
    fn legend_marks_are_counted_as_the_characters_are() {
        let marks = |t: &str| {
            t.chars()
                .filter(|c| matches!(c, '◎' | '○' | '〇' | '◯' | '△' | '▲' | '×' | '✕'))
                .count()
        };
        // Neighbours of the marks in their blocks (◇ ● ▽ ÷ ✖ 々 〆), other C3/E2 characters
        // (é “ ※ ① →) and kana, at every position.
        for t in [
            "",
            "◎:達成 ○:順調 △:遅延 ×:中止",
            "〇◯▲✕ 〇〇",
            "◇●▽÷✖々〆é“※①→",
            "あ◎い○う〇え◯お△か▲き×く✕",
            "×◎x○〇",
            "取組項目1 達成状況 ○ 順調",
        ] {
            assert_eq!(legend_marks(t), marks(t), "{t}");
            for (i, _) in t.char_indices() {
                assert_eq!(legend_marks(&t[i..]), marks(&t[i..]), "{t} from {i}");
            }
        }
    }

    #[test]
    fn sub_headers_name_the_sheet() {
        assert_eq!(
            sub_header(&[(0, "アクションプラン個別項目－計画調書")]),
            Some(Kind::Plan)
        );
        assert_eq!(
            sub_header(&[(0, "アクションプラン個別項目 - 実績報告(2024年度報告)")]),
            Some(Kind::Report)
        );
        assert_eq!(sub_header(&[(0, "〈取組項目別の実績報告〉")]), None);
    }

    #[test]
    fn plan_cells_by_column() {
        let years = [(2, 2019), (3, 2020), (4, 2021)];
        let ok = place_plan(&years, &[(2, "●".into()), (4, "●".into())]).unwrap();
        assert_eq!(
            ok.iter().map(|p| p.year).collect::<Vec<_>>(),
            vec![2019, 2021]
        );
        // Five dots in one cell, a cell beyond the header, an arrow label: no guess.
        assert!(place_plan(&years, &[(2, "● ● ●".into())]).is_err());
        assert!(place_plan(&years, &[(5, "●".into())]).is_err());
        assert!(place_plan(&years, &[(3, "実施".into())]).is_err());
        let all = place_plan(
            &years,
            &[(2, "検討".into()), (3, "実施".into()), (4, "実施".into())],
        );
        assert_eq!(all.map(|p| p.len()), Ok(3));
        // Words in adjacent years are per-year values; a gap makes them arrow labels.
        let years5 = [(2, 2022), (3, 2023), (4, 2024), (5, 2025), (6, 2026)];
        let two = place_plan(&years5, &[(2, "検討".into()), (3, "実施".into())]).unwrap();
        assert_eq!(
            two.iter()
                .map(|p| (p.year, p.value.as_str()))
                .collect::<Vec<_>>(),
            vec![(2022, "検討"), (2023, "実施")]
        );
        assert!(place_plan(&years5, &[(2, "検討".into()), (4, "実施".into())]).is_err());
        assert!(place_plan(&years5, &[(2, "実施".into()), (3, "恒".into())]).is_err());
        assert!(place_plan(&years5, &[(6, "実施".into()), (7, "実施".into())]).is_err());
    }

    #[test]
    fn titles_and_inner_labels() {
        assert_eq!(
            clean_title("財源の拡充と市有財産の有効活用の概要〉"),
            "財源の拡充と市有財産の有効活用"
        );
        assert_eq!(clean_title("定員管理"), "定員管理");
        assert_eq!(
            drop_inner_label("実施している。 現状と課題 行政評価の", "現状と課題"),
            "実施している。行政評価の"
        );
        assert_eq!(strip_label_rest("管課 生涯学習課"), "生涯学習課");
        assert!(inline_year_header("取組の内容 取組期間 (年度) 2024 2025 2026 2027 20").is_some());
        assert!(inline_year_header("2024年度は3回実施した").is_none());
    }
}
