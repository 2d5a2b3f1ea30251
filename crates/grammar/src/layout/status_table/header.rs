//! The table header: which column holds what, read from the labels (towns order and name
//! the columns slightly differently, and print the report year in them: `R 2 計画概要`).

use std::collections::BTreeMap;

use keikaku_loader::Line;

use crate::token::{id, status, year};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 項目No.: the group heading (`I 1 (1) 新たな財源の確保`) on a group's first row.
    Number,
    /// 取組項目: `① NAME`.
    Title,
    /// 担当部署 / 担当課.
    Department,
    /// 内容、進め方.
    Content,
    /// R2計画概要.
    Plan,
    /// R2実施内容.
    Results,
    /// 実施過程での新たな問題・課題.
    Issues,
    /// 次年度の方針.
    NextPolicy,
    /// 進捗区分.
    Status,
}

/// The role a header cell announces, from the words every variant of it keeps. Checked
/// in an order that separates overlapping words (実施過程での…課題 before 実施内容,
/// 計画概要 before 概要, 取組項目 last).
pub fn classify(text: &str) -> Option<Role> {
    // Most cells of a document are sentences: count before copying.
    let n = text.chars().filter(|c| !c.is_whitespace()).take(25).count();
    if n == 0 || n > 24 {
        return None;
    }
    // Header cells rarely hold spaces: copy only those that do.
    let k: std::borrow::Cow<'_, str> = if text.contains(char::is_whitespace) {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    // Every word below starts with one of these characters, and every year with a digit or
    // an era letter: the cell's starting characters are gathered once, and a word is only
    // searched for when its first character is there (most cells name no role).
    let mut present = 0u32;
    for c in k.chars() {
        present |= start_bit(c);
    }
    if present == 0 {
        return None;
    }
    let has = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| present & start_bit(c) != 0)
            && k.contains(w)
    };
    // Years are only asked about once the earlier roles are ruled out.
    let dated = || present & start_bit('0') != 0 && !year::find_years(&k).is_empty();
    let role = if has("No") || has("NO") || has("番号") || k == "No" {
        Role::Number
    } else if has("進捗") || has("区分") || has("達成状況") || has("達成度") || has("評価")
    {
        Role::Status
    } else if has("担当") || has("部署") || has("所管") || has("主管") || has("課名") {
        Role::Department
    } else if has("問題") || has("課題") {
        Role::Issues
    } else if has("次年度") || has("今後") || has("方針") {
        Role::NextPolicy
    } else if has("計画") && dated() {
        Role::Plan
    } else if dated() || has("実施内容") || has("実績") || has("実施状況") || has("取組状況")
    {
        // A dated column that is not the plan reports that year (`R4 取組内容`).
        Role::Results
    } else if has("計画") {
        Role::Plan
    } else if has("内容") || has("進め方") || has("概要") {
        Role::Content
    } else if has("取組") || has("項目") || has("事業名") {
        Role::Title
    } else {
        return None;
    };
    Some(role)
}

/// A bit for each character that starts a word [`classify`] looks for (years start with
/// a digit or an era letter); 0 for any other character.
fn start_bit(c: char) -> u32 {
    let i = match c {
        '0'..='9' | '令' | '平' | '昭' | 'R' | 'H' => 0,
        'N' => 1,
        '番' => 2,
        '進' => 3,
        '区' => 4,
        '達' => 5,
        '評' => 6,
        '担' => 7,
        '部' => 8,
        '所' => 9,
        '主' => 10,
        '課' => 11,
        '問' => 12,
        '次' => 13,
        '今' => 14,
        '方' => 15,
        '計' => 16,
        '実' => 17,
        '取' => 18,
        '内' => 19,
        '概' => 20,
        '項' => 21,
        '事' => 22,
        _ => return 0,
    };
    1 << i
}

/// The columns of one header line.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// (column, role) for each recognised header cell, the first of each role only.
    pub roles: Vec<(usize, Role)>,
    /// (column, label) for header cells no role claims: printed as extra fields.
    pub others: Vec<(usize, String)>,
    /// The fiscal year the plan/results columns speak of (`R 2 実施内容` → 2020).
    pub year: Option<i32>,
}

impl Columns {
    /// A header line: at least five cells naming five different roles, among them the
    /// title or the number. `None` for any other line.
    pub fn from_line(line: &Line) -> Option<Columns> {
        let cells: Vec<(usize, &str)> = line
            .filled()
            .map(|c| (usize::from(c.col), c.text.as_str()))
            .collect();
        Self::from_cells(&cells)
    }

    /// A header printed over two lines, each cell's label broken where the cell wraps
    /// (`R4` above `計画概要`, `実施過程での新たな` above `問題・課題`): the labels of each
    /// column joined. Both lines must be short labels only, with no status value or number.
    pub fn from_pair(top: &Line, bottom: &Line) -> Option<Columns> {
        // Five roles need five columns: most pairs of lines fail this before the cells
        // are read as statuses.
        let mut cols: Vec<u16> = top.filled().chain(bottom.filled()).map(|c| c.col).collect();
        cols.sort_unstable();
        cols.dedup();
        if cols.len() < 5 || bottom.filled().count() < 2 {
            return None;
        }
        let mut joined: BTreeMap<usize, String> = BTreeMap::new();
        for c in top.filled().chain(bottom.filled()) {
            joined
                .entry(usize::from(c.col))
                .or_default()
                .push_str(c.text.trim());
        }
        let cells: Vec<(usize, &str)> = joined.iter().map(|(&col, t)| (col, t.as_str())).collect();
        // Naming the roles is cheaper than ruling out status values in every cell.
        Self::from_cells(&cells).filter(|_| labels_only(top) && labels_only(bottom))
    }

    fn from_cells(cells: &[(usize, &str)]) -> Option<Columns> {
        // A data row never consists of short labels only; refuse lines with long cells
        // (and lines too narrow to name five roles) before classifying anything.
        let short = cells.iter().all(|(_, t)| t.chars().count() <= 24);
        if !short || cells.len() < 5 {
            return None;
        }
        let mut roles: Vec<(usize, Role)> = Vec::new();
        let mut others = Vec::new();
        let mut year = None;
        for (i, &(col, text)) in cells.iter().enumerate() {
            // Each cell names at most one role: once five cannot be reached, stop reading.
            if roles.len() + (cells.len() - i) < 5 {
                return None;
            }
            match classify(text) {
                Some(r) if !roles.iter().any(|&(_, x)| x == r) => {
                    if matches!(r, Role::Plan | Role::Results) && year.is_none() {
                        year = year::find_years(text).first().map(|y| y.0);
                    }
                    roles.push((col, r));
                }
                _ => others.push((col, text.to_string())),
            }
        }
        let named = |r: Role| roles.iter().any(|&(_, x)| x == r);
        let ok = roles.len() >= 5 && (named(Role::Title) || named(Role::Number));
        ok.then_some(Columns {
            roles,
            others,
            year,
        })
    }
}

/// Short cells only, none a status value or a number: what a header line prints.
fn labels_only(line: &Line) -> bool {
    // The cheap tests first, over the whole line: a status label costs the most to rule out.
    line.filled().next().is_some()
        && line.filled().all(|c| c.text.chars().count() <= 24)
        && line.filled().all(|c| {
            status::repair_mark(&c.text).is_none()
                && (id::item_id(c.text.trim()).is_err() || !year::find_years(&c.text).is_empty())
        })
        && line.filled().all(|c| status::label_code(&c.text).is_none())
}

impl Columns {
    /// A header damaged past recognition as one (a repeated page header with cells lost or
    /// misread): short cells only, most of them and at least three header labels, none a
    /// status value or starting with a number (a data row of short cells has those).
    pub fn damaged(line: &Line) -> bool {
        // Cheapest test first: a data row of long cells (most rows asked) is refused before
        // any cell is read as a status, an id or a header label.
        if !line.filled().all(|c| c.text.chars().count() <= 24) {
            return false;
        }
        let data = line
            .filled()
            .any(|c| status::label_code(&c.text).is_some() || id::component(&c.text).is_ok());
        if data {
            return false;
        }
        let filled = line.filled().count();
        let labels = line
            .filled()
            .filter(|c| classify(&c.text).is_some())
            .count();
        labels >= 3 && labels * 2 > filled
    }

    /// How many roles the header names.
    pub fn named(&self) -> usize {
        self.roles.len()
    }

    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles
            .iter()
            .find(|&&(_, r)| r == role)
            .map(|&(c, _)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        let doc = keikaku_loader::load(text.as_bytes()).unwrap();
        doc.lines[0].clone()
    }

    #[test]
    fn seed_labels() {
        assert_eq!(classify("項目No."), Some(Role::Number));
        assert_eq!(classify("取組項目"), Some(Role::Title));
        assert_eq!(classify("担当部署"), Some(Role::Department));
        assert_eq!(classify("内容、進め方"), Some(Role::Content));
        assert_eq!(classify("R 2計画概要"), Some(Role::Plan));
        assert_eq!(classify("R 2 実施内容"), Some(Role::Results));
        assert_eq!(classify("実施過程での新たな問題・課題"), Some(Role::Issues));
        assert_eq!(classify("次年度の方針"), Some(Role::NextPolicy));
        assert_eq!(classify("進捗区分"), Some(Role::Status));
    }

    #[test]
    fn variants() {
        assert_eq!(classify("担当課"), Some(Role::Department));
        assert_eq!(classify("R4計画概要"), Some(Role::Plan));
        assert_eq!(classify("令和4年度実績"), Some(Role::Results));
        assert_eq!(classify("今後の方向性"), Some(Role::NextPolicy));
        assert_eq!(classify("取組内容"), Some(Role::Content));
        assert_eq!(classify("R4 取組内容"), Some(Role::Results));
        assert_eq!(classify("令和4年度計画"), Some(Role::Plan));
        assert_eq!(
            classify("ふるさと納税サイトを運営する委託事業者と連携し"),
            None
        );
    }

    #[test]
    fn header_in_any_order_with_its_year() {
        let l = line("取組項目\t項目No.\t担当課\t進捗区分\tR4 実施内容\tR4 計画概要\t備考");
        let c = Columns::from_line(&l).unwrap();
        assert_eq!(c.col(Role::Title), Some(0));
        assert_eq!(c.col(Role::Number), Some(1));
        assert_eq!(c.col(Role::Status), Some(3));
        assert_eq!(c.col(Role::Plan), Some(5));
        assert_eq!(c.year, Some(2022));
        assert_eq!(c.others, vec![(6, "備考".to_string())]);
    }

    #[test]
    fn damaged_header() {
        let l = line("項目No.\t取組\t\t内容、進め方\tR 2計画概要");
        assert!(Columns::from_line(&l).is_none());
        assert!(Columns::damaged(&l));
        assert!(!Columns::damaged(&line("\t② 人事\t職員課\t計画どおり")));
        assert!(!Columns::damaged(&line(
            "\t人事\t職員課\t内容\t計画\t実施\t計画どおり"
        )));
    }

    #[test]
    fn header_over_two_lines() {
        let doc = keikaku_loader::load(
            "項目No.\t取組項目\t担当部署\t内容、進め方\tR4\tR4\t実施過程での新たな\t次年度の\t進捗\n\
             \t\t\t\t計画概要\t実施内容\t問題・課題\t方針\t区分\n"
                .as_bytes(),
        )
        .unwrap();
        let c = Columns::from_pair(&doc.lines[0], &doc.lines[1]).unwrap();
        assert_eq!(c.col(Role::Plan), Some(4));
        assert_eq!(c.col(Role::Results), Some(5));
        assert_eq!(c.col(Role::Issues), Some(6));
        assert_eq!(c.col(Role::NextPolicy), Some(7));
        assert_eq!(c.col(Role::Status), Some(8));
        assert_eq!(c.year, Some(2022));
        assert_eq!(c.named(), 9);
        // A header above a data row is not a pair.
        let doc = keikaku_loader::load(
            "項目No.\t取組項目\t担当部署\t内容、進め方\tR4計画概要\tR4実施内容\t課題\t方針\t進捗区分\n\
             I 1 (1) 財源\t① 甲\t財政課\t内容\t\t\t\t\t計画どおり\n"
                .as_bytes(),
        )
        .unwrap();
        assert!(Columns::from_pair(&doc.lines[0], &doc.lines[1]).is_none());
    }

    #[test]
    fn data_rows_are_not_headers() {
        let l = line("\t② クラウドファンディングの活用\t財政課\t更なる財源確保策として、本市の政策やまちづくりに共感\t検討\t実施\t\t\t目標達成");
        assert!(Columns::from_line(&l).is_none());
    }
}
