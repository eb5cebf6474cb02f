//! Language tokens (a fence's info string) → the grammar and highlight query
//! that colour them. Each language's `HighlightConfiguration` (its queries
//! compiled: 1 to 25 ms each) is made on first use only, once per process.
//! Python and SQL have no query: `python.rs` and `sql.rs` colour them by
//! node kind.

use std::sync::OnceLock;

use tree_sitter_highlight::HighlightConfiguration;

/// A language qbank highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Python,
    Sql,
    Bash,
    Json,
    Yaml,
    JavaScript,
    TypeScript,
    Java,
    C,
    Cpp,
    Go,
    Rust,
}

impl Lang {
    pub const ALL: [Lang; 12] = [
        Lang::Python,
        Lang::Sql,
        Lang::Bash,
        Lang::Json,
        Lang::Yaml,
        Lang::JavaScript,
        Lang::TypeScript,
        Lang::Java,
        Lang::C,
        Lang::Cpp,
        Lang::Go,
        Lang::Rust,
    ];

    /// The language a fence's token names, ignoring case; `None` for
    /// languages qbank leaves plain (and for unlabelled blocks).
    pub fn from_token(token: &str) -> Option<Lang> {
        let token = token.trim().to_ascii_lowercase();
        Some(match token.as_str() {
            "python" | "py" | "python3" | "py3" => Lang::Python,
            "sql" | "mysql" | "postgresql" | "postgres" | "psql" | "sqlite" | "plsql" | "tsql" => {
                Lang::Sql
            }
            "bash" | "sh" | "shell" | "zsh" => Lang::Bash,
            "json" | "jsonc" => Lang::Json,
            "yaml" | "yml" => Lang::Yaml,
            "javascript" | "js" | "jsx" | "mjs" | "node" => Lang::JavaScript,
            "typescript" | "ts" => Lang::TypeScript,
            "java" => Lang::Java,
            "c" | "h" => Lang::C,
            "cpp" | "c++" | "cc" | "cxx" | "hpp" => Lang::Cpp,
            "go" | "golang" => Lang::Go,
            "rust" | "rs" => Lang::Rust,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Sql => "sql",
            Lang::Bash => "bash",
            Lang::Json => "json",
            Lang::Yaml => "yaml",
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Java => "java",
            Lang::C => "c",
            Lang::Cpp => "cpp",
            Lang::Go => "go",
            Lang::Rust => "rust",
        }
    }

    /// The compiled grammar and queries, made on first use; `None` for
    /// Python and SQL, which are coloured without a query (`walk.rs`).
    pub fn config(self) -> Option<&'static HighlightConfiguration> {
        static CONFIGS: [OnceLock<Option<HighlightConfiguration>>; 12] =
            [const { OnceLock::new() }; 12];
        CONFIGS[self as usize]
            .get_or_init(|| self.make_config())
            .as_ref()
    }

    fn make_config(self) -> Option<HighlightConfiguration> {
        let (language, query): (tree_sitter::Language, std::borrow::Cow<'static, str>) = match self
        {
            Lang::Python | Lang::Sql => return None,
            // tree-sitter-bash's query colours no numbers: qbank adds them
            // (later patterns win).
            Lang::Bash => (
                tree_sitter_bash::LANGUAGE.into(),
                format!(
                    "{}\n(number) @number\n((word) @number (#match? @number \"^[0-9]+$\"))\n",
                    tree_sitter_bash::HIGHLIGHT_QUERY
                )
                .into(),
            ),
            Lang::Json => (
                tree_sitter_json::LANGUAGE.into(),
                tree_sitter_json::HIGHLIGHTS_QUERY.into(),
            ),
            Lang::Yaml => (
                tree_sitter_yaml::LANGUAGE.into(),
                tree_sitter_yaml::HIGHLIGHTS_QUERY.into(),
            ),
            Lang::JavaScript => (
                tree_sitter_javascript::LANGUAGE.into(),
                tree_sitter_javascript::HIGHLIGHT_QUERY.into(),
            ),
            // TypeScript's query extends JavaScript's, and C++'s extends C's.
            Lang::TypeScript => (
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                format!(
                    "{}\n{}",
                    tree_sitter_typescript::HIGHLIGHTS_QUERY,
                    tree_sitter_javascript::HIGHLIGHT_QUERY
                )
                .into(),
            ),
            Lang::Java => (
                tree_sitter_java::LANGUAGE.into(),
                tree_sitter_java::HIGHLIGHTS_QUERY.into(),
            ),
            Lang::C => (
                tree_sitter_c::LANGUAGE.into(),
                tree_sitter_c::HIGHLIGHT_QUERY.into(),
            ),
            Lang::Cpp => (
                tree_sitter_cpp::LANGUAGE.into(),
                format!(
                    "{}\n{}",
                    tree_sitter_cpp::HIGHLIGHT_QUERY,
                    tree_sitter_c::HIGHLIGHT_QUERY
                )
                .into(),
            ),
            Lang::Go => (
                tree_sitter_go::LANGUAGE.into(),
                tree_sitter_go::HIGHLIGHTS_QUERY.into(),
            ),
            Lang::Rust => (
                tree_sitter_rust::LANGUAGE.into(),
                tree_sitter_rust::HIGHLIGHTS_QUERY.into(),
            ),
        };
        let mut config = HighlightConfiguration::new(language, self.name(), &query, "", "")
            // The queries are fixed at build time and tested: a failure is a bug.
            .unwrap_or_else(|e| panic!("highlight query for {}: {e}", self.name()));
        config.configure(&super::class::names());
        Some(config)
    }
}
