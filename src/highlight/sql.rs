//! SQL without a highlight query. tree-sitter-sequel names each of its ~300
//! keywords as a node kind of its own (`keyword_select`, ...), so a query
//! listing them took 25 to 35 ms to compile: more than colouring every SQL
//! block of a bank. Every rule qbank colours SQL by is a node's kind, plus one
//! parent chain for function names, so a table from kind to class, built
//! from the grammar itself, and one walk over the tree do the same work.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::OnceLock;
use std::time::Instant;

use tree_sitter::{Language, Parser, TreeCursor};

use super::engine::{Outcome, SAFETY_LIMIT, push};
use super::{Class, Run};

/// Type names the grammar has a node for (`(int)`, `(varchar)`...).
const TYPES: &[&str] = &[
    "bigint",
    "binary",
    "bit",
    "char",
    "datetimeoffset",
    "decimal",
    "double",
    "float",
    "int",
    "interval",
    "mediumint",
    "nchar",
    "numeric",
    "nvarchar",
    "smallint",
    "time",
    "timestamp",
    "tinyint",
    "varbinary",
    "varchar",
];
const OPERATORS: &[&str] = &[
    "=", "<", ">", "<=", ">=", "<>", "!=", "+", "-", "*", "/", "%", "||", "::", "->", "->>",
];
const PUNCTUATION: &[&str] = &["(", ")", ",", ";", "."];

/// What a node kind says about its colour.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Class(Class),
    /// A string, or a number when its text reads as one.
    Literal,
    /// A function's name when it is the `name` of an `object_reference`
    /// directly inside an `invocation`.
    Identifier,
    ObjectReference,
    Invocation,
}

struct Grammar {
    language: Language,
    kinds: Vec<Kind>,
}

fn grammar() -> &'static Grammar {
    static GRAMMAR: OnceLock<Grammar> = OnceLock::new();
    GRAMMAR.get_or_init(|| {
        let language: Language = tree_sitter_sequel::LANGUAGE.into();
        let kinds = (0..language.node_kind_count() as u16)
            .map(|id| kind_of(&language, id))
            .collect();
        Grammar { language, kinds }
    })
}

fn kind_of(language: &Language, id: u16) -> Kind {
    let Some(name) = language.node_kind_for_id(id) else {
        return Kind::Plain;
    };
    if !language.node_kind_is_named(id) {
        return if OPERATORS.contains(&name) {
            Kind::Class(Class::Operator)
        } else if PUNCTUATION.contains(&name) {
            Kind::Class(Class::Punctuation)
        } else {
            Kind::Plain
        };
    }
    match name {
        "keyword_true" | "keyword_false" | "keyword_null" => Kind::Class(Class::Constant),
        _ if name.starts_with("keyword_") => Kind::Class(Class::Keyword),
        _ if TYPES.contains(&name) => Kind::Class(Class::Type),
        "op_other" => Kind::Class(Class::Operator),
        "comment" | "marginalia" => Kind::Class(Class::Comment),
        "literal" => Kind::Literal,
        "identifier" => Kind::Identifier,
        "object_reference" => Kind::ObjectReference,
        "invocation" => Kind::Invocation,
        _ => Kind::Plain,
    }
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The runs of a SQL block: each token gets the class of the innermost node
/// around it (itself included) that has one.
pub fn highlight(code: &str) -> Outcome {
    let grammar = grammar();
    let started = Instant::now();
    let tree = PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            // The grammar is built in; its ABI is checked by the tests.
            let _ = parser.set_language(&grammar.language);
            parser
        });
        let bytes = code.as_bytes();
        let mut read = |at: usize, _| &bytes[at.min(bytes.len())..];
        let mut give_up = |_: &tree_sitter::ParseState| {
            if started.elapsed() > SAFETY_LIMIT {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut give_up);
        parser.parse_with_options(&mut read, None, Some(options))
    });
    let Some(tree) = tree else {
        return if started.elapsed() > SAFETY_LIMIT {
            Outcome::TimedOut
        } else {
            Outcome::Plain
        };
    };
    Outcome::Runs(walk(grammar, &mut tree.walk(), code))
}

/// Depth-first over every node, without recursion (nesting is the input's
/// to choose). Text inside a node but outside its children (a hidden token,
/// such as an interval's quoted amount) takes the node's class.
fn walk(grammar: &Grammar, cursor: &mut TreeCursor, code: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    // Each node from the root down to the cursor's parent.
    let mut ancestors: Vec<Ancestor> = Vec::new();
    loop {
        let node = cursor.node();
        if let Some(parent) = ancestors.last_mut() {
            gap(
                &mut runs,
                code,
                parent.emitted,
                node.start_byte(),
                parent.class,
            );
            parent.emitted = node.end_byte();
        }
        let kind = grammar
            .kinds
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(Kind::Plain);
        let own = match kind {
            Kind::Class(class) => Some(class),
            Kind::Literal if is_number(&code[node.byte_range()]) => Some(Class::Number),
            Kind::Literal => Some(Class::String),
            Kind::Identifier if names_a_function(cursor, &ancestors) => Some(Class::Function),
            _ => None,
        };
        let class = own.or_else(|| ancestors.last().and_then(|parent| parent.class));
        if cursor.goto_first_child() {
            ancestors.push(Ancestor {
                kind,
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
                gap(&mut runs, code, done.emitted, done.end, done.class);
            }
        }
    }
}

struct Ancestor {
    kind: Kind,
    class: Option<Class>,
    /// Where the text not yet coloured within this node starts.
    emitted: usize,
    end: usize,
}

/// Colours the text between a node's children, less its outer whitespace: a
/// quoted string (an interval's `'7 days'`) as a string, the rest in the
/// node's class.
fn gap(runs: &mut Vec<Run>, code: &str, start: usize, end: usize, class: Option<Class>) {
    let Some(text) = code.get(start..end) else {
        return;
    };
    let trimmed = text.trim_start();
    let start = start + (text.len() - trimmed.len());
    let class = if trimmed.starts_with('\'') {
        Some(Class::String)
    } else {
        class
    };
    if let Some(class) = class {
        push(runs, start, start + trimmed.trim_end().len(), class);
    }
}

fn names_a_function(cursor: &TreeCursor, ancestors: &[Ancestor]) -> bool {
    cursor.field_name() == Some("name")
        && matches!(
            ancestors,
            [
                ..,
                Ancestor {
                    kind: Kind::Invocation,
                    ..
                },
                Ancestor {
                    kind: Kind::ObjectReference,
                    ..
                }
            ]
        )
}

/// `[-+]?(digits[.digits?]|.digits)([eE][-+]?digits)?`
fn is_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) && (fraction.is_empty() || digits(fraction)))
                || (whole.is_empty() && digits(fraction))
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_told_from_strings() {
        for yes in ["1", "-2", "+3.5", "4.", ".5", "6e10", "7.5E-3"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["'1'", "", ".", "e5", "1e", "1.2.3", "--1", "x1", "1_000"] {
            assert!(!is_number(no), "{no}");
        }
    }

    #[test]
    fn every_keyword_kind_is_a_keyword() {
        let grammar = grammar();
        let keywords = grammar
            .kinds
            .iter()
            .filter(|k| **k == Kind::Class(Class::Keyword))
            .count();
        assert!(keywords > 200, "{keywords} keyword kinds");
        let language = &grammar.language;
        for name in ["keyword_select", "keyword_from", "keyword_where"] {
            let id = language.id_for_node_kind(name, true);
            assert_eq!(grammar.kinds[usize::from(id)], Kind::Class(Class::Keyword));
        }
    }

    fn classes_of(code: &str, token: &str) -> Vec<Class> {
        let Outcome::Runs(runs) = highlight(code) else {
            panic!("not highlighted")
        };
        runs.iter()
            .filter(|r| &code[r.start as usize..r.end as usize] == token)
            .map(|r| r.class)
            .collect()
    }

    #[test]
    fn an_intervals_amount_is_a_string() {
        let code = "SELECT * FROM t WHERE d >= CURRENT_DATE - INTERVAL '7 days';";
        assert_eq!(classes_of(code, "'7 days'"), [Class::String]);
        assert_eq!(classes_of(code, "INTERVAL"), [Class::Keyword]);
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let code = format!("SELECT {}1{};", "(".repeat(5_000), ")".repeat(5_000));
        assert!(matches!(highlight(&code), Outcome::Runs(_)));
    }
}
