//! Bytes → text. Encoding is decided once, here at the edge: a BOM first, then valid UTF-8
//! as is, then the legacy Japanese encodings and BOM-less UTF-16 by decoding errors and the
//! share of Japanese text. A file that decodes to nothing plausible is refused rather than
//! guessed into mojibake.

use encoding_rs::{DecoderResult, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE};

use crate::{Encoding, LoadError};

/// Decoded text and what the decoder noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// How the encoding was decided.
    pub reason: String,
    /// Places where invalid bytes became U+FFFD: (byte offset in the input, char offset
    /// of the U+FFFD in `text`'s bytes).
    pub invalid: Vec<(u64, usize)>,
    /// Byte offsets of NUL characters in the input (dropped from cells later).
    pub nuls: Vec<u64>,
}

/// Decode the bytes of a text document.
pub fn decode(bytes: &[u8]) -> Result<Decoded, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::Empty);
    }
    decode_text(bytes).map_err(|e| match (e, known_binary(bytes)) {
        // A file of a known binary kind is named for what it is (a scan saved as PNG, a
        // compressed PDF) rather than by the encoding guessed for its bytes.
        (LoadError::Binary { reason }, Some(kind)) => LoadError::Binary {
            reason: format!("{kind}, not a PDF or a text ({reason})"),
        },
        (e, _) => e,
    })
}

/// The kind of a file with a well-known binary signature.
fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"PK\x03\x04", "a ZIP archive (or an .xlsx/.docx document)"),
        (b"\x1F\x8B", "a gzip-compressed file"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Office document (.xls/.doc)",
        ),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
}

fn decode_text(bytes: &[u8]) -> Result<Decoded, LoadError> {
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, invalid) = utf8_lossy(rest, 3);
        Decoded::new(text, Encoding::Utf8Bom, "byte-order mark", invalid)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let c = with_decoder(UTF_16LE, rest, 2);
        Decoded::new(c.text, Encoding::Utf16Le, "byte-order mark", c.invalid)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let c = with_decoder(UTF_16BE, rest, 2);
        Decoded::new(c.text, Encoding::Utf16Be, "byte-order mark", c.invalid)
    } else if is_iso_2022_jp(bytes) {
        // 7-bit, so also valid UTF-8: the escapes must be looked for first.
        let c = with_decoder(ISO_2022_JP, bytes, 0);
        Decoded::new(
            c.text,
            Encoding::Iso2022Jp,
            "7-bit text with ISO-2022-JP escape sequences",
            c.invalid,
        )
    } else if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        // Every input is validated once, here; the SIMD check is several times faster
        // than `std::str::from_utf8` on Japanese text (three-byte characters).
        if looks_like_utf16(bytes) {
            guess(bytes)?
        } else {
            Decoded::new(s.to_string(), Encoding::Utf8, "valid UTF-8", Vec::new())
        }
    } else {
        guess(bytes)?
    };
    let mut decoded = decoded;
    decoded.nuls = nul_offsets(bytes, decoded.encoding);
    decoded.check_plausible()?;
    Ok(decoded)
}

impl Decoded {
    fn new(text: String, encoding: Encoding, reason: &str, invalid: Vec<(u64, usize)>) -> Self {
        Decoded {
            text,
            encoding,
            reason: reason.to_string(),
            invalid,
            // Filled in by `decode` from the input bytes.
            nuls: Vec::new(),
        }
    }

    /// Refuse binary: text with no letters, or full of control characters or U+FFFD.
    fn check_plausible(&self) -> Result<(), LoadError> {
        let (total, control, replacement) = census(&self.text);
        let visible = usize::from(
            self.text
                .chars()
                .any(|c| c != '\0' && c != '\u{FFFD}' && !c.is_control() && !c.is_whitespace()),
        );
        if visible == 0 && replacement == 0 && control == 0 {
            return Err(LoadError::NoText);
        }
        let bad = control + replacement;
        if bad * 20 > total.max(1) {
            return Err(LoadError::Binary {
                reason: format!(
                    "{} of {} characters are control characters or undecodable bytes \
                     (best guess {})",
                    bad,
                    total,
                    self.encoding.name()
                ),
            });
        }
        Ok(())
    }
}

/// (characters but NUL, control characters but TAB/LF/CR/FF and NUL, U+FFFD) of `text`,
/// counted on bytes: this runs over every input, and decoding chars costs several times more.
fn census(text: &str) -> (usize, usize, usize) {
    let b = text.as_bytes();
    let (mut starts, mut c0) = (0usize, 0usize);
    // Character starts and C0 controls in one pass, summed per block in `u8` counters (a
    // block is shorter than 256 bytes, so they cannot overflow): that compiles to 16-byte
    // vector compares. Two passes summing into `usize` (and a table look-up per byte for
    // the controls) were 3.4 M instructions of the five seeds' 463 KB.
    for block in b.chunks(BLOCK) {
        let (mut s, mut c) = (0u8, 0u8);
        for &x in block {
            s += u8::from(x & 0xC0 != 0x80);
            c += u8::from(is_c0_control(x));
        }
        starts += usize::from(s);
        c0 += usize::from(c);
    }
    let nuls = memchr::memchr_iter(0, b).count();
    // C1 controls U+0080..U+009F are C2 80..C2 9F.
    let c1 = memchr::memchr_iter(0xC2, b)
        .filter(|&i| b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
        .count();
    let replacement = memchr::memmem::find_iter(b, "\u{FFFD}".as_bytes()).count();
    (starts - nuls, c0 + c1, replacement)
}

/// Bytes per block of [`census`]'s `u8` counters (at most 255).
const BLOCK: usize = 128;

/// A C0 control counted as binary (all but NUL, TAB, LF, CR and FF), or DEL. Compares
/// only, no table, so that [`census`] vectorises.
#[inline]
fn is_c0_control(x: u8) -> bool {
    (x < 0x20 && x != 0 && x != 0x09 && x != 0x0A && x != 0x0C && x != 0x0D) || x == 0x7F
}

fn nul_offsets(bytes: &[u8], encoding: Encoding) -> Vec<u64> {
    // Read from the input, not the text: a text offset scaled to the input is wrong as
    // soon as a character takes more bytes in UTF-8 than in the input (fuzzing found NUL
    // offsets past the end of UTF-16 files). In the byte encodings a zero byte is always
    // NUL (no lead or trail byte is zero); in UTF-16 a zero code unit is.
    match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let bom = usize::from(bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF"));
            let start = bom * 2;
            bytes
                .get(start..)
                .unwrap_or_default()
                .chunks_exact(2)
                .enumerate()
                .filter(|(_, u)| u == &[0, 0])
                .map(|(i, _)| (start + i * 2) as u64)
                .collect()
        }
        _ => memchr::memchr_iter(0, bytes).map(|i| i as u64).collect(),
    }
}

/// UTF-8 with U+FFFD for each invalid sequence, remembering where.
fn utf8_lossy(bytes: &[u8], base: u64) -> (String, Vec<(u64, usize)>) {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    let mut rest = bytes;
    let mut pos = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // SAFETY-free: from_utf8 on the valid prefix cannot fail.
                text.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                invalid.push((base + (pos + good) as u64, text.len()));
                text.push('\u{FFFD}');
                let skip = good + e.error_len().unwrap_or(rest.len() - good);
                pos += skip;
                rest = &rest[skip..];
            }
        }
    }
    (text, invalid)
}

struct Candidate {
    text: String,
    invalid: Vec<(u64, usize)>,
}

/// Decode with an encoding_rs decoder, recording each malformed sequence.
fn with_decoder(enc: &'static encoding_rs::Encoding, bytes: &[u8], base: u64) -> Candidate {
    let mut dec = enc.new_decoder_without_bom_handling();
    let cap = dec
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3 + 16);
    let mut text = String::with_capacity(cap.min(bytes.len() * 3 + 16));
    let mut invalid = Vec::new();
    let mut read_total = 0usize;
    loop {
        let (res, read) =
            dec.decode_to_string_without_replacement(&bytes[read_total..], &mut text, true);
        read_total += read;
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                text.reserve(bytes.len() - read_total + 64);
            }
            DecoderResult::Malformed(bad, extra) => {
                let at = read_total.saturating_sub(bad as usize + extra as usize);
                invalid.push((base + at as u64, text.len()));
                text.push('\u{FFFD}');
            }
        }
    }
    Candidate { text, invalid }
}

fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b < 0x80)
        && bytes.windows(3).any(|w| {
            w[0] == 0x1B
                && matches!(
                    (w[1], w[2]),
                    (b'$', b'B') | (b'$', b'@') | (b'(', b'J') | (b'(', b'I')
                )
        })
}

/// Valid UTF-8 can still be UTF-16 (ASCII-only content in UTF-16 is valid UTF-8 full of
/// NULs): many NULs on one byte parity say so.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(1 << 16)];
    let (mut even, mut odd) = (0usize, 0usize);
    for i in memchr::memchr_iter(0, sample) {
        if i % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let half = sample.len() / 2;
    half > 0 && (even.max(odd) * 3 > half) && even.min(odd) * 10 < even.max(odd)
}

/// Score how much a decoding looks like Japanese text.
#[derive(Debug, Clone, Copy)]
struct Score {
    errors: usize,
    chars: usize,
    /// Characters of ordinary Japanese documents (ASCII, kana, common kanji, punctuation).
    plausible: usize,
    hiragana: usize,
    halfwidth_kana: usize,
}

impl Score {
    fn of(c: &Candidate) -> Score {
        let mut s = Score {
            errors: c.invalid.len(),
            chars: 0,
            plausible: 0,
            hiragana: 0,
            halfwidth_kana: 0,
        };
        for ch in c.text.chars() {
            if ch.is_whitespace() {
                continue;
            }
            s.chars += 1;
            match ch {
                '\u{3040}'..='\u{309F}' => {
                    s.hiragana += 1;
                    s.plausible += 1;
                }
                '\u{FF61}'..='\u{FF9F}' => s.halfwidth_kana += 1,
                '\u{21}'..='\u{7E}'
                | '\u{30A0}'..='\u{30FF}'
                | '\u{4E00}'..='\u{9FFF}'
                | '\u{3000}'..='\u{303F}'
                | '\u{FF01}'..='\u{FF5E}'
                | '\u{2460}'..='\u{24FF}'
                | '\u{2160}'..='\u{217F}'
                | '\u{25A0}'..='\u{25FF}'
                | '\u{2010}'..='\u{2030}'
                | '\u{00A7}'
                | '\u{00B4}'
                | '\u{00A8}'
                | '\u{00B1}'
                | '\u{00D7}'
                | '\u{00F7}'
                | '\u{2190}'..='\u{21FF}'
                | '\u{2200}'..='\u{22FF}'
                | '\u{3200}'..='\u{33FF}' => s.plausible += 1,
                _ => {}
            }
        }
        s
    }

    fn value(&self) -> f64 {
        let n = self.chars.max(1) as f64;
        let plaus = self.plausible as f64 / n;
        let hira = self.hiragana as f64 / n;
        let half = self.halfwidth_kana as f64 / n;
        let err = self.errors as f64 / n;
        plaus + 0.5 * hira.min(0.3) - half - 20.0 * err
    }
}

/// No BOM and not valid UTF-8: try every candidate and keep the most Japanese-looking.
fn guess(bytes: &[u8]) -> Result<Decoded, LoadError> {
    let mut cands: Vec<(Encoding, Candidate)> = vec![
        (Encoding::Utf8, {
            let (text, invalid) = utf8_lossy(bytes, 0);
            Candidate { text, invalid }
        }),
        (Encoding::ShiftJis, with_decoder(SHIFT_JIS, bytes, 0)),
        (Encoding::EucJp, with_decoder(EUC_JP, bytes, 0)),
    ];
    if bytes.contains(&0) {
        cands.push((Encoding::Utf16Le, with_decoder(UTF_16LE, bytes, 0)));
        cands.push((Encoding::Utf16Be, with_decoder(UTF_16BE, bytes, 0)));
    }
    let mut best: Option<(f64, Score, Encoding, Candidate)> = None;
    for (enc, cand) in cands {
        let score = Score::of(&cand);
        let v = score.value();
        if best.as_ref().is_none_or(|b| v > b.0) {
            best = Some((v, score, enc, cand));
        }
    }
    let Some((v, score, enc, cand)) = best else {
        return Err(LoadError::Binary {
            reason: "no encoding fits".into(),
        });
    };
    let err_rate = score.errors as f64 / score.chars.max(1) as f64;
    if v < 0.6 || err_rate > 0.05 {
        return Err(LoadError::Binary {
            reason: format!(
                "no encoding fits (best guess {} with {} undecodable sequences in {} characters)",
                enc.name(),
                score.errors,
                score.chars
            ),
        });
    }
    let reason = format!(
        "best of UTF-8/Shift_JIS/EUC-JP{} by decoding errors ({}) and Japanese share ({:.2})",
        if bytes.contains(&0) { "/UTF-16" } else { "" },
        score.errors,
        score.plausible as f64 / score.chars.max(1) as f64
    );
    Ok(Decoded::new(cand.text, enc, &reason, cand.invalid))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "実施項目\t定員管理\n項目番号\n1-①\n主管課\t総務課\n\
        達成状況\t○\t順調\nⅡ 1(1) 新たな財源の確保について検討を行った。\n";

    fn encode(enc: &'static encoding_rs::Encoding, s: &str) -> Vec<u8> {
        let (b, _, had_errors) = enc.encode(s);
        assert!(
            !had_errors,
            "sample must be representable in {}",
            enc.name()
        );
        b.into_owned()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf8_passes_through() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn utf8_bom_is_stripped_and_named() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Bom);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16(SAMPLE, true));
        let d = decode(&le).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Utf16Le, SAMPLE));
        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16(SAMPLE, false));
        let d = decode(&be).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Utf16Be, SAMPLE));
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let d = decode(&utf16(SAMPLE, true)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Utf16Le, SAMPLE));
        let d = decode(&utf16(SAMPLE, false)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Utf16Be, SAMPLE));
    }

    #[test]
    fn shift_jis_with_nec_extensions() {
        // ① and Ⅱ are NEC row-13 characters: CP932, not plain JIS X 0208.
        let b = encode(SHIFT_JIS, SAMPLE);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::ShiftJis);
        assert_eq!(d.text, SAMPLE);
        assert!(d.invalid.is_empty());
    }

    #[test]
    fn euc_jp() {
        let s = "実施項目\t定員管理\n主管課\t総務課\n達成状況\t○\t順調\nこれはテストの文章です。\n";
        let d = decode(&encode(EUC_JP, s)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::EucJp, s));
    }

    #[test]
    fn iso_2022_jp() {
        let s = "実施項目\t定員管理\n主管課\t総務課\nこれはテストの文章です。\n";
        let d = decode(&encode(ISO_2022_JP, s)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Iso2022Jp, s));
    }

    #[test]
    fn invalid_bytes_in_utf8_become_replacement_with_offset() {
        let mut b = "実施項目\t定員管理\n".repeat(50).into_bytes();
        let at = b.len();
        b.push(0xFF);
        b.extend_from_slice("主管課\t総務課\n".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.invalid.len(), 1);
        assert_eq!(d.invalid[0].0, at as u64);
        assert!(d.text.contains("\u{FFFD}主管課"));
    }

    #[test]
    fn nul_bytes_are_reported() {
        let d = decode("実施\0項目\n".as_bytes()).unwrap();
        assert_eq!(d.nuls, vec![6]);
    }

    /// Found by the `decode` fuzz target (tests/fuzz-regressions/decode-nul-offset-utf16):
    /// NUL offsets were the text's UTF-8 offsets doubled, past the end of a UTF-16 input.
    #[test]
    fn nul_offsets_in_utf16_are_input_offsets() {
        let mut b = vec![0xFF, 0xFE];
        for u in "実施項目\0主管課\n".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16Le);
        assert_eq!(d.nuls, vec![2 + 4 * 2]);
        assert!(d.nuls.iter().all(|&n| (n as usize) < b.len()));
    }

    #[test]
    fn empty_whitespace_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(LoadError::Empty));
        assert_eq!(decode(b" \n\t\r\n"), Err(LoadError::NoText));
        assert_eq!(decode("\u{3000}\n".as_bytes()), Err(LoadError::NoText));
        // Deterministic pseudo-random bytes.
        let mut x: u32 = 12345;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        assert!(matches!(decode(&noise), Err(LoadError::Binary { .. })));
    }

    #[test]
    fn binary_files_of_a_known_kind_are_named() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend((0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        match decode(&jpeg) {
            Err(LoadError::Binary { reason }) => {
                assert!(
                    reason.starts_with("a JPEG image, not a PDF or a text ("),
                    "{reason}"
                )
            }
            other => panic!("{other:?}"),
        }
        // a text that happens to start like a signature is still a text
        assert!(decode("GIF8 は画像形式の名前です。\n".as_bytes()).is_ok());
    }

    #[test]
    fn byte_census_counts_as_chars_do() {
        let s = "実施\0項目\t\u{1}\u{7F}\u{85}\u{9F}\u{A0}\u{FFFD}x\u{0B}\u{0C}\r\n\u{FFFD}";
        let total = s.chars().filter(|&c| c != '\0').count();
        let control = s
            .chars()
            .filter(|&c| c != '\0' && c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
            .count();
        let replacement = s.chars().filter(|&c| c == '\u{FFFD}').count();
        assert_eq!(census(s), (total, control, replacement));
        assert_eq!(census(s), (17, 5, 2));
    }

    #[test]
    fn census_blocks_add_up_and_every_byte_is_classified() {
        for x in 0..=255u8 {
            let control = matches!(x, 0x01..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F);
            assert_eq!(is_c0_control(x), control, "{x:#04x}");
        }
        // Block edges: one short of a block, a block, one past, several blocks.
        for n in [BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 7] {
            let s = "\u{1}実".repeat(n);
            assert_eq!(census(&s), (2 * n, n, 0), "{n}");
        }
    }
}
