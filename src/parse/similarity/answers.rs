//! Answers as TF-IDF vectors over their words and code names: the second
//! signal for two premium questions whose titles differ in wording ("What is
//! Model Calibration?", "Explain Calibration in Machine Learning") or agree
//! in all but one rare word ("L1" and "L2" regularization). Two answers that
//! explain the same thing share their rare terms; two that explain different
//! things share only the bank's common vocabulary, which weighs little.

use super::sparse::{Vocabulary, dot, idf};
use super::terms::prose_terms;

/// Bytes of an answer read: enough for the words that say what it is
/// about, and a bound on the work a huge answer costs.
const ANSWER_PREFIX: usize = 16 * 1024;

/// One answer: term numbers (sorted) with their normalised weights.
struct Vector {
    terms: Vec<u32>,
    weights: Vec<f64>,
}

/// The answers of one bank, comparable pairwise.
pub struct AnswerVectors {
    vectors: Vec<Option<Vector>>,
    vocabulary: Vocabulary,
}

impl AnswerVectors {
    /// `answers[i]` is question `i`'s answer text, when it has one worth
    /// comparing.
    pub fn new(answers: &[Option<&str>]) -> AnswerVectors {
        let counted: Vec<Option<Vec<(String, u32)>>> = answers
            .iter()
            .map(|answer| answer.map(term_counts))
            .collect();
        let vocabulary = Vocabulary::new(
            counted
                .iter()
                .flatten()
                .flatten()
                .map(|(term, _)| term.as_str()),
        );
        let mut frequency = vec![0usize; vocabulary.len()];
        for (term, _) in counted.iter().flatten().flatten() {
            frequency[vocabulary.known(term) as usize] += 1;
        }
        let documents = counted.iter().flatten().count();
        let vectors = counted
            .iter()
            .map(|counts| {
                let counts = counts.as_ref()?;
                let terms: Vec<u32> = counts
                    .iter()
                    .map(|(term, _)| vocabulary.known(term))
                    .collect();
                let mut weights: Vec<f64> = counts
                    .iter()
                    .zip(&terms)
                    .map(|((_, count), &t)| {
                        (1.0 + f64::from(*count).ln()) * idf(documents, frequency[t as usize])
                    })
                    .collect();
                let norm = weights.iter().map(|w| w * w).sum::<f64>().sqrt();
                if norm == 0.0 {
                    return None;
                }
                weights.iter_mut().for_each(|w| *w /= norm);
                Some(Vector { terms, weights })
            })
            .collect();
        AnswerVectors {
            vectors,
            vocabulary,
        }
    }

    /// Whether the answer of question `i` uses `term`: a row that asks
    /// about "materialized" views or "contextlib" is still that question
    /// when its answer covers them.
    pub fn mentions(&self, i: usize, term: &str) -> bool {
        let Some(vector) = &self.vectors[i] else {
            return false;
        };
        self.vocabulary
            .number(term)
            .is_some_and(|number| vector.terms.binary_search(&number).is_ok())
    }

    /// Cosine of the answers of questions `i` and `j`; 0 when either has none.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        match (&self.vectors[i], &self.vectors[j]) {
            (Some(a), Some(b)) => dot((&a.terms, &a.weights), (&b.terms, &b.weights)),
            _ => 0.0,
        }
    }
}

/// The terms of an answer with their counts, sorted by term.
fn term_counts(text: &str) -> Vec<(String, u32)> {
    let mut end = text.len().min(ANSWER_PREFIX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut terms = Vec::new();
    prose_terms(&text[..end], &mut terms);
    // Digits alone ("1", "2024") say nothing about the subject.
    terms.retain(|t| !t.chars().all(|c| c.is_ascii_digit()));
    terms.sort_unstable();
    let mut counts: Vec<(String, u32)> = Vec::new();
    for term in terms {
        match counts.last_mut() {
            Some((last, count)) if *last == term => *count += 1,
            _ => counts.push((term, 1)),
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
        assert!(
            vectors.similarity(0, 1) > 0.4,
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
        assert_eq!(term_counts(&huge).len(), 1);
    }
}
