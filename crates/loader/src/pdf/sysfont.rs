//! Characters for embedded subsets that name nothing, from the installed font they were cut
//! from. LibreOffice embeds CFF-based fonts (Noto CJK) as Type 1 subsets whose glyphs are
//! named `cidNNNNN` (the glyph id in the whole font) and TrueType fonts (IPAex, DejaVu) as
//! subsets with renumbered glyphs and no names; without ToUnicode the file alone cannot say
//! what they are. The same font on this machine can: its Unicode `cmap` names the glyph
//! ids, and its outlines identify the renumbered glyphs.
//!
//! Nothing here runs unless a font has such glyphs: the font directories are indexed on
//! first use, once per process, and an installed font is trusted only when its advances
//! agree with the PDF's `/Widths`.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ttf_parser::{Face, GlyphId, RawFaceTables};

/// Colon-separated font directories searched before the system ones.
pub const FONT_PATH_ENV: &str = "KEIKAKU_FONT_PATH";
/// `0` leaves the system directories out (tests, reproducible runs).
pub const SYSTEM_FONTS_ENV: &str = "KEIKAKU_SYSTEM_FONTS";

/// Font files looked at in all directories together, and directory depth: a font directory
/// is a shallow tree of a few hundred files; a path pointing at `/` must not walk the disk.
const MAX_FILES: usize = 20_000;
const MAX_DEPTH: usize = 6;
/// Largest table read from an installed font (a full CJK `CFF ` is ~17 MB; only `glyf`
/// is read of the outline tables, IPAex's is 5 MB).
const MAX_TABLE: u32 = 64 << 20;
/// Share of the checked glyphs whose PDF width must equal the installed advance.
const MIN_AGREEMENT: f64 = 0.95;

/// What the PDF says about one font's codes.
pub struct Request<'a> {
    /// `/BaseFont`, subset tag and all.
    pub base_font: &'a str,
    /// Code → glyph id in the installed font (`cidNNNNN` names of a Type 1 subset, Skia's
    /// `g6F20` names of a Type3 font, the CIDs of an `Adobe-Identity` CFF font).
    pub ids: BTreeMap<u16, u16>,
    /// A TrueType subset program whose glyphs are to be matched by outline, with its code →
    /// subset glyph map (a simple font's one-byte codes, or a CID font's CIDs).
    pub subset: Option<(&'a [u8], BTreeMap<u16, u16>)>,
    /// Code → width in 1/1000 em, from `/Widths` or `/W`.
    pub widths: BTreeMap<u16, f64>,
}

/// Characters found for codes, and the installed font file they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub chars: BTreeMap<u16, char>,
    /// The file's path; under a `KEIKAKU_FONT_PATH` directory, `$KEIKAKU_FONT_PATH/` and
    /// the path inside it, so that output does not depend on where that directory is.
    pub file: String,
}

/// The glyph id a LibreOffice / Ghostscript style glyph name stands for: `cid43852`,
/// `glyph123`, `gid123`.
pub fn glyph_id_name(name: &str) -> Option<u16> {
    let digits = ["cid", "glyph", "gid"]
        .iter()
        .find_map(|p| name.strip_prefix(p))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The characters of `req`'s codes through an installed font with the same PostScript
/// name (longest prefix of `/BaseFont` without its subset tag), or `None` when no installed
/// font fits.
pub fn resolve(req: &Request) -> Option<Found> {
    resolve_in(req, &search_dirs())
}

fn resolve_in(req: &Request, dirs: &[(PathBuf, bool)]) -> Option<Found> {
    let want = strip_tag(req.base_font);
    let index = index_for(dirs);
    let mut candidates: Vec<(usize, usize, &Entry)> = index
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| is_name_prefix(&e.ps_name, want))
        .map(|(i, e)| (e.ps_name.len(), i, e))
        .collect();
    // Longest name first; among equals, search order (KEIKAKU_FONT_PATH first).
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, e) in candidates {
        let Some(font) = loaded(e) else { continue };
        let chars = if let Some((program, codes)) = &req.subset {
            by_outline(&font, e, program, codes, &req.widths)
        } else {
            by_glyph_id(&font, e, &req.ids, &req.widths)
        };
        if let Some(chars) = chars {
            return Some(Found {
                chars,
                file: e.shown.clone(),
            });
        }
    }
    None
}

/// `ABCDEF+Name` → `Name`.
fn strip_tag(base: &str) -> &str {
    match base.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => base,
    }
}

/// `prefix` names the font `name` was derived from: equal, or followed by a suffix such as
/// LibreOffice's `-VKana` or a style after `,`.
fn is_name_prefix(prefix: &str, name: &str) -> bool {
    !prefix.is_empty()
        && name.starts_with(prefix)
        && matches!(name.as_bytes().get(prefix.len()), None | Some(b'-' | b','))
}

/// Directories to search, each with whether it came from `KEIKAKU_FONT_PATH`.
fn search_dirs() -> Vec<(PathBuf, bool)> {
    let mut dirs: Vec<(PathBuf, bool)> = std::env::var_os(FONT_PATH_ENV)
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| (p, true))
                .collect()
        })
        .unwrap_or_default();
    if std::env::var(SYSTEM_FONTS_ENV).as_deref() != Ok("0") {
        dirs.extend(
            ["/usr/share/fonts", "/usr/local/share/fonts"].map(|d| (PathBuf::from(d), false)),
        );
        if let Some(home) = std::env::var_os("HOME") {
            let home = PathBuf::from(home);
            dirs.push((home.join(".local/share/fonts"), false));
            dirs.push((home.join(".fonts"), false));
        }
    }
    dirs
}

/// One face of an installed font file.
#[derive(Debug, Clone)]
struct Entry {
    ps_name: String,
    path: PathBuf,
    /// How diagnostics name the file (see `Found::file`).
    shown: String,
    /// Offset of the face's table directory (0, or from a collection's header).
    offset: u32,
    /// The other faces of the same collection (they share glyphs in Noto CJK).
    siblings: Vec<u32>,
}

struct Index {
    entries: Vec<Entry>,
}

/// The index of the directories `dirs`, built on first use and kept for the process.
fn index_for(dirs: &[(PathBuf, bool)]) -> Arc<Index> {
    type Indexes = Mutex<HashMap<Vec<(PathBuf, bool)>, Arc<Index>>>;
    static INDEXES: OnceLock<Indexes> = OnceLock::new();
    let map = INDEXES.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = match map.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    map.entry(dirs.to_vec())
        .or_insert_with(|| Arc::new(build_index(dirs)))
        .clone()
}

fn build_index(dirs: &[(PathBuf, bool)]) -> Index {
    let mut files = Vec::new();
    for (d, from_env) in dirs {
        let start = files.len();
        collect_fonts(d, 0, &mut files);
        for (path, shown) in &mut files[start..] {
            if *from_env {
                if let Ok(inner) = path.strip_prefix(d) {
                    *shown = format!("${FONT_PATH_ENV}/{}", inner.display());
                }
            }
        }
    }
    let mut entries = Vec::new();
    for (path, shown) in files {
        let Ok(mut f) = File::open(&path) else {
            continue;
        };
        let offsets = face_offsets(&mut f).unwrap_or_default();
        for &offset in &offsets {
            let Some(ps_name) = read_table(&mut f, offset, b"name").and_then(|n| ps_name(&n))
            else {
                continue;
            };
            entries.push(Entry {
                ps_name,
                path: path.clone(),
                shown: shown.clone(),
                offset,
                siblings: offsets.iter().copied().filter(|&o| o != offset).collect(),
            });
        }
    }
    Index { entries }
}

fn collect_fonts(dir: &Path, depth: usize, out: &mut Vec<(PathBuf, String)>) {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut items: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // Directory order differs between machines and runs; the index must not.
    items.sort();
    for p in items {
        if out.len() >= MAX_FILES {
            return;
        }
        if p.is_dir() {
            collect_fonts(&p, depth + 1, out);
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            let shown = p.display().to_string();
            out.push((p, shown));
        }
    }
}

fn read_at(f: &mut File, at: u64, len: usize) -> Option<Vec<u8>> {
    f.seek(SeekFrom::Start(at)).ok()?;
    let mut buf = vec![0; len];
    f.read_exact(&mut buf).ok()?;
    Some(buf)
}

fn be16(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))
}

fn be32(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// Offsets of the table directories in a font file: one for a single font, one per face
/// for a collection.
fn face_offsets(f: &mut File) -> Option<Vec<u32>> {
    let head = read_at(f, 0, 12)?;
    if head.get(..4)? != b"ttcf" {
        return Some(vec![0]);
    }
    let n = be32(&head, 8)?.min(256) as usize;
    let offs = read_at(f, 12, 4 * n)?;
    (0..n).map(|i| be32(&offs, 4 * i)).collect()
}

/// One table of the face whose directory is at `offset`, read alone (a collection of CJK
/// fonts is 20–30 MB; a face's `cmap`, `hmtx` and `GSUB` are well under 1 MB each).
fn read_table(f: &mut File, offset: u32, tag: &[u8; 4]) -> Option<Vec<u8>> {
    let dir = read_at(f, u64::from(offset), 12)?;
    let n = usize::from(be16(&dir, 4)?);
    let recs = read_at(f, u64::from(offset) + 12, 16 * n)?;
    for i in 0..n {
        let r = &recs[16 * i..16 * i + 16];
        if &r[..4] == tag {
            let (at, len) = (be32(r, 8)?, be32(r, 12)?);
            if len > MAX_TABLE {
                return None;
            }
            return read_at(f, u64::from(at), len as usize);
        }
    }
    None
}

/// The PostScript name (name id 6) of a `name` table.
fn ps_name(t: &[u8]) -> Option<String> {
    let count = usize::from(be16(t, 2)?);
    let strings = usize::from(be16(t, 4)?);
    let mut mac = None;
    for i in 0..count {
        let r = 6 + 12 * i;
        let (pid, id) = (be16(t, r)?, be16(t, r + 6)?);
        if id != 6 {
            continue;
        }
        let len = usize::from(be16(t, r + 8)?);
        let off = strings + usize::from(be16(t, r + 10)?);
        let Some(bytes) = t.get(off..off + len) else {
            continue;
        };
        match pid {
            0 | 3 => {
                let units: Vec<u16> = bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                return String::from_utf16(&units).ok();
            }
            1 => mac = Some(String::from_utf8_lossy(bytes).into_owned()),
            _ => {}
        }
    }
    mac
}

/// An installed face's glyphs by outline hash, and its glyphs without outline.
struct Outlines {
    by_hash: HashMap<u64, Vec<u16>>,
    empty: Vec<u16>,
}

/// The tables of one installed face this module reads.
struct Loaded {
    tables: HashMap<[u8; 4], Vec<u8>>,
    /// Outline hash → glyphs with that outline, built when a subset is first matched.
    outlines: OnceLock<Outlines>,
    /// Glyph → character by this face's `cmap`.
    names: OnceLock<HashMap<u16, char>>,
    /// The same, completed from the sibling faces and `GSUB`.
    full_names: OnceLock<HashMap<u16, char>>,
}

impl Loaded {
    fn face(&self) -> Option<Face<'_>> {
        let t = |tag: &[u8; 4]| self.tables.get(tag).map(Vec::as_slice);
        Face::from_raw_tables(RawFaceTables {
            head: t(b"head")?,
            hhea: t(b"hhea")?,
            maxp: t(b"maxp")?,
            cmap: t(b"cmap"),
            hmtx: t(b"hmtx"),
            glyf: t(b"glyf"),
            loca: t(b"loca"),
            gsub: t(b"GSUB"),
            ..RawFaceTables::default()
        })
        .ok()
    }

    fn names(&self) -> &HashMap<u16, char> {
        self.names
            .get_or_init(|| self.face().map(|f| glyph_chars(&f)).unwrap_or_default())
    }
}

/// The face of `e`, read once per process (without `glyf`/`loca` for fonts with CFF
/// outlines, which are matched by glyph id only).
fn loaded(e: &Entry) -> Option<Arc<Loaded>> {
    load_face(&e.path, e.offset)
}

fn load_face(path: &Path, offset: u32) -> Option<Arc<Loaded>> {
    type Cache = Mutex<HashMap<(PathBuf, u32), Option<Arc<Loaded>>>>;
    static FACES: OnceLock<Cache> = OnceLock::new();
    let cache = FACES.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (path.to_path_buf(), offset);
    if let Some(hit) = lock(cache).get(&key) {
        return hit.clone();
    }
    let read = (|| {
        let mut f = File::open(path).ok()?;
        let mut tables = HashMap::new();
        for tag in [
            b"head", b"hhea", b"maxp", b"cmap", b"hmtx", b"GSUB", b"glyf", b"loca",
        ] {
            if let Some(t) = read_table(&mut f, offset, tag) {
                tables.insert(*tag, t);
            }
        }
        let l = Loaded {
            tables,
            outlines: OnceLock::new(),
            names: OnceLock::new(),
            full_names: OnceLock::new(),
        };
        l.face()?;
        Some(Arc::new(l))
    })();
    lock(cache).insert(key, read.clone());
    read
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Radicals, compatibility ideographs and private-use code points share glyphs with the
/// characters people mean; the ordinary character wins, then the lower code point.
fn rank(c: char) -> (u8, u32) {
    let c = u32::from(c);
    let odd = (0x2E80..=0x2FDF).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0x2F800..=0x2FA1F).contains(&c)
        || (0xE000..=0xF8FF).contains(&c)
        || (0xF0000..=0x10FFFF).contains(&c);
    (u8::from(odd), c)
}

/// Glyph → best character by the face's Unicode `cmap` subtables.
fn glyph_chars(face: &Face) -> HashMap<u16, char> {
    let mut out: HashMap<u16, char> = HashMap::new();
    let Some(cmap) = face.tables().cmap else {
        return out;
    };
    for sub in cmap.subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            let (Some(ch), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                return;
            };
            if g.0 == 0 {
                return;
            }
            out.entry(g.0)
                .and_modify(|old| {
                    if rank(ch) < rank(*old) {
                        *old = ch;
                    }
                })
                .or_insert(ch);
        });
    }
    out
}

/// Substituted glyph → the glyph it replaces, by the single and alternate substitutions of
/// `GSUB` (vertical forms, `jp78`, `hwid` …): a glyph no `cmap` names means its base
/// glyph's character.
fn substituted_from(face: &Face) -> HashMap<u16, u16> {
    use ttf_parser::gsub::SubstitutionSubtable;
    let mut out = HashMap::new();
    let Some(gsub) = face.tables().gsub else {
        return out;
    };
    for lookup in gsub.lookups {
        for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
            match sub {
                SubstitutionSubtable::Single(s) => {
                    use ttf_parser::gsub::SingleSubstitution as S;
                    match s {
                        S::Format1 { coverage, delta } => {
                            for (_, g) in covered(&coverage) {
                                // Deltas add modulo 65536.
                                let to = (i32::from(g.0) + i32::from(delta)) as u16;
                                out.entry(to).or_insert(g.0);
                            }
                        }
                        S::Format2 {
                            coverage,
                            substitutes,
                        } => {
                            for (i, g) in covered(&coverage) {
                                if let Some(to) = substitutes.get(i) {
                                    out.entry(to.0).or_insert(g.0);
                                }
                            }
                        }
                    }
                }
                SubstitutionSubtable::Alternate(a) => {
                    for (i, g) in covered(&a.coverage) {
                        if let Some(set) = a.alternate_sets.get(i) {
                            for to in set.alternates {
                                out.entry(to.0).or_insert(g.0);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// (coverage index, glyph) of every glyph a coverage table lists.
fn covered(c: &ttf_parser::opentype_layout::Coverage) -> Vec<(u16, GlyphId)> {
    use ttf_parser::opentype_layout::Coverage;
    let mut out = Vec::new();
    match c {
        Coverage::Format1 { glyphs } => {
            for (i, g) in glyphs.into_iter().enumerate() {
                out.push((i as u16, g));
            }
        }
        Coverage::Format2 { records } => {
            for r in records.into_iter() {
                for (k, g) in (r.start.0..=r.end.0).enumerate() {
                    out.push((r.value.wrapping_add(k as u16), GlyphId(g)));
                }
            }
        }
    }
    out
}

/// Advance of `g` in 1/1000 em.
fn advance(face: &Face, g: u16) -> Option<f64> {
    let a = face.glyph_hor_advance(GlyphId(g))?;
    Some(f64::from(a) * 1000.0 / f64::from(face.units_per_em().max(1)))
}

/// Nearly all glyphs whose width the PDF gives must have the installed font's advance
/// (LibreOffice rounds widths to whole units).
fn widths_agree(face: &Face, glyphs: &BTreeMap<u16, u16>, widths: &BTreeMap<u16, f64>) -> bool {
    let (mut checked, mut same) = (0usize, 0usize);
    for (c, &g) in glyphs {
        let Some(&w) = widths.get(c) else { continue };
        checked += 1;
        if advance(face, g).is_some_and(|a| (a - w).abs() <= 1.0) {
            same += 1;
        }
    }
    checked > 0 && same as f64 >= MIN_AGREEMENT * checked as f64
}

/// Codes naming glyph ids of the installed font (`cidNNNNN`).
fn by_glyph_id(
    font: &Loaded,
    e: &Entry,
    ids: &BTreeMap<u16, u16>,
    widths: &BTreeMap<u16, f64>,
) -> Option<BTreeMap<u16, char>> {
    let face = font.face()?;
    let glyphs = face.number_of_glyphs();
    if ids.values().any(|&g| g >= glyphs) || !widths_agree(&face, ids, widths) {
        return None;
    }
    let names = font
        .full_names
        .get_or_init(|| complete_names(font, &face, e));
    Some(
        ids.iter()
            .filter_map(|(&c, g)| names.get(g).map(|&ch| (c, ch)))
            .collect(),
    )
}

/// Glyph → character for every glyph of `face` some character can be found for: its own
/// `cmap`, then the other faces of a collection (Noto CJK's SC/TC/KR/HK faces draw the same
/// glyph ids and name glyphs the JP face leaves to `GSUB`), then the glyph a `GSUB`
/// substitution replaced.
fn complete_names(font: &Loaded, face: &Face, e: &Entry) -> HashMap<u16, char> {
    let glyphs = face.number_of_glyphs();
    let mut names = font.names().clone();
    for &off in &e.siblings {
        let Some(other) = load_face(&e.path, off) else {
            continue;
        };
        if other.face().map(|f| f.number_of_glyphs()) != Some(glyphs) {
            continue;
        }
        for (&g, &ch) in other.names() {
            names.entry(g).or_insert(ch);
        }
    }
    let derived = substitutes(&substituted_from(face), |g| names.get(&g).copied());
    names.extend(derived);
    names
}

/// Glyphs `GSUB` substitutes for named glyphs, with their base glyph's character (the
/// glyphs `name` already knows are left out).
fn substitutes(from: &HashMap<u16, u16>, name: impl Fn(u16) -> Option<char>) -> Vec<(u16, char)> {
    let mut derived = Vec::new();
    for &g in from.keys() {
        if name(g).is_some() {
            continue;
        }
        let mut at = g;
        // A short chain (the vertical form of a jp78 form …), never a cycle.
        for _ in 0..4 {
            let Some(&base) = from.get(&at) else { break };
            if let Some(ch) = name(base) {
                derived.push((g, ch));
                break;
            }
            at = base;
        }
    }
    derived
}

/// `chars` (glyph → character by an embedded font's own `cmap`) completed with the glyphs
/// that font's `GSUB` substitutes for them: Chromium keeps the `GSUB` of the TrueType
/// subsets it embeds and draws vertical writing with the `vert` forms, which no `cmap`
/// names.
pub fn add_substitutes(program: &[u8], chars: &mut BTreeMap<u16, char>) {
    let Ok(face) = Face::parse(program, 0) else {
        return;
    };
    let derived = substitutes(&substituted_from(&face), |g| chars.get(&g).copied());
    chars.extend(derived);
}

/// The glyph id of Skia's Type3 glyph names (`g%X`: `g6F20` is glyph 0x6F20), as Chromium
/// writes fonts it cannot embed (CFF-based collections such as Noto CJK).
pub fn skia_glyph_name(name: &str) -> Option<u16> {
    let digits = name.strip_prefix('g')?;
    if digits.is_empty()
        || digits.len() > 4
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}

/// Hash of a glyph's outline (points in font units, composites resolved).
struct OutlineHash(std::collections::hash_map::DefaultHasher, bool);

impl ttf_parser::OutlineBuilder for OutlineHash {
    fn move_to(&mut self, x: f32, y: f32) {
        (0u8, x.to_bits(), y.to_bits()).hash(&mut self.0);
        self.1 = true;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        (1u8, x.to_bits(), y.to_bits()).hash(&mut self.0);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        (2u8, x1.to_bits(), y1.to_bits(), x.to_bits(), y.to_bits()).hash(&mut self.0);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        (3u8, [x1, y1, x2, y2, x, y].map(f32::to_bits)).hash(&mut self.0);
    }
    fn close(&mut self) {
        4u8.hash(&mut self.0);
    }
}

fn outline_hash(face: &Face, g: u16) -> Option<u64> {
    let mut h = OutlineHash(std::collections::hash_map::DefaultHasher::new(), false);
    face.outline_glyph(GlyphId(g), &mut h)?;
    h.1.then(|| h.0.finish())
}

/// A TrueType subset's glyphs, matched to the installed font's by outline; a glyph with no
/// outline (a space) by its advance among the installed font's empty glyphs.
fn by_outline(
    font: &Loaded,
    e: &Entry,
    program: &[u8],
    codes: &BTreeMap<u16, u16>,
    widths: &BTreeMap<u16, f64>,
) -> Option<BTreeMap<u16, char>> {
    let face = font.face()?;
    let sub = Face::parse(program, 0).ok()?;
    let outlines = font.outlines.get_or_init(|| {
        let mut o = Outlines {
            by_hash: HashMap::new(),
            empty: Vec::new(),
        };
        for g in 1..face.number_of_glyphs() {
            match outline_hash(&face, g) {
                Some(h) => o.by_hash.entry(h).or_default().push(g),
                None => o.empty.push(g),
            }
        }
        o
    });
    // Vertical forms and other substitutes have no `cmap` entry but draw their own outline.
    let names = font
        .full_names
        .get_or_init(|| complete_names(font, &face, e));
    let best = |gs: &mut dyn Iterator<Item = u16>| -> Option<(u16, char)> {
        gs.filter_map(|g| names.get(&g).map(|&c| (g, c)))
            .min_by_key(|&(_, c)| rank(c))
    };
    let mut installed: BTreeMap<u16, u16> = BTreeMap::new();
    let mut chars = BTreeMap::new();
    let (mut outlined, mut matched) = (0usize, 0usize);
    for (&c, &sg) in codes {
        let hit = match outline_hash(&sub, sg) {
            Some(h) => {
                outlined += 1;
                let hit = outlines
                    .by_hash
                    .get(&h)
                    .and_then(|gs| best(&mut gs.iter().copied()));
                matched += usize::from(hit.is_some());
                hit
            }
            None => {
                let Some(adv) = advance(&sub, sg) else {
                    continue;
                };
                best(
                    &mut outlines
                        .empty
                        .iter()
                        .copied()
                        .filter(|&g| advance(&face, g).is_some_and(|a| (a - adv).abs() <= 1.0)),
                )
            }
        };
        if let Some((g, ch)) = hit {
            installed.insert(c, g);
            chars.insert(c, ch);
        }
    }
    // Outlines that do not match mean another version of the font: trust none of it.
    if outlined == 0 || (matched as f64) < MIN_AGREEMENT * outlined as f64 {
        return None;
    }
    widths_agree(&face, &installed, widths).then_some(chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/fonts`: KeikakuTestGothic, a renamed subset of IPAexGothic
    /// (`scripts/make_sysfont_fixture.py`).
    fn fixture_dirs() -> Vec<(PathBuf, bool)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fonts");
        vec![(dir, true)]
    }

    // Glyph ids and advances of the fixture font, as fontTools reports them (units per em
    // 2048): 計 235, 画 205, 、 97, its vertical form 418 (no cmap entry, GSUB `vert`),
    // space 1 (553 units = 270 / 1000 em); every ideograph is 2048 units = 1000.
    const KEI: u16 = 235;
    const GA: u16 = 205;
    const COMMA_V: u16 = 418;
    const SPACE: u16 = 1;

    fn widths(ws: &[(u16, f64)]) -> BTreeMap<u16, f64> {
        ws.iter().copied().collect()
    }

    #[test]
    fn glyph_ids_read_through_the_cmap_and_reversed_vertical_forms() {
        let req = Request {
            base_font: "BAAAAA+KeikakuTestGothic-VKana",
            ids: [(1, KEI), (2, GA), (3, COMMA_V)].into_iter().collect(),
            subset: None,
            widths: widths(&[(1, 1000.0), (2, 1000.0), (3, 1000.0)]),
        };
        let found = resolve_in(&req, &fixture_dirs()).expect("fixture font found");
        assert_eq!(
            found.chars,
            [(1, '計'), (2, '画'), (3, '、')].into_iter().collect()
        );
        assert_eq!(found.file, "$KEIKAKU_FONT_PATH/keikaku-test-gothic.ttf");
    }

    #[test]
    fn a_font_whose_widths_disagree_is_not_used() {
        // Another font of the same name (a different version or a different design):
        // proportional widths where the installed one is square.
        let req = Request {
            base_font: "BAAAAA+KeikakuTestGothic",
            ids: [(1, KEI), (2, GA), (3, COMMA_V)].into_iter().collect(),
            subset: None,
            widths: widths(&[(1, 1000.0), (2, 600.0), (3, 500.0)]),
        };
        assert_eq!(resolve_in(&req, &fixture_dirs()), None);
        // A glyph id past the end of the installed font: not the same font.
        let req = Request {
            ids: [(1, 60_000)].into_iter().collect(),
            widths: widths(&[(1, 1000.0)]),
            ..req
        };
        assert_eq!(resolve_in(&req, &fixture_dirs()), None);
    }

    #[test]
    fn subset_glyphs_are_matched_by_outline_and_spaces_by_advance() {
        // The fixture font stands for a subset of itself: same outlines, same advances.
        let program = std::fs::read(fixture_dirs()[0].0.join("keikaku-test-gothic.ttf"))
            .expect("fixture font");
        let codes: BTreeMap<u16, u16> = [(1, KEI), (2, GA), (3, SPACE)].into_iter().collect();
        let req = Request {
            base_font: "CAAAAA+KeikakuTestGothic",
            ids: BTreeMap::new(),
            subset: Some((&program, codes)),
            widths: widths(&[(1, 1000.0), (2, 1000.0), (3, 270.0)]),
        };
        let found = resolve_in(&req, &fixture_dirs()).expect("matched");
        assert_eq!(
            found.chars,
            [(1, '計'), (2, '画'), (3, ' ')].into_iter().collect()
        );
        // No installed font of that name.
        let other = Request {
            base_font: "CAAAAA+KeikakuTestGothicX",
            ..req
        };
        assert_eq!(resolve_in(&other, &fixture_dirs()), None);
    }

    #[test]
    fn glyph_id_names_and_postscript_prefixes() {
        assert_eq!(glyph_id_name("cid43852"), Some(43852));
        assert_eq!(glyph_id_name("glyph12"), Some(12));
        assert_eq!(glyph_id_name("cid"), None);
        assert_eq!(glyph_id_name("cid12a"), None);
        assert_eq!(glyph_id_name("cid99999"), None);
        assert_eq!(
            strip_tag("BAAAAA+NotoSerifCJKjp-Regular-VKana"),
            "NotoSerifCJKjp-Regular-VKana"
        );
        assert_eq!(strip_tag("Foo+Bar"), "Foo+Bar");
        assert!(is_name_prefix(
            "NotoSerifCJKjp-Regular",
            "NotoSerifCJKjp-Regular-VKana"
        ));
        assert!(is_name_prefix("DejaVuSans", "DejaVuSans"));
        assert!(!is_name_prefix("DejaVuSans", "DejaVuSansMono"));
        assert!(!is_name_prefix("", "X"));
    }

    #[test]
    fn skia_type3_names_are_hex_glyph_ids() {
        assert_eq!(skia_glyph_name("g6F20"), Some(0x6F20));
        assert_eq!(skia_glyph_name("g0"), Some(0));
        assert_eq!(skia_glyph_name("g12"), Some(0x12));
        assert_eq!(skia_glyph_name("g"), None);
        assert_eq!(skia_glyph_name("g6f20"), None);
        assert_eq!(skia_glyph_name("g12345"), None);
        assert_eq!(skia_glyph_name("glyph1"), None);
    }

    #[test]
    fn an_embedded_fonts_vertical_forms_take_their_base_characters() {
        // The fixture font's `vert` turns 、 (glyph 97) into glyph 418.
        let program = std::fs::read(fixture_dirs()[0].0.join("keikaku-test-gothic.ttf"))
            .expect("fixture font");
        let mut chars: BTreeMap<u16, char> = [(97, '、'), (KEI, '計')].into_iter().collect();
        add_substitutes(&program, &mut chars);
        assert_eq!(chars.get(&COMMA_V), Some(&'、'));
        assert_eq!(chars.get(&KEI), Some(&'計'));
        // Not a font: nothing added, nothing lost.
        let mut chars: BTreeMap<u16, char> = [(97, '、')].into_iter().collect();
        add_substitutes(b"not a font", &mut chars);
        assert_eq!(chars.len(), 1);
    }
}
