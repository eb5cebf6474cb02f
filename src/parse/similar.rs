//! Titles as weighted word vectors, their cosine similarity, and an inverted
//! index that finds every title that may reach a threshold with a given one
//! without comparing all pairs: banks of thousands of questions, and a corpus
//! of thousands of banks, stay linear in practice instead of quadratic.
//!
//! The candidate search is exact (prefix filtering, as in all-pairs similarity
//! search). Order a title's words rarest first and split them into a prefix and
//! the rest, where the rest alone holds less than `threshold` of the title's
//! norm. Two titles whose shared words all lie in that rest have a cosine below
//! the threshold (Cauchy–Schwarz), so every match shares a prefix word, and the
//! prefix of rare words has short postings.

use std::collections::HashMap;

/// Slack for rounding: a prefix is cut a little late rather than too early.
const ROUNDING_SLACK: f64 = 1e-9;

/// A title as (word, weight) pairs sorted by word, so that every sum over it
/// runs in the same order on every run: scores, and the ties they decide, are
/// reproducible to the last bit.
struct Weighted {
    weights: Vec<(String, f64)>,
    norm: f64,
}

/// Titles as word vectors, comparable pairwise, with an index of their words.
pub struct TitleVectors {
    vectors: Vec<Weighted>,
    /// Each word's titles, in ascending order.
    postings: HashMap<String, Vec<usize>>,
}

impl TitleVectors {
    /// Weights words by their rarity among the given word sets (each sorted,
    /// deduplicated): a word every title shares counts for little.
    pub fn new(word_sets: Vec<Vec<String>>) -> TitleVectors {
        let postings = index(&word_sets);
        let n = word_sets.len() as f64;
        TitleVectors::with_weights(word_sets, postings, |df| {
            ((n + 1.0) / (df + 1.0)).ln() + 1.0
        })
    }

    /// Every word weighs 1: the cosine is shared words / √(|a|·|b|).
    pub fn unweighted(word_sets: Vec<Vec<String>>) -> TitleVectors {
        let postings = index(&word_sets);
        TitleVectors::with_weights(word_sets, postings, |_| 1.0)
    }

    fn with_weights(
        word_sets: Vec<Vec<String>>,
        postings: HashMap<String, Vec<usize>>,
        weight: impl Fn(f64) -> f64,
    ) -> TitleVectors {
        let vectors = word_sets
            .into_iter()
            .map(|set| {
                let weights: Vec<(String, f64)> = set
                    .into_iter()
                    .map(|w| {
                        let df = postings[w.as_str()].len() as f64;
                        (w, weight(df))
                    })
                    .collect();
                let norm = weights.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
                Weighted { weights, norm }
            })
            .collect();
        TitleVectors { vectors, postings }
    }

    /// Cosine similarity of titles `i` and `j`, 0 to 1.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.vectors[i], &self.vectors[j]);
        if a.norm == 0.0 || b.norm == 0.0 {
            return 0.0;
        }
        let mut dot = 0.0;
        let (mut x, mut y) = (a.weights.iter().peekable(), b.weights.iter().peekable());
        while let (Some((wa, va)), Some((wb, vb))) = (x.peek(), y.peek()) {
            match wa.cmp(wb) {
                std::cmp::Ordering::Less => {
                    x.next();
                }
                std::cmp::Ordering::Greater => {
                    y.next();
                }
                std::cmp::Ordering::Equal => {
                    dot += va * vb;
                    x.next();
                    y.next();
                }
            }
        }
        dot / (a.norm * b.norm)
    }

    /// Every title other than `i` whose similarity with `i` may reach
    /// `threshold` (a superset of those that do), in ascending order.
    pub fn candidates(&self, i: usize, threshold: f64) -> Vec<usize> {
        let title = &self.vectors[i];
        if title.norm == 0.0 {
            return Vec::new();
        }
        let mut rarest_first: Vec<&(String, f64)> = title.weights.iter().collect();
        rarest_first.sort_by(|a, b| {
            let df = |w: &str| self.postings[w].len();
            df(&a.0).cmp(&df(&b.0)).then_with(|| a.0.cmp(&b.0))
        });
        let limit = ((threshold - ROUNDING_SLACK).max(0.0) * title.norm).powi(2);
        let mut rest = title.norm * title.norm;
        let mut found = Vec::new();
        for (word, weight) in rarest_first {
            if rest < limit {
                break;
            }
            found.extend(self.postings[word.as_str()].iter().filter(|&&j| j != i));
            rest -= weight * weight;
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn index(word_sets: &[Vec<String>]) -> HashMap<String, Vec<usize>> {
    let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, set) in word_sets.iter().enumerate() {
        for word in set {
            postings.entry(word.clone()).or_default().push(i);
        }
    }
    postings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles of 1 to 6 words from a small vocabulary, by a fixed LCG, so that
    /// many pairs share words and some reach every threshold.
    fn titles(count: usize) -> Vec<Vec<String>> {
        let mut state: u64 = 7;
        let mut next = |bound: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        };
        (0..count)
            .map(|_| {
                let len = 1 + next(6) as usize;
                let mut set: Vec<String> = (0..len).map(|_| format!("w{}", next(30))).collect();
                set.sort();
                set.dedup();
                set
            })
            .collect()
    }

    #[test]
    fn candidates_hold_every_pair_that_reaches_the_threshold() {
        for vectors in [
            TitleVectors::new(titles(300)),
            TitleVectors::unweighted(titles(300)),
        ] {
            for threshold in [0.3, 0.55, 0.75, 0.85, 1.0] {
                let mut pruned = 0;
                for i in 0..300 {
                    let candidates = vectors.candidates(i, threshold);
                    for j in (0..300).filter(|&j| j != i) {
                        if vectors.similarity(i, j) >= threshold {
                            assert!(candidates.contains(&j), "{i}–{j} at {threshold}");
                        }
                    }
                    pruned += 299 - candidates.len();
                }
                // The filter must also filter: at high thresholds most pairs go.
                if threshold >= 0.75 {
                    assert!(pruned > 300 * 299 / 2, "{pruned} pruned at {threshold}");
                }
            }
        }
    }

    #[test]
    fn unweighted_cosine_counts_shared_words() {
        let set = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let vectors = TitleVectors::unweighted(vec![set(&["a", "b", "c", "d"]), set(&["a", "b"])]);
        assert!((vectors.similarity(0, 1) - 2.0 / 8f64.sqrt()).abs() < 1e-12);
        assert_eq!(vectors.candidates(0, 0.5), [1]);
    }
}
