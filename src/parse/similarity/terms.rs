//! The terms two texts must share to ask the same thing. A title "How to Use
//! `pd.melt()` for Unpivoting?" and a row "melt() for unpivoting data" share
//! `melt` and `unpivot`: code names lose their module (`pd.`, `np.`) and
//! their call parentheses, words are stemmed (Snowball English, so that
//! "Handling" and "Handle" meet), and question words and filler ("explain",
//! "what", "difference", "between") weigh nothing. Names of languages and
//! platforms keep what makes them distinct (`C++`, `C#`, `.NET`, `Node.js`).

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::ir::blocks::plain_text;
use crate::ir::{Inline, Question};

/// Question words, function words and filler: they say how a question is
/// asked, not what it asks. Compared after stemming, so every form counts.
#[rustfmt::skip]
const FILLER: &[&str] = &[
    // Function words and question words.
    "a", "about", "an", "and", "are", "as", "at", "be", "between", "by", "can", "do", "does",
    "for", "from", "how", "i", "in", "into", "is", "it", "its", "of", "on", "or", "should",
    "that", "the", "their", "them", "they", "this", "to", "v", "versus", "vs", "what", "when",
    "where", "which", "while", "who", "why", "with", "would", "you", "your",
    // Verbs that ask for an answer, not for a subject.
    "calculate", "check", "compute", "create", "define", "describe", "discuss", "explain",
    "get", "give", "handle", "help", "implement", "make", "perform", "provide",
    "understand", "use", "used", "using", "work", "write",
    // Nouns and adjectives that say what kind of answer is wanted.
    "advantage", "application", "approach", "basic", "basics", "benefit", "calculation",
    "characteristic", "common", "concept", "definition", "depth", "detail", "difference",
    "differences", "different", "effective", "efficiently", "example", "examples",
    "introduction", "key", "main", "matter", "meaning", "method", "overview", "practical", "purpose",
    "real", "role", "significance", "statement", "technique", "usage", "various", "way",
    "world",
];

/// Words of a practice link's text that name the site, not the problem
/// ("LeetCode Two Sum", "GeeksforGeeks article").
#[rustfmt::skip]
const LINK_FILLER: &[&str] = &[
    "academy", "article", "blog", "brilliant", "codewars", "coursera", "doc", "docs",
    "documentation", "geeksforgeeks", "gfg", "guide", "hackerrank", "kaggle", "khan",
    "leetcode", "link", "mathworld", "medium", "official", "practice", "problem", "question",
    "read", "reference", "solution", "stackoverflow", "tutorial", "video", "w3schools",
    "wikipedia", "youtube",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

fn stemmed_set(words: &[&str]) -> HashSet<String> {
    words.iter().map(|w| stem(w)).collect()
}

fn filler() -> &'static HashSet<String> {
    static FILLER_SET: OnceLock<HashSet<String>> = OnceLock::new();
    FILLER_SET.get_or_init(|| stemmed_set(FILLER))
}

fn link_filler() -> &'static HashSet<String> {
    static LINK_SET: OnceLock<HashSet<String>> = OnceLock::new();
    LINK_SET.get_or_init(|| stemmed_set(LINK_FILLER))
}

/// A word as a term: lowercase; a plain word stemmed. Names (with a dot,
/// `_`, `+`, `#` or a digit) are kept whole: stemming `np.select` or `C++`
/// would only blur them.
fn stem(word: &str) -> String {
    // An acronym's plural ("CTEs", "APIs") is the acronym.
    let upper = word.len()
        - word
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .len();
    let word = if upper >= 2 && word.len() == upper + 1 && word.ends_with('s') {
        &word[..upper]
    } else {
        word
    };
    let lower = word.to_lowercase().replace('\u{2019}', "'");
    let lower = lower
        .strip_suffix("'s")
        .map_or(lower.clone(), str::to_owned);
    let is_name = lower
        .chars()
        .any(|c| matches!(c, '.' | '_' | '+' | '#') || c.is_ascii_digit());
    if is_name {
        lower
    } else {
        stemmer().stem(&lower).into_owned()
    }
}

/// A qualified code name by its last part: `pd.melt` is `melt`,
/// `os.path.join` is `join`. A last part of two letters or in capitals is
/// part of a name (`Node.js`, `ASP.NET`), which stays whole.
fn unqualified(token: &str) -> &str {
    match token.rsplit_once('.') {
        Some((head, last))
            if !head.is_empty()
                && last.chars().count() >= 3
                && last.chars().any(|c| c.is_lowercase()) =>
        {
            last
        }
        _ => token,
    }
}

/// The library a qualified name comes from, when it is more than an alias:
/// `scipy.signal.convolve` is not `np.convolve`, but `pd.` and `np.` say
/// nothing a bank's titles do not all share.
fn library(token: &str) -> Option<&str> {
    let (root, _) = token.split_once('.')?;
    let named = root.chars().count() >= 4 && root.chars().all(|c| c.is_ascii_alphabetic());
    (named && unqualified(token) != token).then_some(root)
}

/// Each name of `tokens` as terms: the unqualified name, and its library.
fn name_terms<'t>(tokens: impl IntoIterator<Item = &'t str>, out: &mut Vec<String>) {
    for token in tokens {
        out.push(stem_word(unqualified(token)));
        if let Some(root) = library(token) {
            out.push(root.to_lowercase());
        }
    }
}

/// Entries the stem cache holds before it starts afresh: a bank's own
/// vocabulary fits many times over; a file of random words cannot grow it.
const STEM_CACHE_LIMIT: usize = 1 << 16;

thread_local! {
    /// Stems by word. Answers repeat their words (and banks their answers'
    /// words) so often that stemming each occurrence was most of the cost
    /// of comparing answers.
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::default();
}

/// The stem of `word`, as titles' terms are stemmed, through the cache.
pub fn stem_word(word: &str) -> String {
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stemmed) = cache.get(word) {
            return stemmed.clone();
        }
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        let stemmed = stem(word);
        cache.insert(word.to_owned(), stemmed.clone());
        stemmed
    })
}

/// The words of `text`: runs of letters, digits and `_`, keeping what makes
/// a name distinct: trailing `+` and `#` (`C++`, `C#`), a leading dot
/// (`.NET`) and dots inside (`Node.js`, `np.select`). A dot that ends a
/// sentence is punctuation.
pub fn tokens(text: &str) -> Vec<&str> {
    // Walks the text once, a character of lookahead at a time: answers are
    // long, and a collected array of characters cost more than the rest.
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let char_at = |at: usize| text[at..].chars().next();
    let mut out = Vec::new();
    let mut previous: Option<char> = None;
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let after = i + c.len_utf8();
        let leading_dot =
            c == '.' && char_at(after).is_some_and(is_word) && !previous.is_some_and(is_word);
        if !is_word(c) && !leading_dot {
            previous = Some(c);
            i = after;
            continue;
        }
        let (start, mut end, mut last) = (i, after, c);
        while let Some(d) = char_at(end) {
            let next = char_at(end + d.len_utf8());
            // An apostrophe between letters belongs to the word ("Python's",
            // "don't"), so that it leaves no stray "s" or "t" behind.
            let joins = match d {
                '.' => next.is_some_and(is_word),
                '\'' | '\u{2019}' => last.is_alphabetic() && next.is_some_and(char::is_alphabetic),
                _ => is_word(d),
            };
            if !joins {
                break;
            }
            last = d;
            end += d.len_utf8();
        }
        let suffix = text[end..].len() - text[end..].trim_start_matches(['+', '#']).len();
        if suffix > 0 && !char_at(end + suffix).is_some_and(is_word) {
            end += suffix;
            last = '+';
        }
        out.push(&text[start..end]);
        previous = Some(last);
        i = end;
    }
    out
}

/// The content terms of prose, in order, repeats kept.
pub fn prose_terms(text: &str, out: &mut Vec<String>) {
    for token in tokens(text) {
        // A word called as a function ("where()") is a name, not filler.
        let end = token.as_ptr() as usize - text.as_ptr() as usize + token.len();
        let called = text[end..].starts_with('(');
        let start = out.len();
        name_terms([token], out);
        if !called && filler().contains(&out[start]) {
            out.remove(start);
        }
    }
}

/// A word of an answer as it is counted: unqualified and lowercase, not
/// stemmed; `None` for digits and for the filler words themselves.
pub fn answer_word(token: &str) -> Option<String> {
    let word = unqualified(token).to_lowercase();
    let counted = !word.chars().all(|c| c.is_ascii_digit()) && !FILLER.contains(&word.as_str());
    counted.then_some(word)
}

/// The library a token names (`scipy` of `scipy.signal.convolve`), as a term.
pub fn library_term(token: &str) -> Option<String> {
    library(token).map(str::to_lowercase)
}

/// The terms of a code span: every name in it, even one that is a function
/// word elsewhere (`is`, `in`); a span of symbols (`==`, `:=`) is one term.
fn code_terms(code: &str, out: &mut Vec<String>) {
    let names = tokens(code);
    if names.is_empty() {
        let symbols = code.trim();
        if !symbols.is_empty() {
            out.push(symbols.to_owned());
        }
    }
    name_terms(names, out);
}

/// Whether `term` weighs nothing in prose. A code span may still name it
/// (`WHERE`), so it counts in scores but never vetoes a link.
pub fn is_filler(term: &str) -> bool {
    filler().contains(term)
}

/// The acronyms a title writes ("GIL", "CTEs" as "cte"), lowercase: the
/// terms that another title may spell out ("Global Interpreter Lock").
pub fn acronyms(title: &str) -> Vec<String> {
    let mut found: Vec<String> = tokens(title)
        .into_iter()
        .filter_map(|token| {
            let letters = token
                .strip_suffix('s')
                .filter(|t| t.len() >= 2)
                .unwrap_or(token);
            let capitals =
                (2..=5).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_uppercase());
            capitals.then(|| letters.to_ascii_lowercase())
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn sorted(mut terms: Vec<String>) -> Vec<String> {
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// The terms of a plain title, sorted and deduplicated.
pub fn title_terms(title: &str) -> Vec<String> {
    let mut terms = Vec::new();
    prose_terms(title, &mut terms);
    sorted(terms)
}

/// The terms of a question's title, code spans counted whole.
pub fn question_terms(question: &Question) -> Vec<String> {
    let mut terms = Vec::new();
    collect(&question.title_inlines, &mut terms);
    if terms.is_empty() {
        prose_terms(&question.title, &mut terms);
    }
    sorted(terms)
}

/// The terms of a reference row's practice links, site names left out:
/// "LeetCode Two Sum" says which problem the row means.
pub fn link_terms(question: &Question) -> Vec<String> {
    let mut terms = Vec::new();
    for link in &question.links {
        prose_terms(&link.text, &mut terms);
    }
    terms.retain(|t| !link_filler().contains(t));
    sorted(terms)
}

fn collect(inlines: &[Inline], out: &mut Vec<String>) {
    for inline in inlines {
        match inline {
            Inline::Code { text } => code_terms(text, out),
            Inline::Emphasis { inlines }
            | Inline::Strong { inlines }
            | Inline::Strikethrough { inlines }
            | Inline::Link { inlines, .. } => collect(inlines, out),
            other => prose_terms(&plain_text(std::slice::from_ref(other)), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_lose_their_module_and_parentheses() {
        let mut melt = Question::for_test("d/m", crate::ir::Kind::Premium, "Explain pd.melt()");
        melt.title_inlines = vec![
            Inline::Text {
                text: "Explain ".into(),
            },
            Inline::Code {
                text: "pd.melt()".into(),
            },
        ];
        assert_eq!(question_terms(&melt), ["melt"]);
        assert_eq!(
            title_terms("How to Use melt() for Unpivoting?"),
            ["melt", "unpivot"]
        );
        assert_eq!(
            title_terms("What is SettingWithCopyWarning?"),
            ["settingwithcopywarn"]
        );
        assert_eq!(
            title_terms("read_csv and os.path.join"),
            ["join", "read_csv"]
        );
        assert_eq!(
            title_terms("How to use where() for conditional selection?"),
            ["condit", "select", "where"]
        );
    }

    #[test]
    fn forms_of_a_word_meet_and_filler_weighs_nothing() {
        assert_eq!(
            title_terms("Handling Missing Data"),
            title_terms("How Do You Handle Missing Data?")
        );
        assert_eq!(
            title_terms("Explain the Difference Between Arrays and Lists"),
            ["array", "list"]
        );
        assert_eq!(title_terms("Meeting Rooms II"), ["ii", "meet", "room"]);
        assert_eq!(title_terms("Python's GIL"), title_terms("Python’s GIL"));
        assert_eq!(
            title_terms("Python’s t-Distribution"),
            ["distribut", "python", "t"]
        );
        assert_eq!(
            title_terms("Common Table Expressions (CTEs)"),
            title_terms("common table expression (CTE)")
        );
    }

    #[test]
    fn language_names_are_distinct_terms() {
        assert_eq!(
            tokens("C, C#, C++, F#, .NET, Node.js and ASP.NET."),
            ["C", "C#", "C++", "F#", ".NET", "Node.js", "and", "ASP.NET"]
        );
        assert_eq!(
            tokens("Why? Because. (a+b) x#y g++ -"),
            ["Why", "Because", "a", "b", "x", "y", "g++"]
        );
        let names = ["C", "C#", "C++", "F#", ".NET", "Node.js", "Node"];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(
                    title_terms(&format!("Templates in {a}")),
                    title_terms(&format!("Templates in {b}")),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn code_spans_count_function_words() {
        let mut q = Question::for_test("d/is", crate::ir::Kind::Premium, "is and ==");
        q.title_inlines = vec![
            Inline::Code { text: "is".into() },
            Inline::Text {
                text: " and ".into(),
            },
            Inline::Code { text: "==".into() },
            Inline::Code {
                text: "@staticmethod".into(),
            },
        ];
        assert_eq!(question_terms(&q), ["==", "is", "staticmethod"]);
    }

    #[test]
    fn link_text_drops_the_site() {
        let mut row = Question::for_test("d/r", crate::ir::Kind::Reference, "Two Number Sum");
        row.links = vec![crate::ir::Link {
            text: "LeetCode Two Sum".into(),
            url: "https://leetcode.com/problems/two-sum/".into(),
        }];
        assert_eq!(link_terms(&row), ["sum", "two"]);
    }
}
