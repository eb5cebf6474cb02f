//! One code block → its coloured runs, by the language's query or (Python,
//! SQL) by a walk over its tree. A block over [`MAX_BYTES`] stays plain (a
//! fixed limit, so output bytes never depend on how fast the machine is);
//! past [`SAFETY_LIMIT`] a block is cancelled (tree-sitter-highlight's
//! cancellation flag, or the parser's progress callback) and left plain,
//! which the build then reports, because only that outcome depends on timing.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

use super::{Class, Lang, Run, class};

/// Blocks larger than this stay plain: at about 5 MB/s, 256 KiB is 50 ms.
pub const MAX_BYTES: usize = 256 * 1024;

/// Highlighting a block within [`MAX_BYTES`] takes milliseconds; this only
/// catches a pathological grammar case.
pub const SAFETY_LIMIT: Duration = Duration::from_secs(5);

/// What highlighting a block gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Runs(Vec<Run>),
    /// Too large, or the grammar failed: the block stays plain.
    Plain,
    /// Cancelled past the safety limit: plain, and reported.
    TimedOut,
}

thread_local! {
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

/// The runs of `code` in `lang`, in order, not overlapping, never empty.
pub fn highlight(lang: Lang, code: &str) -> Outcome {
    if code.len() > MAX_BYTES || code.len() > u32::MAX as usize {
        return Outcome::Plain;
    }
    match lang {
        Lang::Python => super::python::highlight(code),
        Lang::Sql => super::sql::highlight(code),
        _ => match lang.config() {
            Some(config) => highlight_with(config, code),
            None => Outcome::Plain,
        },
    }
}

/// The runs of `code` by a highlight query.
pub(super) fn highlight_with(config: &HighlightConfiguration, code: &str) -> Outcome {
    HIGHLIGHTER.with(|cell| {
        let mut highlighter = cell.borrow_mut();
        let cancel = AtomicUsize::new(0);
        let started = Instant::now();
        let Ok(events) =
            highlighter.highlight(config, code.as_bytes(), None, Some(&cancel), |_| None)
        else {
            return Outcome::Plain;
        };
        let mut runs: Vec<Run> = Vec::new();
        let mut stack: Vec<Option<Class>> = Vec::new();
        for (count, event) in events.enumerate() {
            // The iterator polls the flag; raise it once the time is up.
            if count % 256 == 255 && started.elapsed() > SAFETY_LIMIT {
                cancel.store(1, Ordering::Relaxed);
            }
            match event {
                Ok(HighlightEvent::Source { start, end }) => {
                    if let Some(class) = stack.iter().rev().flatten().next().copied() {
                        push(&mut runs, start, end, class);
                    }
                }
                Ok(HighlightEvent::HighlightStart(h)) => stack.push(class::of_capture(h.0)),
                Ok(HighlightEvent::HighlightEnd) => {
                    stack.pop();
                }
                Err(tree_sitter_highlight::Error::Cancelled) => return Outcome::TimedOut,
                Err(_) => return Outcome::Plain,
            }
        }
        if cancel.load(Ordering::Relaxed) != 0 {
            return Outcome::TimedOut;
        }
        Outcome::Runs(runs)
    })
}

/// Appends a run, merging it into the previous one when they touch and
/// share a class. Whitespace-only gaps are not bridged: runs stay exact.
pub(super) fn push(runs: &mut Vec<Run>, start: usize, end: usize, class: Class) {
    if start >= end {
        return;
    }
    let (start, end) = (start as u32, end as u32);
    if let Some(last) = runs.last_mut()
        && last.class == class
        && last.end == start
    {
        last.end = end;
        return;
    }
    runs.push(Run { start, end, class });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The classes of the runs whose text is exactly `token`.
    fn classes_of(lang: Lang, code: &str, token: &str) -> Vec<Class> {
        let Outcome::Runs(runs) = highlight(lang, code) else {
            panic!("{lang:?} not highlighted")
        };
        runs.iter()
            .filter(|r| &code[r.start as usize..r.end as usize] == token)
            .map(|r| r.class)
            .collect()
    }

    fn assert_class(lang: Lang, code: &str, token: &str, class: Class) {
        let got = classes_of(lang, code, token);
        assert!(
            got.contains(&class),
            "{lang:?}: {token:?} should be {class:?}, got {got:?} in {code:?}"
        );
    }

    #[test]
    fn python_classes() {
        let code = "# sum them\ndef total(xs):\n    return sum(xs) + 42 if xs else 'none'\n";
        assert_class(Lang::Python, code, "def", Class::Keyword);
        assert_class(Lang::Python, code, "return", Class::Keyword);
        assert_class(Lang::Python, code, "'none'", Class::String);
        assert_class(Lang::Python, code, "# sum them", Class::Comment);
        assert_class(Lang::Python, code, "42", Class::Number);
        assert_class(Lang::Python, code, "total", Class::Function);
        assert!(
            classes_of(Lang::Python, code, "xs").is_empty(),
            "variables stay plain"
        );
    }

    #[test]
    fn an_sql_intervals_amount_is_a_string() {
        let code = "SELECT * FROM t WHERE d >= CURRENT_DATE - INTERVAL '7 days';";
        assert_eq!(classes_of(Lang::Sql, code, "'7 days'"), [Class::String]);
        assert_eq!(classes_of(Lang::Sql, code, "INTERVAL"), [Class::Keyword]);
    }

    #[test]
    fn sql_classes() {
        let code = "-- top earners\nSELECT name, COUNT(*) FROM emp WHERE salary > 1000.5 AND dept = 'IT';\n";
        assert_class(Lang::Sql, code, "SELECT", Class::Keyword);
        assert_class(Lang::Sql, code, "WHERE", Class::Keyword);
        assert_class(Lang::Sql, code, "'IT'", Class::String);
        assert_class(Lang::Sql, code, "-- top earners", Class::Comment);
        assert_class(Lang::Sql, code, "1000.5", Class::Number);
        assert_class(Lang::Sql, code, "COUNT", Class::Function);
    }

    #[test]
    fn bash_classes() {
        let code = "# loop\nfor i in 1 2; do echo \"n=$((i + 3))\"; done\nexit 4\n";
        assert_class(Lang::Bash, code, "for", Class::Keyword);
        assert_class(Lang::Bash, code, "# loop", Class::Comment);
        assert!(
            highlight_text(Lang::Bash, code, Class::String).contains("\"n="),
            "strings"
        );
        assert_class(Lang::Bash, code, "3", Class::Number);
        assert_class(Lang::Bash, code, "4", Class::Number);
    }

    fn highlight_text(lang: Lang, code: &str, class: Class) -> String {
        let Outcome::Runs(runs) = highlight(lang, code) else {
            panic!()
        };
        runs.iter()
            .filter(|r| r.class == class)
            .map(|r| &code[r.start as usize..r.end as usize])
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn every_language_colours_a_keyword_or_string() {
        let samples = [
            (Lang::Json, "{\"a\": [1, true, \"x\"]}\n", Class::String),
            (Lang::Yaml, "key: \"value\" # note\n", Class::Comment),
            (Lang::JavaScript, "const x = 'a'; // c\n", Class::Keyword),
            (Lang::TypeScript, "let n: number = 1;\n", Class::Keyword),
            (
                Lang::Java,
                "class A { int f() { return 1; } }\n",
                Class::Keyword,
            ),
            (Lang::C, "int main(void) { return 0; }\n", Class::Keyword),
            (
                Lang::Cpp,
                "#include <vector>\nint main() { return 0; }\n",
                Class::Keyword,
            ),
            (Lang::Go, "package main\nfunc main() {}\n", Class::Keyword),
            (Lang::Rust, "fn main() { let x = 1; }\n", Class::Keyword),
        ];
        for (lang, code, class) in samples {
            assert!(
                !highlight_text(lang, code, class).is_empty(),
                "{lang:?}: no {class:?} in {code:?}"
            );
        }
    }

    #[test]
    fn runs_are_ordered_and_inside_the_text() {
        let code = "SELECT 1; -- é\n";
        for lang in Lang::ALL {
            if let Outcome::Runs(runs) = highlight(lang, code) {
                let mut at = 0;
                for run in runs {
                    assert!(run.start >= at && run.end > run.start);
                    assert!(code.is_char_boundary(run.start as usize));
                    assert!(code.is_char_boundary(run.end as usize));
                    at = run.end;
                }
                assert!(at as usize <= code.len());
            }
        }
    }

    #[test]
    fn oversized_blocks_stay_plain() {
        let code = "x = 1\n".repeat(MAX_BYTES / 6 + 1);
        assert_eq!(highlight(Lang::Python, &code), Outcome::Plain);
    }
}
