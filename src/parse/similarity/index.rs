//! Titles as weighted word vectors, their cosine similarity, and the pairs of
//! titles that may reach a threshold, found without comparing all pairs: banks
//! of thousands of questions, and corpora of thousands of banks, stay far from
//! quadratic.
//!
//! The candidate search is exact (prefix filtering, as in all-pairs similarity
//! search). Order every title's words rarest first and split them into a prefix
//! and the rest, where the rest alone holds less than `threshold` of the
//! title's norm. Take two titles whose cosine reaches the threshold, and the
//! first word they share in that order: in each title, that word and the words
//! after it hold every shared word, so they carry at least `threshold` of the
//! norm (Cauchy–Schwarz), so the word lies in both prefixes. Indexing prefixes
//! only, of rare words, keeps postings short.

use super::sparse::{Vocabulary, dot, idf};

/// Slack for rounding: a prefix is cut a little late rather than too early.
const ROUNDING_SLACK: f64 = 1e-9;

/// Candidates one title takes from the index, rarest words' postings first.
/// Real titles find a handful; a bank of thousands of near-identical titles,
/// which only an attacker writes, would otherwise make the search quadratic.
const MAX_CANDIDATES: usize = 1024;

/// A title as word numbers with their weights, sorted by number.
struct Weighted {
    words: Vec<u32>,
    weights: Vec<f64>,
    norm: f64,
}

/// Titles as word vectors, comparable pairwise. Words are numbered once, so
/// that comparing titles and indexing them compare integers, not strings.
pub struct TitleVectors {
    vectors: Vec<Weighted>,
    /// How many counted titles have each word, by word number.
    frequency: Vec<usize>,
    vocabulary: Vocabulary,
}

impl TitleVectors {
    /// Weights words by their rarity among the given word sets (each sorted,
    /// deduplicated): a word every title shares counts for little.
    pub fn new(word_sets: &[Vec<String>]) -> TitleVectors {
        TitleVectors::counting(word_sets, word_sets.len())
    }

    /// As [`new`](Self::new), with rarity counted among the first `counted`
    /// sets only: the sets after them (a row's practice-link text) are
    /// compared with the titles but do not change what is rare among them.
    pub fn counting(word_sets: &[Vec<String>], counted: usize) -> TitleVectors {
        TitleVectors::with_weights(word_sets, counted, |df| idf(counted, df))
    }

    /// Every word weighs 1: the cosine is shared words / √(|a|·|b|). The
    /// prefix filter's tests check it under a second weighting.
    #[cfg(test)]
    pub fn unweighted(word_sets: &[Vec<String>]) -> TitleVectors {
        TitleVectors::with_weights(word_sets, word_sets.len(), |_| 1.0)
    }

    fn with_weights(
        word_sets: &[Vec<String>],
        counted: usize,
        weight: impl Fn(usize) -> f64,
    ) -> TitleVectors {
        let vocabulary = Vocabulary::new(word_sets.iter().flatten().map(String::as_str));
        let mut frequency = vec![0; vocabulary.len()];
        let numbered: Vec<Vec<u32>> = word_sets
            .iter()
            .map(|set| set.iter().map(|word| vocabulary.known(word)).collect())
            .collect();
        for words in &numbered[..counted.min(numbered.len())] {
            for &w in words {
                frequency[w as usize] += 1;
            }
        }
        let vectors = numbered
            .into_iter()
            .map(|words| {
                let weights: Vec<f64> = words
                    .iter()
                    .map(|&w| weight(frequency[w as usize]))
                    .collect();
                let norm = weights.iter().map(|x| x * x).sum::<f64>().sqrt();
                Weighted {
                    words,
                    weights,
                    norm,
                }
            })
            .collect();
        TitleVectors {
            vectors,
            frequency,
            vocabulary,
        }
    }

    /// How many counted titles have `word`.
    pub fn frequency_of(&self, word: &str) -> usize {
        self.vocabulary
            .number(word)
            .map_or(0, |number| self.frequency[number as usize])
    }

    /// The words of title `i`, sorted.
    pub fn words_of(&self, i: usize) -> Vec<&str> {
        self.vectors[i]
            .words
            .iter()
            .map(|&w| self.vocabulary.term(w))
            .collect()
    }

    /// The words of title `i` that title `j` lacks.
    pub fn extras(&self, i: usize, j: usize) -> Vec<&str> {
        let (a, b) = (&self.vectors[i].words, &self.vectors[j].words);
        a.iter()
            .filter(|w| b.binary_search(w).is_err())
            .map(|&w| self.vocabulary.term(w))
            .collect()
    }

    /// Cosine similarity of titles `i` and `j`, 0 to 1.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.vectors[i], &self.vectors[j]);
        if a.norm == 0.0 || b.norm == 0.0 {
            return 0.0;
        }
        dot((&a.words, &a.weights), (&b.words, &b.weights)) / (a.norm * b.norm)
    }

    /// For every title, the other titles whose similarity with it may reach
    /// `threshold` (a superset of those that do), in ascending order.
    #[cfg(test)]
    pub fn candidates(&self, threshold: f64) -> Vec<Vec<usize>> {
        let all = 0..self.vectors.len();
        let mut found = vec![Vec::new(); self.vectors.len()];
        self.probe(
            threshold,
            |_| true,
            all,
            |i, candidates| {
                found[i] = candidates.to_vec();
            },
        );
        found
    }

    /// Calls `visit(i, candidates)` for every title `i` of `probes`, with the
    /// titles that `indexed` admits whose similarity with `i` may reach
    /// `threshold`, ascending, `i` left out. Only the indexed titles'
    /// prefixes are kept: rows probe the questions, never each other.
    pub fn probe(
        &self,
        threshold: f64,
        indexed: impl Fn(usize) -> bool,
        probes: impl IntoIterator<Item = usize>,
        mut visit: impl FnMut(usize, &[usize]),
    ) {
        let mut index: Vec<Vec<usize>> = vec![Vec::new(); self.frequency.len()];
        for j in (0..self.vectors.len()).filter(|&j| indexed(j)) {
            for word in self.prefix(j, threshold) {
                index[word as usize].push(j);
            }
        }
        let mut candidates = Vec::new();
        for i in probes {
            self.gather(i, threshold, &index, &mut candidates);
            candidates.retain(|&j| j != i);
            visit(i, &candidates);
        }
    }

    /// Calls `visit(j, earlier)` for every title `j` in order, with the earlier
    /// titles whose similarity with it may reach `threshold`, ascending. Keeps
    /// only the index of prefixes: a corpus's candidate pairs are never stored.
    pub fn scan(&self, threshold: f64, mut visit: impl FnMut(usize, &[usize])) {
        let mut index: Vec<Vec<usize>> = vec![Vec::new(); self.frequency.len()];
        let mut earlier = Vec::new();
        for j in 0..self.vectors.len() {
            self.gather(j, threshold, &index, &mut earlier);
            visit(j, &earlier);
            for word in self.prefix(j, threshold) {
                index[word as usize].push(j);
            }
        }
    }

    /// The indexed titles sharing a prefix word with title `i`, at most
    /// [`MAX_CANDIDATES`] of them, sorted.
    fn gather(&self, i: usize, threshold: f64, index: &[Vec<usize>], out: &mut Vec<usize>) {
        out.clear();
        for word in self.prefix(i, threshold) {
            let room = MAX_CANDIDATES.saturating_sub(out.len());
            out.extend(index[word as usize].iter().take(room));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// The words of title `i`, rarest first, up to where the rest holds less
    /// than `threshold` of its norm.
    fn prefix(&self, i: usize, threshold: f64) -> Vec<u32> {
        let title = &self.vectors[i];
        let mut rarest_first: Vec<(u32, f64)> = title
            .words
            .iter()
            .copied()
            .zip(title.weights.iter().copied())
            .collect();
        rarest_first.sort_by_key(|&(word, _)| (self.frequency[word as usize], word));
        let limit = ((threshold - ROUNDING_SLACK).max(0.0) * title.norm).powi(2);
        let mut rest = title.norm * title.norm;
        let mut prefix = Vec::new();
        for (word, weight) in rarest_first {
            if rest < limit || title.norm == 0.0 {
                break;
            }
            prefix.push(word);
            rest -= weight * weight;
        }
        prefix
    }
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
            TitleVectors::new(&titles(300)),
            TitleVectors::unweighted(&titles(300)),
        ] {
            for threshold in [0.3, 0.55, 0.75, 0.85, 1.0] {
                let all = vectors.candidates(threshold);
                let mut pruned = 0;
                for (i, candidates) in all.iter().enumerate() {
                    assert!(candidates.windows(2).all(|w| w[0] < w[1]) && !candidates.contains(&i));
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
        let vectors = TitleVectors::unweighted(&[set(&["a", "b", "c", "d"]), set(&["a", "b"])]);
        assert!((vectors.similarity(0, 1) - 2.0 / 8f64.sqrt()).abs() < 1e-12);
        assert_eq!(vectors.candidates(0.5), [[1], [0]]);
    }
}
