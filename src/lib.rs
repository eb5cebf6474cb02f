//! qbank: interview-question banks written in MkDocs Markdown, parsed into one
//! typed IR, linted, and exported (JSON, Anki, PDF, HTML, EPUB).
//!
//! Pipeline: [`source`] (bytes to clean text) → [`parse`] (text to
//! [`ir::Document`]) → [`export`] backends. See docs/ARCHITECTURE.md.

pub mod commands;
pub mod diag;
pub mod export;
pub mod highlight;
pub mod ir;
pub mod limits;
pub mod lint;
pub mod math;
pub mod output;
pub mod parse;
pub mod render;
pub mod rules;
pub mod schedule;
pub mod schema;
pub mod source;
