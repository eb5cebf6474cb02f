//! The parse stage: any text gives a document that matches the schema's
//! shape (it serialises) with unique question ids and lines inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some(parsed) = qbank_fuzz::parse(bytes) else {
        return;
    };
    let document = &parsed.document;
    let mut ids = std::collections::HashSet::new();
    for question in &document.questions {
        assert!(ids.insert(&question.id), "duplicate id {}", question.id);
        assert!(!question.id.contains(".."), "id {}", question.id);
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    for finding in &parsed.findings {
        assert!(
            finding.line >= 1 && finding.line <= lines,
            "finding at line {}",
            finding.line
        );
    }
    serde_json::to_vec(document).expect("the IR serialises");
});
