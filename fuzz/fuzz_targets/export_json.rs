//! The JSON backend: valid JSON whose `html` fields hold no live markup.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some(out) = qbank_fuzz::render("json", bytes) else {
        return;
    };
    let value: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(html)) = map.get("html") {
                    qbank_fuzz::assert_inert(html, "json html");
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
});
