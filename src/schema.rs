//! The JSON Schema of the IR, generated from the Rust types. The committed copy
//! (schema/qbank.schema.json) is this output; a test fails when they drift.

use crate::ir::Document;

/// The schema as pretty JSON with a trailing newline.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
