//! The JSON backend: the IR as it is, pretty-printed (`<id>.json`, one
//! document) or as JSON Lines (`<id>.jsonl`, one question per line, for jq and
//! friends). Both validate against schema/qbank.schema.json (a line against its
//! `Question` definition). A selection keeps only some questions; `related`
//! may then name questions that are not in the file.

use crate::export::{Backend, ExportError, Rendered, Selection};
use crate::ir::Document;
use crate::output::sniff::Format;

pub struct Json {
    lines: bool,
}

impl Json {
    pub const PRETTY: Json = Json { lines: false };
    pub const LINES: Json = Json { lines: true };
}

impl Backend for Json {
    fn name(&self) -> &'static str {
        if self.lines { "jsonl" } else { "json" }
    }

    fn extension(&self) -> &'static str {
        self.name()
    }

    fn format(&self) -> Format {
        if self.lines {
            Format::JsonLines
        } else {
            Format::Json
        }
    }

    fn description(&self) -> &'static str {
        if self.lines {
            "JSON Lines, one question per line"
        } else {
            "the whole document as pretty JSON"
        }
    }

    fn concatenates(&self) -> bool {
        self.lines
    }

    /// exports/ holds the pretty form; JSON Lines is there on request.
    fn built_by_default(&self) -> bool {
        !self.lines
    }

    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError> {
        let error = |err: serde_json::Error| ExportError::Encode {
            document: document.id.clone(),
            format: self.name(),
            source: Box::new(err),
        };
        let mut out = Vec::new();
        let selected;
        let document = if *selection == Selection::default() {
            document
        } else {
            selected = Document {
                questions: selection.apply(&document.questions).cloned().collect(),
                ..document.clone()
            };
            &selected
        };
        if self.lines {
            for question in &document.questions {
                serde_json::to_writer(&mut out, question).map_err(error)?;
                out.push(b'\n');
            }
        } else {
            serde_json::to_writer_pretty(&mut out, document).map_err(error)?;
            out.push(b'\n');
        }
        Ok(out.into())
    }
}
