//! Finds questions that ask the same thing, so that exporters can avoid
//! duplicate cards: reference rows and company prompts that restate a premium
//! question or code example, and premium questions that repeat each other.
//!
//! Titles are compared as sets of content words (lowercase, light plural
//! stemming, English function words dropped), weighted by inverse document
//! frequency within the bank, so that a word every title shares ("python")
//! counts for little and a rare one ("gil") for much. Two titles match when the
//! cosine of their weighted word sets reaches a threshold tuned on the seed.

use crate::ir::blocks::plain_text;
use crate::ir::{Inline, Kind, Question};
use crate::parse::similar::TitleVectors;

/// A restatement (reference row, prompt) matches a premium question at or above
/// this. Tuned by hand on the seed, SQL and Probability banks: above it the
/// matches are restatements; just below it come different questions that share
/// a phrase ("best practices", "large tables").
const RESTATEMENT_THRESHOLD: f64 = 0.55;
/// A restatement that scores within this of its best match for another
/// question, one that asks something else (the two match each other below
/// [`RIVALS_DIFFER`]), could restate either: it links to neither, since a
/// wrong link is worse than none ("Binomial and Poisson Distributions"
/// between "Explain the Binomial Distribution" and "… the Poisson …"). Rivals
/// that ask the same thing are a duplicated question: the best one is linked.
const CLOSE_SECOND: f64 = 0.05;
const RIVALS_DIFFER: f64 = 0.5;
/// Two premium questions are duplicates at or above this (stricter: both are full cards).
const DUPLICATE_THRESHOLD: f64 = 0.75;

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "between",
    "by",
    "can",
    "difference",
    "differences",
    "do",
    "doe",
    "does",
    "example",
    "explain",
    "for",
    "from",
    "how",
    "i",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "should",
    "the",
    "their",
    "them",
    "they",
    "this",
    "to",
    "use",
    "used",
    "using",
    "v",
    "versu",
    "vs",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "with",
    "work",
    "would",
    "write",
    "you",
    "your",
];

fn words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = tokens(title)
        .into_iter()
        .map(|w| stem(&w.to_lowercase()))
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The words of `text`: runs of letters and digits, keeping what makes a
/// name of a language or platform distinct: trailing `+` and `#` (`C++`, `C#`,
/// `F#`), a leading dot (`.NET`) and dots between letters (`Node.js`,
/// `ASP.NET`, `np.select`). A dot that ends a sentence is punctuation.
fn tokens(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let alnum_at = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_alphanumeric());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let leading_dot = chars[i].1 == '.' && alnum_at(i + 1) && (i == 0 || !alnum_at(i - 1));
        if !alnum_at(i) && !leading_dot {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut end = i + 1;
        while end < chars.len() && (alnum_at(end) || (chars[end].1 == '.' && alnum_at(end + 1))) {
            end += 1;
        }
        let suffix = chars[end..]
            .iter()
            .take_while(|&&(_, c)| c == '+' || c == '#')
            .count();
        if suffix > 0 && !alnum_at(end + suffix) {
            end += suffix;
        }
        let stop = chars.get(end).map_or(text.len(), |&(at, _)| at);
        out.push(&text[start..stop]);
        i = end;
    }
    out
}

/// A code span's token as a word: `@staticmethod`, `"__main__":` and
/// `range()` name `staticmethod`, `__main__` and `range`; `C++` and `C#` keep
/// their suffix; a token of symbols only (`==`, `:=`) stays as it is.
fn code_word(token: &str) -> String {
    let trimmed = token.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
    if trimmed.is_empty() {
        return token.to_lowercase();
    }
    let start = token.len()
        - token
            .trim_start_matches(|c: char| !(c.is_alphanumeric() || c == '_'))
            .len();
    let after = &token[start + trimmed.len()..];
    let suffix = after.len() - after.trim_start_matches(['+', '#']).len();
    token[start..start + trimmed.len() + suffix].to_lowercase()
}

fn stem(word: &str) -> String {
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() > 2) {
        format!("{base}y")
    } else if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// Titles in different banks are duplicates at or above this unweighted
/// overlap: across banks a topic word ("python", "sql") is what tells two
/// questions apart, so it may not be discounted as it is within one bank.
pub const CROSS_BANK_THRESHOLD: f64 = 0.85;

/// The content words of a title, sorted and deduplicated.
pub fn title_words(title: &str) -> Vec<String> {
    words(title)
}

/// Cosine of two sorted word sets, unweighted: 1 for the same words.
pub fn word_overlap<W: Ord>(a: &[W], b: &[W]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Both sorted and deduplicated: count the shared words in one merge.
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / ((a.len() * b.len()) as f64).sqrt()
}

/// The words of a question's title: code spans count whole (`is`, `==`,
/// `__init__`), even when they are English function words elsewhere.
pub fn question_words(question: &Question) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    collect_words(&question.title_inlines, &mut words);
    if words.is_empty() {
        words = self::words(&question.title);
    }
    words.sort();
    words.dedup();
    words
}

fn collect_words(inlines: &[Inline], out: &mut Vec<String>) {
    for inline in inlines {
        match inline {
            Inline::Code { text } => out.extend(text.split_whitespace().map(code_word)),
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikethrough { inlines }
            | Inline::Link { inlines, .. } => collect_words(inlines, out),
            other => out.extend(words(&plain_text(std::slice::from_ref(other)))),
        }
    }
}

/// Fills `related` on every question of one document, both ways, in source order.
pub fn link_related(questions: &mut [Question]) {
    let vectors = TitleVectors::new(&questions.iter().map(question_words).collect::<Vec<_>>());
    let is_anchor = |q: &Question| matches!(q.kind, Kind::Premium | Kind::CodeExample);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let restating = vectors.candidates(RESTATEMENT_THRESHOLD);
    for (i, restatement) in questions.iter().enumerate() {
        if is_anchor(restatement) {
            continue;
        }
        let mut scored: Vec<(usize, f64)> = restating[i]
            .iter()
            .copied()
            .filter(|&j| is_anchor(&questions[j]))
            .map(|j| (j, vectors.similarity(i, j)))
            .filter(|&(_, score)| score >= RESTATEMENT_THRESHOLD)
            .collect();
        // Highest score first; the earlier question first in a tie.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if let [(j, best), rest @ ..] = scored.as_slice() {
            let rival = rest.iter().any(|&(k, score)| {
                best - score <= CLOSE_SECOND && vectors.similarity(*j, k) < RIVALS_DIFFER
            });
            if !rival {
                pairs.push((i, *j));
            }
        }
    }
    let duplicating = vectors.candidates(DUPLICATE_THRESHOLD);
    for (i, question) in questions.iter().enumerate() {
        if question.kind != Kind::Premium {
            continue;
        }
        for &j in &duplicating[i] {
            if j > i
                && questions[j].kind == Kind::Premium
                && vectors.similarity(i, j) >= DUPLICATE_THRESHOLD
            {
                pairs.push((i, j));
            }
        }
    }
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); questions.len()];
    for (a, b) in pairs {
        related[a].push(b);
        related[b].push(a);
    }
    for (i, mut indices) in related.into_iter().enumerate() {
        // Source order, whatever order the pairs were found in.
        indices.sort_unstable();
        indices.dedup();
        let ids = indices.iter().map(|&j| questions[j].id.clone()).collect();
        questions[i].related = ids;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, kind: Kind, title: &str) -> Question {
        Question::for_test(id, kind, title)
    }

    #[test]
    fn scores_do_not_depend_on_hash_order() {
        // Two anchors with the same words tie exactly; the earlier must win every time.
        let make = || {
            let mut questions = vec![
                q(
                    "d/a",
                    Kind::Premium,
                    "How to Use np.select() for Multiple Conditions?",
                ),
                q(
                    "d/b",
                    Kind::Premium,
                    "How to use np.select for multiple conditions?",
                ),
                q("d/r", Kind::Reference, "np.select with multiple conditions"),
            ];
            link_related(&mut questions);
            questions.into_iter().map(|q| q.related).collect::<Vec<_>>()
        };
        let first = make();
        assert_eq!(first[2], ["d/a"]);
        for _ in 0..50 {
            assert_eq!(make(), first);
        }
    }

    #[test]
    fn a_restatement_of_two_questions_links_to_neither() {
        let mut questions = vec![
            q("d/b", Kind::Premium, "Explain the Binomial Distribution"),
            q("d/p", Kind::Premium, "Explain the Poisson Distribution"),
            q(
                "d/both",
                Kind::Reference,
                "Binomial and Poisson Distributions",
            ),
            q("d/one", Kind::Reference, "Binomial Distribution"),
            q("d/two", Kind::Reference, "Poisson Distribution"),
        ];
        link_related(&mut questions);
        assert!(
            questions[2].related.is_empty(),
            "{:?}",
            questions[2].related
        );
        assert_eq!(questions[3].related, ["d/b"]);
        assert_eq!(questions[4].related, ["d/p"]);
        // Close rivals that ask the same thing are one question asked twice.
        let mut questions = vec![
            q(
                "d/a",
                Kind::Premium,
                "What is the Law of Total Probability?",
            ),
            q("d/b", Kind::Premium, "Explain the Law of Total Probability"),
            q("d/r", Kind::Reference, "Law of Total Probability"),
        ];
        link_related(&mut questions);
        assert_eq!(questions[2].related, ["d/a"]);
    }

    #[test]
    fn code_spans_are_words() {
        let mut questions = vec![
            q(
                "d/is",
                Kind::Premium,
                "What is the Difference Between is and ==?",
            ),
            q("d/ref", Kind::Reference, "Explain is vs =="),
        ];
        questions[0].title_inlines = vec![
            Inline::Text {
                text: "What is the Difference Between ".into(),
            },
            Inline::Code { text: "is".into() },
            Inline::Text {
                text: " and ".into(),
            },
            Inline::Code { text: "==".into() },
            Inline::Text { text: "?".into() },
        ];
        questions[1].title_inlines = vec![
            Inline::Text {
                text: "Explain ".into(),
            },
            Inline::Code { text: "is".into() },
            Inline::Text {
                text: " vs ".into(),
            },
            Inline::Code { text: "==".into() },
        ];
        link_related(&mut questions);
        assert_eq!(questions[1].related, ["d/is"]);
    }

    #[test]
    fn cross_bank_overlap_keeps_topic_words() {
        let sql = title_words("How Do You Use Regular Expressions in SQL?");
        let python = title_words("What Are Regular Expressions in Python?");
        assert!(word_overlap(&sql, &python) < CROSS_BANK_THRESHOLD);
        let a = title_words("What is the Walrus Operator (:=)?");
        let b = title_words("What is the Walrus Operator `:=`?");
        assert_eq!(word_overlap(&a, &b), 1.0);
    }

    #[test]
    fn language_names_are_distinct_words() {
        assert_eq!(
            tokens("C, C#, C++, F#, .NET, Node.js and ASP.NET."),
            ["C", "C#", "C++", "F#", ".NET", "Node.js", "and", "ASP.NET"]
        );
        assert_eq!(
            tokens("Why? Because. (a+b) x#y g++ -"),
            ["Why", "Because", "a", "b", "x", "y", "g++"]
        );
        let words = |t: &str| title_words(t);
        let names = ["C", "C#", "C++", "F#", ".NET", "Node.js", "Node"];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(
                    words(&format!("Templates in {a}")),
                    words(&format!("Templates in {b}")),
                    "{a} {b}"
                );
            }
        }
        let cs = words("Templates in C#");
        let cpp = words("Templates in C++");
        assert!(
            word_overlap(&cs, &cpp) < CROSS_BANK_THRESHOLD,
            "{cs:?} {cpp:?}"
        );
        assert!(cs.contains(&"c#".to_owned()) && cpp.contains(&"c++".to_owned()));
        // Within a bank too, and in code spans.
        let mut questions = vec![
            q("d/cs", Kind::Premium, "How Do Generics Work in `C#`?"),
            q("d/cpp", Kind::Premium, "How Do Generics Work in `C++`?"),
        ];
        link_related(&mut questions);
        assert!(
            questions.iter().all(|q| q.related.is_empty()),
            "{:?}",
            questions[1].related
        );
        assert_eq!(code_word("`C++`"), "c++");
        assert_eq!(code_word("@staticmethod"), "staticmethod");
        assert_eq!(code_word("range()"), "range");
        assert_eq!(code_word(":="), ":=");
    }

    #[test]
    fn matches_restatements_and_duplicates_only() {
        let mut questions = vec![
            q(
                "d/gil",
                Kind::Premium,
                "What is the Global Interpreter Lock (GIL) in Python?",
            ),
            q(
                "d/deco",
                Kind::Premium,
                "Explain Python Decorators with Examples",
            ),
            q(
                "d/static",
                Kind::Premium,
                "What is the Difference Between `staticmethod` and `classmethod`?",
            ),
            q(
                "d/static2",
                Kind::Premium,
                "What Are `@staticmethod` and `@classmethod`?",
            ),
            q(
                "d/ref-gil",
                Kind::Reference,
                "What is the Global Interpreter Lock (GIL)?",
            ),
            q("d/ref-deco", Kind::Reference, "What are decorators?"),
            q("d/ref-pep", Kind::Reference, "What is PEP 8?"),
            q(
                "d/prompt",
                Kind::Prompt,
                "Write a generator that yields Fibonacci numbers.",
            ),
        ];
        link_related(&mut questions);
        let related: Vec<Vec<&str>> = questions
            .iter()
            .map(|q| q.related.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(related[0], ["d/ref-gil"]);
        assert_eq!(related[1], ["d/ref-deco"]);
        assert_eq!(related[2], ["d/static2"]);
        assert_eq!(related[3], ["d/static"]);
        assert_eq!(related[4], ["d/gil"]);
        assert!(related[6].is_empty() && related[7].is_empty());
    }
}
