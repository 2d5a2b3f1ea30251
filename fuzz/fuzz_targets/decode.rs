//! The text decoder on arbitrary bytes: never panics, and what it reports points into the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = keikaku_loader::decode::decode(data) {
        for &(byte, at) in &d.invalid {
            assert!(byte <= data.len() as u64, "invalid-byte offset past the input");
            assert!(d.text.is_char_boundary(at), "U+FFFD offset not on a char boundary");
        }
        for &nul in &d.nuls {
            assert!(nul < data.len() as u64, "NUL offset past the input");
        }
    }
});
