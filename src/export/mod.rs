//! Export backends behind one trait, chosen by name from a registry. A backend
//! is a function of the IR: it never reads Markdown.

pub mod anki;
pub mod book;
pub mod date;
pub mod epub;
pub mod html;
pub mod json;
pub mod manifest;
pub mod pdf;
pub mod select;

use thiserror::Error;

use crate::ir::Document;
use crate::output::sniff::Format;
pub use select::Selection;

/// Errors of the export stage.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The cause is kept whole (a serde error, the PDF's own error), so that
    /// `with_causes` and anyhow's `{:#}` print the chain.
    #[error("{document}: cannot encode as {format}")]
    Encode {
        document: String,
        format: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// One output format.
pub trait Backend: Sync {
    /// The name used on the command line (`--formats json`).
    fn name(&self) -> &'static str;
    /// The file extension after `<id>.`.
    fn extension(&self) -> &'static str;
    /// One line for `--help` and error messages.
    fn description(&self) -> &'static str;
    /// What its files are, so that an existing file is replaced only when it
    /// is one of them.
    fn format(&self) -> Format;
    /// Whether `build` runs it when `--formats` is not given.
    fn built_by_default(&self) -> bool {
        true
    }
    /// Whether outputs of several documents may be concatenated into one stream.
    fn concatenates(&self) -> bool {
        false
    }
    /// Whether the output is binary (never written to a terminal).
    fn binary(&self) -> bool {
        false
    }
    /// Whether it shows coloured code (so a build highlights for it).
    fn shows_highlighting(&self) -> bool {
        false
    }
    /// The document's selected questions in this format.
    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError>;
    /// For formats that can hold several documents in one file (an EPUB
    /// with a chapter per bank): how to make that file.
    fn bundler(&self) -> Option<&dyn Bundler> {
        None
    }
}

/// Renders several documents into one output.
pub trait Bundler {
    fn render_bundle(
        &self,
        documents: &[&Document],
        selection: &Selection,
    ) -> Result<Rendered, ExportError>;
}

/// A backend's output, and anything the user should know about it.
#[derive(Debug, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Warnings about the output (characters replaced, ...).
    pub notes: Vec<Note>,
    /// Pages, for formats that have them (a progress display counts them).
    pub pages: usize,
}

/// A warning about an output: one line, and the items it counts (each
/// character, each link), which only a verbose run lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    pub summary: String,
    pub details: Vec<String>,
}

impl From<Vec<u8>> for Rendered {
    fn from(bytes: Vec<u8>) -> Rendered {
        Rendered {
            bytes,
            ..Rendered::default()
        }
    }
}

/// Every backend, in the order `build` runs them.
pub fn registry() -> &'static [&'static dyn Backend] {
    &[
        &json::Json::PRETTY,
        &json::Json::LINES,
        &anki::Anki::DEFAULT,
        &pdf::Pdf::GUIDE,
        &html::Html::DEFAULT,
        &epub::Epub::DEFAULT,
    ]
}

/// The backends `build` uses when `--formats` is not given.
pub fn default_formats() -> Vec<&'static dyn Backend> {
    registry()
        .iter()
        .copied()
        .filter(|b| b.built_by_default())
        .collect()
}

pub fn by_name(name: &str) -> Option<&'static dyn Backend> {
    registry().iter().copied().find(|b| b.name() == name)
}

/// The names of all backends, for messages.
pub fn names() -> String {
    registry()
        .iter()
        .map(|b| b.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoding_error_keeps_its_cause() {
        let cause = serde_json::from_str::<u8>("300").unwrap_err();
        let shown = cause.to_string();
        let error = ExportError::Encode {
            document: "python".into(),
            format: "json",
            source: Box::new(cause),
        };
        let source = std::error::Error::source(&error).expect("a cause");
        assert!(source.downcast_ref::<serde_json::Error>().is_some());
        assert_eq!(
            crate::diag::with_causes(&error),
            format!("python: cannot encode as json: {shown}")
        );
    }
}
