//! 担当部署 cells as PDF extraction leaves them: a stray character before the name
//! (`D 教育総務課`, `: 行政管理課`, `比納税課`), or the last character of the title's
//! first visual line spilled across the cell border (`…の健 化⇥全保険年金課`).

use std::collections::HashMap;

use keikaku_loader::norm;

/// How department names end. A name is a 課, 室, 局 … or an organisation's own word.
const SUFFIXES: &[&str] = &[
    "課",
    "室",
    "局",
    "部",
    "所",
    "センター",
    "館",
    "係",
    "班",
    "院",
    "園",
    "署",
    "会",
    "庁",
    "グループ",
    "チーム",
    "担当",
];

/// Does `s` read as a department name (ends like one, and is more than the suffix)?
pub fn looks_like(s: &str) -> bool {
    s.chars().count() >= 2 && SUFFIXES.iter().any(|x| s.ends_with(x) && s != *x)
}

/// A department name has no spaces: the parts of `企画部 DX推進課` are one name.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{309F}')
}

/// A department cell after the first reading: the name and a stray prefix taken off it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub name: String,
    pub stray: Option<String>,
}

/// First reading of the raw cell text. A prefix is stray when it stands apart (`D 教育総務課`,
/// `化 下水対策課`: at most two characters before a space, the rest a name) or when no name
/// can start with it (a hiragana or an ASCII sign, `る職員課`, `:行政管理課`).
pub fn read(raw: &str) -> Reading {
    let raw = raw.trim();
    if let Some((first, rest)) = raw.split_once(char::is_whitespace) {
        let rest_n = norm::normalize(rest);
        // Two Latin capitals are a word of the name (`DX 推進課`), not debris.
        let acronym = first.chars().count() == 2 && first.chars().all(|c| c.is_ascii_uppercase());
        if first.chars().count() <= 2 && !acronym && looks_like(&rest_n) {
            return Reading {
                name: compact(&rest_n),
                stray: Some(first.to_string()),
            };
        }
    }
    let name = compact(&norm::normalize(raw));
    let mut chars = name.chars();
    if let Some(c) = chars.next() {
        let rest = chars.as_str().trim_start();
        // Names do start with hiragana (まちづくり課, こども支援室) but then go on in
        // hiragana; a lone hiragana before kanji is a spilled particle (`る職員課`), unless
        // it is the honorific お/ご (お客様相談室).
        let particle = is_kana(c) && !rest.starts_with(is_kana) && !matches!(c, 'お' | 'ご');
        let foreign = particle || (c.is_ascii() && !c.is_ascii_alphabetic());
        if foreign && looks_like(rest) {
            return Reading {
                name: rest.to_string(),
                stray: Some(c.to_string()),
            };
        }
    }
    Reading { name, stray: None }
}

/// Department names with how many rows print them (after the first reading).
pub fn census<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for n in names.filter(|n| !n.is_empty()) {
        *m.entry(n.to_string()).or_insert(0) += 1;
    }
    m
}

/// Second reading, with the whole document in view: a name no other row prints, whose
/// tail is a name other rows do print, carries a stray first character (`比納税課` beside
/// `納税課`). `spill_hint` says the title has a gap where its first line lost a character,
/// the other sign that the first character crossed the border.
pub fn second_reading(r: &Reading, census: &HashMap<String, usize>, spill_hint: bool) -> Reading {
    if r.stray.is_some() || census.get(&r.name).copied().unwrap_or(0) >= 2 {
        return r.clone();
    }
    let mut chars = r.name.chars();
    let Some(c) = chars.next() else {
        return r.clone();
    };
    let tail = chars.as_str();
    let known_tail = census.get(tail).copied().unwrap_or(0) >= 1;
    // A name in hiragana (こども支援室) is cut only where another row prints its tail.
    let kana_word = is_kana(c) && tail.starts_with(is_kana);
    let hint = spill_hint && !kana_word;
    if looks_like(tail) && tail.chars().count() >= 3 && (known_tail || hint) {
        return Reading {
            name: tail.to_string(),
            stray: Some(c.to_string()),
        };
    }
    r.clone()
}

/// The width, in characters, of a title's first visual line: the most common position of
/// the first wrap gap among the document's titles (raw text, number removed). `None` with
/// fewer than three gaps to go by.
pub fn line_width<'a>(titles: impl Iterator<Item = &'a str>) -> Option<usize> {
    let mut count: HashMap<usize, usize> = HashMap::new();
    for t in titles {
        if let Some(g) = gap(t) {
            *count.entry(g).or_insert(0) += 1;
        }
    }
    let total: usize = count.values().sum();
    if total < 3 {
        return None;
    }
    count
        .into_iter()
        .max_by_key(|&(w, n)| (n, std::cmp::Reverse(w)))
        .map(|(w, _)| w)
}

/// Characters before the first wrap gap of a raw title (a space between two non-ASCII
/// characters), not counting spaces.
pub fn gap(raw_title: &str) -> Option<usize> {
    let chars: Vec<char> = raw_title.trim().chars().collect();
    let mut n = 0;
    for (k, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = chars[..k].iter().rev().find(|c| !c.is_whitespace());
            let next = chars[k..].iter().find(|c| !c.is_whitespace());
            if let (Some(p), Some(q)) = (prev, next) {
                if !p.is_ascii() && !q.is_ascii() {
                    return Some(n);
                }
            }
        } else {
            n += 1;
        }
    }
    None
}

/// Does the title look as if its first visual line (`width` characters) lost its last
/// character: the wrap gap one character early, and only a word's end (one or two
/// characters) after it (`国民健康保険特別会計の健 化`). A long second line is an ordinary
/// wrap, and the department beside it is taken as printed.
pub fn lost_at_wrap(raw_title: &str, width: usize) -> bool {
    let total = raw_title.chars().filter(|c| !c.is_whitespace()).count();
    match gap(raw_title) {
        Some(g) => width >= 2 && g == width - 1 && total - g <= 2,
        None => false,
    }
}

/// Put a character spilled out of the title back where the title's first visual line
/// ends (`width` characters per line): at a gap there that lost it, at the end of a title exactly one
/// character short of a line, or (for a hiragana, which cannot start a name) at that
/// position anyway. `None` when nothing says it belongs there.
pub fn unspill(title: &str, raw_title: &str, stray: &str, width: usize) -> Option<String> {
    let mut sc = stray.chars();
    let c = sc.next()?;
    if sc.next().is_some() || c.is_ascii() || width < 2 {
        return None;
    }
    let chars: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
    let at = width - 1;
    let fits =
        lost_at_wrap(raw_title, width) || chars.len() == at || (is_kana(c) && chars.len() > at);
    if !fits || chars.len() < at {
        return None;
    }
    // Insert into the title as printed (keeping its own spaces), after `at` non-space chars.
    let mut out = String::with_capacity(title.len() + 4);
    let mut seen = 0;
    let mut done = false;
    for ch in title.chars() {
        if !done && seen == at {
            out.push(c);
            done = true;
        }
        out.push(ch);
        if !ch.is_whitespace() {
            seen += 1;
        }
    }
    if !done {
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(looks_like("財政課"));
        assert!(looks_like("総務課議会事務局"));
        assert!(looks_like("地域包括支援センター"));
        assert!(!looks_like("課"));
        assert!(!looks_like("取組み"));
    }

    #[test]
    fn stray_prefix_apart_or_impossible() {
        assert_eq!(read("D 教育総務課").name, "教育総務課");
        assert_eq!(read("D 教育総務課").stray.as_deref(), Some("D"));
        assert_eq!(read(": 行政管理課").name, "行政管理課");
        assert_eq!(read("1 行政管理課").name, "行政管理課");
        assert_eq!(read("本 子育で支援課").name, "子育で支援課");
        assert_eq!(read("化 下水対策課").stray.as_deref(), Some("化"));
        assert_eq!(read("る職員課").name, "職員課");
        assert_eq!(read("る職員課").stray.as_deref(), Some("る"));
        assert_eq!(
            read("財政課"),
            Reading {
                name: "財政課".into(),
                stray: None
            }
        );
        // Two names side by side are not a prefix.
        assert_eq!(read("総務課 議会事務局").name, "総務課議会事務局");
        assert_eq!(read("総務課 議会事務局").stray, None);
    }

    #[test]
    fn names_that_start_in_hiragana_or_latin_are_kept() {
        for name in [
            "まちづくり課",
            "こども支援室",
            "いきいき長寿課",
            "お客様相談室",
            "DX推進課",
        ] {
            assert_eq!(read(name).stray, None, "{name}");
            assert_eq!(read(name).name, name);
        }
        assert_eq!(read("DX 推進課").stray, None);
        assert_eq!(read("企画部 DX推進課").name, "企画部DX推進課");
        assert_eq!(read("部 総務課").stray.as_deref(), Some("部"));
    }

    #[test]
    fn stray_prefix_by_the_census() {
        let c = census(["納税課", "職員課", "比納税課"].into_iter());
        let r = second_reading(&read("比納税課"), &c, false);
        assert_eq!(
            (r.name.as_str(), r.stray.as_deref()),
            ("納税課", Some("比"))
        );
        // Printed by two rows: a name, whatever its tail.
        let c = census(["教育総務課", "教育総務課", "総務課"].into_iter());
        assert_eq!(second_reading(&read("教育総務課"), &c, false).stray, None);
        // Unknown tail, no gap in the title: left alone.
        let c = census(["全保険年金課"].into_iter());
        assert_eq!(second_reading(&read("全保険年金課"), &c, false).stray, None);
        let r = second_reading(&read("全保険年金課"), &c, true);
        assert_eq!(r.name, "保険年金課");
        // A hiragana name is not cut on the title's gap alone, only beside its tail.
        let c = census(["こども支援室"].into_iter());
        assert_eq!(second_reading(&read("こども支援室"), &c, true).stray, None);
        let c = census(["のまちづくり課", "まちづくり課"].into_iter());
        let r = second_reading(&read("のまちづくり課"), &c, false);
        assert_eq!(
            (r.name.as_str(), r.stray.as_deref()),
            ("まちづくり課", Some("の"))
        );
    }

    #[test]
    fn width_and_gaps() {
        assert_eq!(gap("国民健康保険特別会計の健 化"), Some(12));
        assert_eq!(gap("PPP(公民連携)の推進"), None);
        assert_eq!(gap("LINE Pay の導入"), None);
        let titles = [
            "あいうえおかきくけこさしす せ",
            "あいうえおかきくけこさしす そ",
            "あいう",
            "あいうえおかきくけこさしすせ たち",
        ];
        assert_eq!(line_width(titles.into_iter()), Some(13));
    }

    #[test]
    fn lost_character_at_the_wrap() {
        assert!(lost_at_wrap("国民健康保険特別会計の健 化", 13));
        assert!(!lost_at_wrap(
            "業務、情報システムや保有 データの標準化の推進",
            13
        ));
        assert!(!lost_at_wrap("未利用教育財産の跡地利用の 検討", 13));
        assert!(!lost_at_wrap("短い", 13));
    }

    #[test]
    fn spilled_character_goes_back() {
        let t = "国民健康保険特別会計の健化";
        assert_eq!(
            unspill(t, "国民健康保険特別会計の健 化", "全", 13).as_deref(),
            Some("国民健康保険特別会計の健全化")
        );
        assert_eq!(
            unspill(
                "公共下水道事業会計の健全",
                "公共下水道事業会計の健全",
                "化",
                13
            )
            .as_deref(),
            Some("公共下水道事業会計の健全化")
        );
        assert_eq!(
            unspill(
                "公金徴収業務の効率化を図体制の一元化",
                "公金徴収業務の効率化を図体制の一元化",
                "る",
                13
            )
            .as_deref(),
            Some("公金徴収業務の効率化を図る体制の一元化")
        );
        // A kanji with no gap and a longer title: noise, not a spill.
        assert_eq!(
            unspill(
                "収納率向上のための体制強化",
                "収納率向上のための体制強化",
                "比",
                13
            ),
            None
        );
        assert_eq!(unspill("短い", "短い", "本", 13), None);
        assert_eq!(unspill("国民健康保険特別会計の健化", "x", "D", 13), None);
    }
}
