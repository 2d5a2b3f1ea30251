//! Properties of the loader that must hold for any input.

use keikaku_loader::norm::{normalize, Normalizer};
use proptest::prelude::*;

/// Text that looks like the documents: kana, kanji, marks, circled numbers, dashes, spaces,
/// full-width forms, half-width kana with voicing marks, tags and entities.
fn doc_char() -> impl Strategy<Value = char> {
    prop_oneof![
        Just(' '),
        Just('\u{3000}'),
        Just('\t'),
        Just('\n'),
        Just('一'),
        Just('-'),
        Just('－'),
        Just('—'),
        Just('ー'),
        Just('○'),
        Just('◎'),
        Just('①'),
        Just('⑳'),
        Just('ｶ'),
        Just('ﾞ'),
        Just('\u{3099}'),
        Just('㍻'),
        Just('⾏'),
        Just('⺠'),
        Just('<'),
        Just('>'),
        Just('&'),
        Just('\0'),
        proptest::char::range('0', '9'),
        proptest::char::range('A', 'Z'),
        proptest::char::range('a', 'z'),
        proptest::char::range('ぁ', 'ん'),
        proptest::char::range('ァ', 'ヶ'),
        proptest::char::range('一', '龥'),
        proptest::char::range('！', '～'),
        any::<char>(),
    ]
}

fn doc_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(doc_char(), 0..200).prop_map(|v| v.into_iter().collect())
}

fn tagged_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            doc_text(),
            Just("<table>".to_string()),
            Just("</table>".to_string()),
            Just("<tr>".to_string()),
            Just("<td>".to_string()),
            Just("</td>".to_string()),
            Just("<p>".to_string()),
            Just("<li>".to_string()),
            Just("<input type=\"radio\"/>".to_string()),
            Just("&amp;".to_string()),
            Just("&#x41;".to_string()),
        ],
        0..20,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn normalisation_is_idempotent(s in doc_text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
    }

    #[test]
    fn position_map_is_monotone_and_in_bounds(s in doc_text()) {
        let mut n = Normalizer::new();
        for (i, c) in s.char_indices() {
            n.push(c, i as u32);
        }
        let out = n.finish(s.len() as u32);
        let map = out.map.to_vec(&out.text);
        prop_assert_eq!(map.len(), out.text.len() + 1);
        prop_assert!(map.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(map.iter().all(|&m| m as usize <= s.len()));
        prop_assert!(map.iter().all(|&m| s.is_char_boundary(m as usize)));
    }

    #[test]
    fn loading_never_panics_and_cells_map_into_the_text(s in tagged_text()) {
        if let Ok(doc) = keikaku_loader::load(s.as_bytes()) {
            for line in &doc.lines {
                prop_assert!(line.no as usize <= doc.source_lines.len());
                for cell in &line.cells {
                    let r = cell.span();
                    prop_assert!(r.start <= r.end && r.end <= doc.text.len());
                    prop_assert!(doc.text.is_char_boundary(r.start));
                    prop_assert!(!cell.text.contains('\t'));
                    prop_assert!(!cell.text.contains('\0'));
                }
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = keikaku_loader::load(&b);
    }
}
