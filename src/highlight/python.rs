//! Python without a highlight query: the banks' code is 90% Python, and a
//! rebuild that recomputes one edited block paid 8 to 12 ms to compile
//! tree-sitter-python's query before colouring it. Every rule of that query
//! is a node kind, a field, a parent or a pattern on an identifier's text,
//! so this module states the same rules over one walk (`walk.rs`). Where
//! several rules fit one node the last one wins, as in the query; a unit
//! test holds the two to the same runs.

use std::sync::OnceLock;

use tree_sitter::Node;

use super::Class;
use super::engine::Outcome;
use super::walk::{self, Ancestor, Gaps, Grammar};

const OPERATORS: &[&str] = &[
    "-", "-=", "!=", "*", "**", "**=", "*=", "/", "//", "//=", "/=", "&", "&=", "%", "%=", "^",
    "^=", "+", "->", "+=", "<", "<<", "<<=", "<=", "<>", "=", ":=", "==", ">", ">=", ">>", ">>=",
    "|", "|=", "~", "@=", "and", "in", "is", "not", "or", "is not", "not in",
];

const KEYWORDS: &[&str] = &[
    "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
    "except", "exec", "finally", "for", "from", "global", "if", "import", "lambda", "nonlocal",
    "pass", "print", "raise", "return", "try", "while", "with", "yield", "match", "case",
];

/// Called by name, these are Python's built-in functions.
const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "__import__",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Class(Class),
    Identifier,
    Decorator,
    Call,
    Attribute,
    FunctionDefinition,
    Type,
}

fn grammar() -> &'static Grammar<Kind> {
    static GRAMMAR: OnceLock<Grammar<Kind>> = OnceLock::new();
    GRAMMAR.get_or_init(|| Grammar::new(tree_sitter_python::LANGUAGE.into(), kind_of, Kind::Plain))
}

fn kind_of(name: &str, named: bool) -> Kind {
    if !named {
        // Keywords after operators: `print` and `exec` are only keywords.
        return if KEYWORDS.contains(&name) {
            Kind::Class(Class::Keyword)
        } else if OPERATORS.contains(&name) {
            Kind::Class(Class::Operator)
        } else {
            Kind::Plain
        };
    }
    match name {
        "identifier" => Kind::Identifier,
        "decorator" => Kind::Decorator,
        "call" => Kind::Call,
        "attribute" => Kind::Attribute,
        "function_definition" => Kind::FunctionDefinition,
        "type" => Kind::Type,
        "none" | "true" | "false" | "escape_sequence" => Kind::Class(Class::Constant),
        "integer" | "float" => Kind::Class(Class::Number),
        "comment" => Kind::Class(Class::Comment),
        "string" => Kind::Class(Class::String),
        _ => Kind::Plain,
    }
}

/// The runs of a Python block.
pub fn highlight(code: &str) -> Outcome {
    let grammar = grammar();
    let kind_of = |id: u16| grammar.kind(id);
    walk::highlight(
        &grammar.language,
        code,
        Gaps::Whole,
        |node, field, ancestors| match kind_of(node.kind_id())? {
            Kind::Class(class) => Some(class),
            Kind::Decorator => Some(Class::Function),
            Kind::Identifier => identifier(node, field, ancestors, code, kind_of),
            _ => None,
        },
    )
}

/// An identifier's class: the query's rules in its order, the last that
/// fits winning (so an attribute's name is uncoloured even when called).
fn identifier(
    node: &Node,
    field: Option<&str>,
    ancestors: &[Ancestor<'_>],
    code: &str,
    kind_of: impl Fn(u16) -> Option<Kind>,
) -> Option<Class> {
    let text = code.get(node.byte_range())?;
    let parent = ancestors.last();
    let parent_kind = parent.and_then(|p| kind_of(p.kind));
    let grandparent_kind = ancestors
        .len()
        .checked_sub(2)
        .and_then(|at| kind_of(ancestors[at].kind));
    let mut class = None; // `variable`: uncoloured
    if text.starts_with(|c: char| c.is_ascii_uppercase()) {
        class = Some(Class::Type); // `constructor`
        if text.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            class = Some(Class::Constant);
        }
    }
    if parent_kind == Some(Kind::Decorator) {
        class = Some(Class::Function);
    }
    let called_attribute = field == Some("attribute")
        && parent_kind == Some(Kind::Attribute)
        && parent.is_some_and(|p| p.field == Some("function"))
        && grandparent_kind == Some(Kind::Call);
    if called_attribute {
        class = Some(Class::Function);
    }
    if field == Some("function") && parent_kind == Some(Kind::Call) {
        class = Some(if BUILTINS.contains(&text) {
            Class::Builtin
        } else {
            Class::Function
        });
    }
    if field == Some("name") && parent_kind == Some(Kind::FunctionDefinition) {
        class = Some(Class::Function);
    }
    if field == Some("attribute") && parent_kind == Some(Kind::Attribute) {
        class = None; // `property`
    }
    if parent_kind == Some(Kind::Type) {
        class = Some(Class::Type);
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::engine;
    use tree_sitter_highlight::HighlightConfiguration;

    /// tree-sitter-python's own query, as the engine ran it before this
    /// module: the reference the walk must match run for run.
    fn with_query(code: &str) -> Outcome {
        let mut config = HighlightConfiguration::new(
            tree_sitter_python::LANGUAGE.into(),
            "python",
            tree_sitter_python::HIGHLIGHTS_QUERY,
            "",
            "",
        )
        .unwrap();
        config.configure(&crate::highlight::class::names());
        engine::highlight_with(&config, code)
    }

    #[test]
    fn the_walk_colours_as_the_query_does() {
        let samples = [
            include_str!("../../tests/fixtures/highlight.md"),
            "@app.route('/x', methods=[\"GET\"])\n@staticmethod\ndef f(a: int, b: List[str] = None) -> Dict[str, int]:\n    \"\"\"Doc.\"\"\"\n    return {k: len(v) for k, v in b.items() if k is not None and not v}\n",
            "MAX_SIZE = 10\nclass Node(Base):\n    x: Optional[int] = True\n    def __init__(self):\n        self.items = list(range(MAX_SIZE))\n        print(f\"{self.items!r:>10} \\n {x + 1}\")\n        obj.method().Other.CONST\n",
            "async def g():\n    await asyncio.sleep(0.5e-3)\n    x = 0x1F ** 2 // 3 % 4\n    lambda y: y @ z\n    match p:\n        case [1, *rest]: pass\n    try:\n        raise ValueError('e')\n    except (A, B) as e:\n        del e\n    finally:\n        yield from gen()\n",
            "def broken(:\n    x = [1, 2\n    print 'py2'\n    exec code\n",
        ];
        for code in samples {
            assert_eq!(highlight(code), with_query(code), "in {code:?}");
        }
    }

    /// The same on every Python block of the sample banks, where they are
    /// (CI has them beside the project; a clone alone does not).
    #[test]
    fn the_walk_colours_the_corpus_as_the_query_does() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(files) = crate::source::markdown_files_in(&corpus) else {
            eprintln!("no {}: skipped", corpus.display());
            return;
        };
        let mut blocks = 0;
        for file in files {
            let source = crate::source::Source::read(&file, u64::MAX).unwrap();
            let parsed = crate::parse::parse(&source);
            for block in super::super::code_blocks(&parsed.document) {
                if let crate::ir::Block::Code {
                    language: Some(language),
                    text,
                } = block
                    && crate::highlight::Lang::from_token(language)
                        == Some(crate::highlight::Lang::Python)
                {
                    assert_eq!(
                        highlight(text),
                        with_query(text),
                        "{}: {text}",
                        file.display()
                    );
                    blocks += 1;
                }
            }
        }
        assert!(blocks > 500, "{blocks} Python blocks");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let code = format!("x = {}1{}\n", "(".repeat(5_000), ")".repeat(5_000));
        assert!(matches!(highlight(&code), Outcome::Runs(_)));
    }
}
