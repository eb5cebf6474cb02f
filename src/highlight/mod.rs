//! Syntax highlighting, once per build: a code block's language token picks a
//! tree-sitter grammar (`lang.rs`), the block is cut into coloured runs
//! (`engine.rs`: by the grammar's query, or by a walk over the tree for
//! Python and SQL; classes in `class.rs`), and the runs of a document's blocks are kept in a [`Highlights`] table
//! that every backend showing code reads (HTML and EPUB as CSS classes, Anki
//! as inline styles). Runs are cached on disk by content hash (`cache.rs`);
//! the cache never changes output bytes. `palette.rs` holds the colours.

pub mod cache;
pub mod class;
pub mod engine;
pub mod lang;
pub mod palette;
mod python;
mod sql;
mod walk;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::ir::blocks::for_each_block;
use crate::ir::{Block, Document};
pub use class::Class;
pub use lang::Lang;

/// A coloured byte range of a code block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub start: u32,
    pub end: u32,
    pub class: Class,
}

/// The runs of every highlighted code block of a document, by language and
/// text. Filled by the build after parsing; empty (every block plain) with
/// `--no-highlight` and wherever no build filled it (lint, the JSON).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Highlights {
    /// By a fast hash of language and text (each backend looks every block
    /// up, and a bank's code runs to megabytes); blocks whose hashes collide
    /// share a bucket and are told apart by their text.
    blocks: FxHashMap<u64, Vec<Highlighted>>,
    /// Blocks left plain because highlighting ran past the safety time limit:
    /// the output then depends on timing, so the build reports them.
    pub timed_out: usize,
}

impl Highlights {
    /// The runs of a block, if it was highlighted.
    pub fn get(&self, language: Option<&str>, text: &str) -> Option<&[Run]> {
        self.block(language, text).map(|block| &block.runs[..])
    }

    /// A highlighted block, with its runs and its rendered lines.
    pub fn block(&self, language: Option<&str>, text: &str) -> Option<&Highlighted> {
        let lang = Lang::from_token(language?)?;
        self.blocks
            .get(&bucket(lang, text))?
            .iter()
            .find(|block| block.lang == lang && *block.text == *text)
    }

    /// Adds a block; `document` adds each (language, text) once.
    fn insert(&mut self, lang: Lang, text: &str, runs: Vec<Run>) {
        self.blocks
            .entry(bucket(lang, text))
            .or_default()
            .push(Highlighted {
                lang,
                text: text.into(),
                runs: runs.into(),
                lines: OnceLock::new(),
            });
    }

    /// Number of highlighted blocks per language, for reports.
    pub fn per_language(&self) -> Vec<(Lang, usize)> {
        let mut counts: HashMap<Lang, usize> = HashMap::new();
        for block in self.blocks.values().flatten() {
            *counts.entry(block.lang).or_default() += 1;
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort();
        counts
    }

    pub fn len(&self) -> usize {
        self.blocks.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// A highlighted block.
#[derive(Debug, Clone)]
pub struct Highlighted {
    lang: Lang,
    text: Box<str>,
    runs: Arc<[Run]>,
    /// Its lines as markup with classes, made by the first backend that
    /// needs them: the page and the book write the same markup, and a
    /// bank's code runs to tens of thousands of tokens.
    lines: OnceLock<Box<str>>,
}

/// Equal by what the block is; its rendered lines are a cache.
impl PartialEq for Highlighted {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && self.text == other.text && self.runs == other.runs
    }
}

impl Highlighted {
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The block's lines with classes, rendered by `render` once.
    pub fn lines_with_classes(&self, render: impl FnOnce() -> String) -> &str {
        self.lines.get_or_init(|| render().into())
    }
}

fn bucket(lang: Lang, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    lang.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// Highlights every labelled code block of `document` whose language qbank
/// knows, through the disk cache when one can be opened.
pub fn document(document: &Document, cache: Option<&cache::Cache>) -> Highlights {
    // The distinct blocks, in document order, then coloured in parallel (a
    // large bank's blocks would otherwise run on one thread); each block's
    // runs depend on its text only, so the order of work does not matter.
    let mut keys: Vec<(Lang, &str)> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for block in code_blocks(document) {
        if let Block::Code {
            language: Some(language),
            text,
        } = block
            && let Some(lang) = Lang::from_token(language)
            && seen.insert((lang, text.as_str()))
        {
            keys.push((lang, text.as_str()));
        }
    }
    use rayon::prelude::*;
    let bank = document.source.path.as_str();
    let pack = cache.map(|cache| cache.load(bank)).unwrap_or_default();
    let outcomes: Vec<(cache::Key, engine::Outcome)> = keys
        .par_iter()
        .map(|&(lang, text)| {
            let key = cache::Cache::key(lang, text);
            let outcome = match pack.get(&key, text) {
                Some(runs) => engine::Outcome::Runs(runs.to_vec()),
                None => engine::highlight(lang, text),
            };
            (key, outcome)
        })
        .collect();
    if let Some(cache) = cache {
        // The pack this bank has now: written only when it differs from the
        // one read, so a rebuild of an unchanged bank writes nothing.
        let entries: Vec<(cache::Key, &[Run])> = outcomes
            .iter()
            .filter_map(|(key, outcome)| match outcome {
                engine::Outcome::Runs(runs) => Some((*key, runs.as_slice())),
                _ => None,
            })
            .collect();
        let unchanged =
            entries.len() == pack.len() && entries.iter().all(|(key, runs)| pack.holds(key, runs));
        if !unchanged {
            cache.store(bank, &entries);
        }
    }
    let mut highlights = Highlights::default();
    for ((lang, text), (_, outcome)) in keys.into_iter().zip(outcomes) {
        match outcome {
            engine::Outcome::Runs(runs) => highlights.insert(lang, text, runs),
            engine::Outcome::TimedOut => highlights.timed_out += 1,
            engine::Outcome::Plain => {}
        }
    }
    highlights
}

/// Every code block of a document, in order.
fn code_blocks<'a>(document: &'a Document) -> Vec<&'a Block> {
    let mut out = Vec::new();
    let mut keep = |block: &'a Block| {
        if matches!(block, Block::Code { .. }) {
            out.push(block);
        }
    };
    for question in &document.questions {
        for content in [&question.answer, &question.insight].into_iter().flatten() {
            for_each_block(&content.blocks, &mut keep);
        }
    }
    for section in &document.sections {
        for_each_block(&section.blocks, &mut keep);
    }
    out
}
