//! The Anki backend: a CSV whose fields hold no live markup.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some(out) = qbank_fuzz::render("anki", bytes) else {
        return;
    };
    let text = std::str::from_utf8(&out).expect("UTF-8 deck");
    qbank_fuzz::assert_inert(text, "anki deck");
});
