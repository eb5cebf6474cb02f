//! The EPUB backend: a book (a ZIP) is written for any document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Some(out) = qbank_fuzz::render("epub", bytes) {
        assert!(out.starts_with(b"PK\x03\x04"), "not a ZIP");
    }
});
