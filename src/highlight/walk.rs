//! Colouring by node kind, without a highlight query, for the languages whose
//! rules are only kinds, fields and parents (`sql.rs`, `python.rs`): a query
//! costs 8 to 35 ms to compile per process, which a rebuild that recomputes
//! one block pays in full, and matching it costs more than the walk. The
//! semantics are tree-sitter-highlight's: a byte takes the class of the
//! innermost node around it (itself included) that has one.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use tree_sitter::{Language, Node, Parser, Tree, TreeCursor};

use super::engine::{Outcome, SAFETY_LIMIT, push};
use super::{Class, Run};

/// A grammar and what each of its node kinds says about colour, by kind id
/// (so that aliases, which share a name, share a kind).
pub(super) struct Grammar<K> {
    pub language: Language,
    kinds: Vec<K>,
}

impl<K: Copy> Grammar<K> {
    /// `kind_of(name, named)` for every node kind of `language`.
    pub fn new(language: Language, kind_of: impl Fn(&str, bool) -> K, unknown: K) -> Self {
        let kinds = (0..language.node_kind_count() as u16)
            .map(|id| match language.node_kind_for_id(id) {
                Some(name) => kind_of(name, language.node_kind_is_named(id)),
                None => unknown,
            })
            .collect();
        Grammar { language, kinds }
    }

    pub fn kind(&self, id: u16) -> Option<K> {
        self.kinds.get(usize::from(id)).copied()
    }
}

/// A node on the path from the root to the one being classified.
pub(super) struct Ancestor<'tree> {
    pub kind: u16,
    /// The field this node fills in its parent.
    pub field: Option<&'tree str>,
    pub class: Option<Class>,
    /// Where the text not yet coloured within this node starts.
    emitted: usize,
    end: usize,
}

/// How the text between a node's children is coloured.
#[derive(Clone, Copy)]
pub(super) enum Gaps {
    /// In the node's class, whitespace included (tree-sitter-highlight's way).
    Whole,
    /// Less its outer whitespace; a gap that is a quoted string as a string
    /// (SQL's hidden tokens, such as an interval's `'7 days'`).
    TrimmedQuotes,
}

thread_local! {
    static PARSERS: RefCell<Vec<(Language, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Parses `code` and colours it: [`runs`] within the safety time limit.
pub(super) fn highlight(
    language: &Language,
    code: &str,
    gaps: Gaps,
    classify: impl Fn(&Node, Option<&str>, &[Ancestor<'_>]) -> Option<Class>,
) -> Outcome {
    match parse(language, code, SAFETY_LIMIT) {
        Ok(tree) => Outcome::Runs(runs(&tree, code, gaps, classify)),
        Err(outcome) => outcome,
    }
}

/// Parses `code`, giving up after `limit`.
fn parse(language: &Language, code: &str, limit: Duration) -> Result<Tree, Outcome> {
    let started = Instant::now();
    let tree = PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let at = match parsers.iter().position(|(l, _)| l == language) {
            Some(at) => at,
            None => {
                let mut parser = Parser::new();
                // The grammars are built in; their ABI is checked by the tests.
                let _ = parser.set_language(language);
                parsers.push((language.clone(), parser));
                parsers.len() - 1
            }
        };
        let bytes = code.as_bytes();
        let mut read = |at: usize, _| &bytes[at.min(bytes.len())..];
        let mut give_up = |_: &tree_sitter::ParseState| {
            if started.elapsed() > limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut give_up);
        let parser = &mut parsers[at].1;
        let tree = parser.parse_with_options(&mut read, None, Some(options));
        if tree.is_none() {
            // A cancelled parse keeps its state, and the parser's next
            // parse would resume it, on another block's text.
            parser.reset();
        }
        tree
    });
    tree.ok_or(if started.elapsed() > limit {
        Outcome::TimedOut
    } else {
        Outcome::Plain
    })
}

/// The runs of a parsed block. `classify` gives a node's own class, if any,
/// from the node, the field it fills and its ancestors (root first).
/// Depth-first without recursion: nesting is the input's to choose.
fn runs<'tree>(
    tree: &'tree Tree,
    code: &str,
    gaps: Gaps,
    classify: impl Fn(&Node, Option<&str>, &[Ancestor<'tree>]) -> Option<Class>,
) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut cursor: TreeCursor<'tree> = tree.walk();
    let mut ancestors: Vec<Ancestor<'tree>> = Vec::new();
    loop {
        let node = cursor.node();
        if let Some(parent) = ancestors.last_mut() {
            gap(
                &mut runs,
                code,
                gaps,
                parent.emitted,
                node.start_byte(),
                parent.class,
            );
            parent.emitted = parent.emitted.max(node.end_byte());
        }
        let field = cursor.field_name();
        let class = classify(&node, field, &ancestors)
            .or_else(|| ancestors.last().and_then(|parent| parent.class));
        if cursor.goto_first_child() {
            ancestors.push(Ancestor {
                kind: node.kind_id(),
                field,
                class,
                emitted: node.start_byte(),
                end: node.end_byte(),
            });
            continue;
        }
        if let Some(class) = class {
            push(&mut runs, node.start_byte(), node.end_byte(), class);
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return runs;
            }
            if let Some(done) = ancestors.pop() {
                gap(&mut runs, code, gaps, done.emitted, done.end, done.class);
            }
        }
    }
}

fn gap(
    runs: &mut Vec<Run>,
    code: &str,
    gaps: Gaps,
    start: usize,
    end: usize,
    class: Option<Class>,
) {
    let Some(text) = code.get(start..end).filter(|t| !t.is_empty()) else {
        return;
    };
    match gaps {
        Gaps::Whole => {
            if let Some(class) = class {
                push(runs, start, end, class);
            }
        }
        Gaps::TrimmedQuotes => {
            let trimmed = text.trim_start();
            let start = start + (text.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            let quoted = trimmed.len() >= 2 && trimmed.starts_with('\'') && trimmed.ends_with('\'');
            let class = if quoted { Some(Class::String) } else { class };
            if let Some(class) = class {
                push(runs, start, start + trimmed.len(), class);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_parse_does_not_leak_into_the_next() {
        let python: Language = tree_sitter_python::LANGUAGE.into();
        let long = "x = [1, 2, 3]\n".repeat(20_000);
        assert!(matches!(
            parse(&python, &long, Duration::ZERO),
            Err(Outcome::TimedOut)
        ));
        let tree = parse(&python, "y = 1\n", SAFETY_LIMIT).unwrap();
        assert_eq!(tree.root_node().byte_range(), 0..6);
    }

    #[test]
    fn deep_nesting_walks_on_a_small_stack() {
        // A recursive walk would overflow a 256 KiB stack at this depth.
        let walked = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let python: Language = tree_sitter_python::LANGUAGE.into();
                let code = format!("x = {}1{}\n", "(".repeat(20_000), ")".repeat(20_000));
                let tree = parse(&python, &code, SAFETY_LIMIT).unwrap();
                runs(&tree, &code, Gaps::Whole, |_, _, _| Some(Class::Number)).len()
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(walked > 0);
    }
}
