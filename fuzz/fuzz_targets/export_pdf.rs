//! The PDF backend: a PDF, or a layout error, for any document; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Some(out) = qbank_fuzz::render("pdf", bytes) {
        assert!(out.starts_with(b"%PDF-"), "not a PDF");
    }
});
