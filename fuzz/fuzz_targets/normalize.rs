//! The normaliser: idempotent, its position map is monotone, in bounds and on char
//! boundaries of the source, and `push_str` (plain runs copied whole) gives exactly what
//! pushing the characters one by one gives, as does `Normalizer::plain` when it takes a text.
#![no_main]

use keikaku_loader::norm::{normalize, Normalizer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let mut n = Normalizer::new();
    for (i, c) in s.char_indices() {
        n.push(c, i as u32);
    }
    let out = n.finish(s.len() as u32);
    // The map as every byte reads it, whether stored or the identity formula.
    let map = out.map.to_vec(&out.text);
    assert_eq!(map.len(), out.text.len() + 1, "one map entry per byte plus the end");
    assert!(map.windows(2).all(|w| w[0] <= w[1]), "map not monotone");
    assert!(map.iter().all(|&m| m as usize <= s.len()), "map past the source");
    assert!(
        map.iter().all(|&m| s.is_char_boundary(m as usize)),
        "map inside a source char"
    );
    let again = normalize(&out.text);
    assert_eq!(again, out.text, "normalisation not idempotent");
    // The same text fed in two pieces through the bulk path.
    let cut = (0..=s.len() / 2).rev().find(|&k| s.is_char_boundary(k)).unwrap_or(0);
    let mut bulk = Normalizer::new();
    bulk.push_str(&s[..cut], 0);
    bulk.push_str(&s[cut..], cut as u32);
    assert_eq!(bulk.finish(s.len() as u32), out, "push_str differs from push");
    // A text taken as plain (copied as it is) is what the normaliser makes of it.
    if let Some(plain) = Normalizer::plain(s, 0) {
        assert_eq!(plain, out, "plain differs from push");
    }
});
