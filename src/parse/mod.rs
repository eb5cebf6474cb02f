//! The parse stage: a [`Source`] becomes a [`Document`] plus the findings the
//! parser made on the way. Front matter first, then the admonition-aware
//! outline (comrak underneath), then question structure on top.

pub mod anchors;
pub mod front_matter;
pub mod ids;
pub mod lines;
pub mod markdown;
pub mod metadata;
pub mod outline;
pub mod question;
pub mod similarity;
pub mod structure;
pub mod tables;

use std::collections::HashMap;
use std::path::Path;

use crate::diag::Finding;
use crate::ir::{Document, Kind, SCHEMA_VERSION, SourceInfo};
use crate::rules;
use crate::source::Source;

pub use outline::LinkRef;

/// A parsed document and what the parser noticed about its content.
#[derive(Debug)]
pub struct Parsed {
    pub document: Document,
    pub findings: Vec<Finding>,
    /// Every link and image target with its position, for link checks.
    pub links: Vec<LinkRef>,
    /// The MkDocs anchor of every heading (question headings included, with
    /// their full text), for in-page link checks.
    pub anchors: Vec<String>,
    /// Question id to the line its tags and companies are written on (its
    /// metadata line, or a prompt's section heading), for diagnostics and
    /// fixes about what that line says.
    pub metadata_lines: std::collections::BTreeMap<String, usize>,
}

/// Parses one source with the default nesting limit. Never fails: whatever is
/// not recognised is kept as a generic section and reported as a finding.
pub fn parse(src: &Source) -> Parsed {
    parse_with(src, &Settings::default())
}

/// What a parse may be told: how deep nesting may go and when two
/// questions ask the same thing (`[limits]` and `[similarity]` of qbank.toml).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub max_depth: usize,
    pub similarity: similarity::Thresholds,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            max_depth: crate::limits::DEFAULT_MAX_DEPTH,
            similarity: similarity::Thresholds::default(),
        }
    }
}

/// Parses one source with `settings`.
pub fn parse_with(src: &Source, settings: &Settings) -> Parsed {
    let max_depth = settings.max_depth;
    let mut findings = Vec::new();
    if let Some((code_page, changed)) = src.fixes.mojibake {
        findings.push(Finding::new(
            &rules::ENCODING,
            1,
            format!(
                "the file is mojibake (UTF-8 read as {} and saved again, {changed} characters garbled); qbank repaired it while reading: run `qbank fix {}` to write the repair back",
                code_page.label(),
                src.path
            ),
        ));
    }
    if src.fixes.had_bom {
        findings.push(Finding::new(
            &rules::BYTE_ORDER_MARK,
            1,
            "the file starts with a byte-order mark",
        ));
    }
    let front = front_matter::read(src, &mut findings);
    let id = src.id.clone();
    let mut links = Vec::new();
    let items = outline::scan(
        src,
        (front.body_line, src.line_count()),
        0,
        max_depth,
        &mut findings,
        &mut links,
    );
    let spanned_anchors = anchors::collect(&items);
    let mut structure = structure::build(src, &id, items, &settings.similarity, &mut findings);
    // Where MkDocs' anchor of a heading lands: its question or section.
    let by_line: HashMap<usize, &str> = spanned_anchors
        .iter()
        .filter_map(|(line, anchor)| Some(((*line)?, anchor.as_str())))
        .collect();
    for question in &mut structure.questions {
        if matches!(question.kind, Kind::Premium | Kind::CodeExample) {
            question.anchor = by_line.get(&question.line).map(|a| a.to_string());
        }
    }
    for section in &mut structure.sections {
        if section.heading.is_some() {
            section.anchor = by_line.get(&section.line).map(|a| a.to_string());
        }
    }
    let anchors = spanned_anchors.into_iter().map(|(_, a)| a).collect();
    // A heading of only an image has no text to be a title.
    let title = front
        .title
        .clone()
        .or_else(|| structure.heading.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| id.clone());
    findings.sort_by_key(|f| f.line);
    Parsed {
        document: Document {
            schema_version: SCHEMA_VERSION,
            id,
            title,
            description: front.description,
            lang: front.lang,
            heading: structure.heading,
            source: SourceInfo {
                path: src.path.clone(),
                sha256: src.sha256.clone(),
                repaired_from: src.fixes.mojibake.map(|(code_page, _)| code_page),
            },
            questions: structure.questions,
            resources: structure.resources,
            sections: structure.sections,
            highlights: Default::default(),
        },
        findings,
        links,
        anchors,
        metadata_lines: structure.metadata_lines,
    }
}

/// The document id of a path: the slug of its file stem.
pub fn document_id_for(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    ids::document_id(&stem)
}
