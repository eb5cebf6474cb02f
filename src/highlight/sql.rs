//! SQL without a highlight query. tree-sitter-sequel names each of its ~300
//! keywords as a node kind of its own (`keyword_select`, ...), so a query
//! listing them took 25 to 35 ms to compile: more than colouring every SQL
//! block of a bank. Every rule qbank colours SQL by is a node's kind, plus one
//! parent chain for function names, so a table from kind to class, built
//! from the grammar itself, and one walk over the tree do the same work.

use std::sync::OnceLock;

use super::Class;
use super::engine::Outcome;
use super::walk::{self, Gaps, Grammar};

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

/// What a node kind says about its colour.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Class(Class),
    /// A string, or a number when its text reads as one.
    Literal,
    Identifier,
    ObjectReference,
    Invocation,
}

fn grammar() -> &'static Grammar<Kind> {
    static GRAMMAR: OnceLock<Grammar<Kind>> = OnceLock::new();
    GRAMMAR.get_or_init(|| Grammar::new(tree_sitter_sequel::LANGUAGE.into(), kind_of, Kind::Plain))
}

fn kind_of(name: &str, named: bool) -> Kind {
    if !named {
        return if OPERATORS.contains(&name) {
            Kind::Class(Class::Operator)
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

/// The runs of a SQL block.
pub fn highlight(code: &str) -> Outcome {
    let grammar = grammar();
    let kind_of = |id: u16| grammar.kind(id);
    walk::highlight(
        &grammar.language,
        code,
        Gaps::TrimmedQuotes,
        |node, field, ancestors| match kind_of(node.kind_id())? {
            Kind::Class(class) => Some(class),
            Kind::Literal if code.get(node.byte_range()).is_some_and(is_number) => {
                Some(Class::Number)
            }
            Kind::Literal => Some(Class::String),
            // A function's name: the `name` of an `object_reference`
            // directly inside an `invocation`.
            Kind::Identifier
                if field == Some("name")
                    && matches!(
                        ancestors,
                        [.., call, reference]
                            if kind_of(call.kind) == Some(Kind::Invocation)
                                && kind_of(reference.kind) == Some(Kind::ObjectReference)
                    ) =>
            {
                Some(Class::Function)
            }
            _ => None,
        },
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
        let keywords = (0..grammar.language.node_kind_count() as u16)
            .filter(|id| grammar.kind(*id) == Some(Kind::Class(Class::Keyword)))
            .count();
        assert!(keywords > 200, "{keywords} keyword kinds");
        let language = &grammar.language;
        for name in ["keyword_select", "keyword_from", "keyword_where"] {
            let id = language.id_for_node_kind(name, true);
            assert_eq!(grammar.kind(id), Some(Kind::Class(Class::Keyword)));
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let code = format!("SELECT {}1{};", "(".repeat(5_000), ")".repeat(5_000));
        assert!(matches!(highlight(&code), Outcome::Runs(_)));
    }
}
