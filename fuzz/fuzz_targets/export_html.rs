//! The HTML backend: a page with no live markup outside qbank's own head.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some(out) = qbank_fuzz::render("html", bytes) else {
        return;
    };
    let text = std::str::from_utf8(&out).expect("UTF-8 page");
    qbank_fuzz::assert_inert(text, "html page");
});
