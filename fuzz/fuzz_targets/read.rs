//! The read stage: any bytes give clean text (no BOM, no CR) or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qbank::source::Source;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(src) = Source::from_bytes("fuzz.md", bytes) {
        assert!(!src.text.contains('\r'), "CR survived");
        assert!(!src.text.starts_with('\u{FEFF}'), "BOM survived");
        let lines = src.line_count();
        let _ = src.line(lines);
        let _ = src.line(lines + 1);
        // Repair is idempotent: the repaired text reads back unchanged.
        let again =
            Source::from_bytes("fuzz.md", src.text.as_bytes()).expect("repaired text is UTF-8");
        assert_eq!(again.text, src.text, "a second read changed the text");
    }
});
