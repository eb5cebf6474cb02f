//! Answers as TF-IDF vectors over their words and code names: the second
//! signal for two premium questions whose titles differ in wording ("What is
//! Model Calibration?", "Explain Calibration in Machine Learning") or agree
//! in all but one rare word ("L1" and "L2" regularization). Two answers that
//! explain the same thing share their rare terms; two that explain different
//! things share only the bank's common vocabulary, which weighs little.

use rustc_hash::FxHashMap;

use super::sparse::{dot, idf};
use super::terms::{answer_word, library_term, stem_word, tokens};

/// Bytes of an answer a row's word is looked up in: enough for the
/// sections that cover a subject's kinds, and a bound on the work a huge
/// answer costs.
const ANSWER_PREFIX: usize = 16 * 1024;

/// Bytes of an answer compared with another answer: its opening says what
/// it is about, and reading every answer whole was most of a bank's lint.
const COMPARED_PREFIX: usize = 2 * 1024;

/// One answer: term numbers (sorted) with their normalised weights.
struct Vector {
    terms: Vec<u32>,
    weights: Vec<f64>,
}

/// The answers of one bank, comparable pairwise.
pub struct AnswerVectors<'a> {
    vectors: Vec<Option<Vector>>,
    /// The answers, read whole (up to [`ANSWER_PREFIX`]) only when a row's
    /// word is looked up in one: few are.
    texts: Vec<Option<&'a str>>,
    words: Vec<std::cell::OnceCell<Vec<u32>>>,
    /// The bank's words and terms, numbered while its answers were compared
    /// and reused by the lookups.
    numbers: std::cell::RefCell<Numbering>,
}

/// Words to term numbers, each word normalised once per bank: an answer's
/// words repeat, and counting them costs one lookup a word.
#[derive(Default)]
struct Numbering {
    by_word: FxHashMap<String, Option<u32>>,
    by_term: FxHashMap<String, u32>,
    /// The terms, by number.
    terms: Vec<String>,
}

impl Numbering {
    fn term(&mut self, term: String) -> u32 {
        if let Some(&number) = self.by_term.get(&term) {
            return number;
        }
        let number = self.terms.len() as u32;
        self.terms.push(term.clone());
        self.by_term.insert(term, number);
        number
    }

    /// The number of the term `word` stands for; `None` for filler and
    /// digits. Answers are not stemmed: IDF weighs their common words
    /// down, and stemming every word of every answer cost more than all the
    /// rest of the comparison.
    fn word(&mut self, word: &str) -> Option<u32> {
        if let Some(&known) = self.by_word.get(word) {
            return known;
        }
        let number = answer_word(word).map(|term| self.term(term));
        self.by_word.insert(word.to_owned(), number);
        number
    }
}

impl<'a> AnswerVectors<'a> {
    /// `answers[i]` is question `i`'s answer text, when it has one worth
    /// comparing.
    pub fn new(answers: &[Option<&'a str>]) -> AnswerVectors<'a> {
        // Term numbers, in the order the bank first uses each term: the
        // same input numbers its terms alike on every run, so sums are
        // reproducible.
        let mut numbers = Numbering::default();
        let counted: Vec<Option<Vec<(u32, u32)>>> = answers
            .iter()
            .map(|answer| {
                answer.map(|text| term_counts(prefix(text, COMPARED_PREFIX), &mut numbers))
            })
            .collect();
        let mut frequency = vec![0usize; numbers.by_term.len()];
        for &(term, _) in counted.iter().flatten().flatten() {
            frequency[term as usize] += 1;
        }
        let documents = counted.iter().flatten().count();
        let vectors = counted
            .into_iter()
            .map(|counts| {
                let counts = counts?;
                let mut weights: Vec<f64> = counts
                    .iter()
                    .map(|&(term, count)| {
                        (1.0 + f64::from(count).ln()) * idf(documents, frequency[term as usize])
                    })
                    .collect();
                let norm = weights.iter().map(|w| w * w).sum::<f64>().sqrt();
                if norm == 0.0 {
                    return None;
                }
                weights.iter_mut().for_each(|w| *w /= norm);
                let terms = counts.into_iter().map(|(term, _)| term).collect();
                Some(Vector { terms, weights })
            })
            .collect();
        AnswerVectors {
            vectors,
            texts: answers.to_vec(),
            words: answers.iter().map(|_| std::cell::OnceCell::new()).collect(),
            numbers: std::cell::RefCell::new(numbers),
        }
    }

    /// Whether the answer of question `i` uses `term`: a row that asks
    /// about "materialized" views or "contextlib" is still that question
    /// when its answer covers them.
    pub fn mentions(&self, i: usize, term: &str) -> bool {
        let Some(text) = self.texts[i] else {
            return false;
        };
        let words = self.words[i].get_or_init(|| {
            let counts = term_counts(prefix(text, ANSWER_PREFIX), &mut self.numbers.borrow_mut());
            counts.into_iter().map(|(number, _)| number).collect()
        });
        // `term` is stemmed, the answer's words are not: stem only the words
        // that begin as it does (a stem keeps its word's first letters).
        let head: String = term.chars().take(2).collect();
        let numbers = self.numbers.borrow();
        words.iter().any(|&number| {
            let word = &numbers.terms[number as usize];
            word == term || (word.starts_with(&head) && stem_word(word) == term)
        })
    }

    /// Cosine of the answers of questions `i` and `j`; 0 when either has none.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        match (&self.vectors[i], &self.vectors[j]) {
            (Some(a), Some(b)) => dot((&a.terms, &a.weights), (&b.terms, &b.weights)),
            _ => 0.0,
        }
    }
}

/// The first `bytes` of `text`, cut at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The terms of an answer, numbered through `numbers`, with their counts,
/// sorted by number.
fn term_counts(text: &str, numbers: &mut Numbering) -> Vec<(u32, u32)> {
    let mut found: Vec<u32> = Vec::new();
    for token in tokens(text) {
        found.extend(numbers.word(token));
        if let Some(library) = library_term(token) {
            found.push(numbers.term(library));
        }
    }
    found.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for number in found {
        match counts.last_mut() {
            Some((last, count)) if *last == number => *count += 1,
            _ => counts.push((number, 1)),
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_about_the_same_thing_agree() {
        let calibration = "Calibration makes predicted probabilities match observed frequencies; \
             check it with a reliability diagram and fix it with Platt scaling or isotonic regression.";
        let reworded = "A model is calibrated when its predicted probabilities match how often \
             events happen. Reliability diagrams show it; Platt scaling and isotonic regression repair it.";
        let other = "Dropout randomly zeroes activations during training so that units cannot \
             co-adapt; at inference every unit is kept and outputs are scaled.";
        let vectors = AnswerVectors::new(&[Some(calibration), Some(reworded), Some(other), None]);
        // Unstemmed, "calibrated" and "calibration" differ: the two still
        // agree several times more than either does with the third.
        assert!(
            vectors.similarity(0, 1) > 0.3,
            "{}",
            vectors.similarity(0, 1)
        );
        assert!(
            vectors.similarity(0, 2) < 0.1,
            "{}",
            vectors.similarity(0, 2)
        );
        assert_eq!(vectors.similarity(0, 3), 0.0);
        assert!((vectors.similarity(0, 0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_huge_answer_is_read_up_to_its_prefix() {
        let huge = "é".repeat(ANSWER_PREFIX);
        assert_eq!(prefix(&huge, 3), "é");
        // A word far into an answer is found by a row's lookup, though
        // answers are compared by their openings only.
        let long = format!("{} contextlib", "word ".repeat(COMPARED_PREFIX / 4));
        let vectors = AnswerVectors::new(&[Some(long.as_str()), None]);
        assert!(vectors.mentions(0, "contextlib") && !vectors.mentions(0, "asyncio"));
        assert!(!vectors.mentions(1, "word"));
    }
}
