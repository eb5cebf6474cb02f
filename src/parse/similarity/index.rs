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

/// Slack for rounding: a prefix is cut a little late rather than too early.
const ROUNDING_SLACK: f64 = 1e-9;

/// A title as word numbers with their weights, sorted by number. Numbers follow
/// the words' order, so every sum over a title runs in the same order on every
/// run: scores, and the ties they decide, are reproducible to the last bit.
struct Weighted {
    words: Vec<u32>,
    weights: Vec<f64>,
    norm: f64,
}

/// Titles as word vectors, comparable pairwise. Words are numbered once, so
/// that comparing titles and indexing them compare integers, not strings.
pub struct TitleVectors {
    vectors: Vec<Weighted>,
    /// How many titles have each word, by word number.
    frequency: Vec<usize>,
    /// The words, by number.
    vocabulary: Vec<String>,
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
        let n = counted as f64;
        TitleVectors::with_weights(word_sets, counted, |df| ((n + 1.0) / (df + 1.0)).ln() + 1.0)
    }

    /// Every word weighs 1: the cosine is shared words / √(|a|·|b|).
    pub fn unweighted(word_sets: &[Vec<String>]) -> TitleVectors {
        TitleVectors::with_weights(word_sets, word_sets.len(), |_| 1.0)
    }

    fn with_weights(
        word_sets: &[Vec<String>],
        counted: usize,
        weight: impl Fn(f64) -> f64,
    ) -> TitleVectors {
        let mut vocabulary: Vec<&String> = word_sets.iter().flatten().collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let mut frequency = vec![0; vocabulary.len()];
        let numbered: Vec<Vec<u32>> = word_sets
            .iter()
            .enumerate()
            .map(|(i, set)| {
                set.iter()
                    .map(|word| {
                        // Every word is there: Ok and Err give the same position.
                        let number = vocabulary.binary_search(&word).unwrap_or_else(|at| at);
                        if i < counted {
                            frequency[number] += 1;
                        }
                        number as u32
                    })
                    .collect()
            })
            .collect();
        let vectors = numbered
            .into_iter()
            .map(|words| {
                let weights: Vec<f64> = words
                    .iter()
                    .map(|&w| weight(frequency[w as usize] as f64))
                    .collect();
                let norm = weights.iter().map(|x| x * x).sum::<f64>().sqrt();
                Weighted {
                    words,
                    weights,
                    norm,
                }
            })
            .collect();
        let vocabulary = vocabulary.into_iter().cloned().collect();
        TitleVectors {
            vectors,
            frequency,
            vocabulary,
        }
    }

    /// How many counted titles have `word`.
    pub fn frequency_of(&self, word: &str) -> usize {
        self.vocabulary
            .binary_search_by(|w| w.as_str().cmp(word))
            .map_or(0, |number| self.frequency[number])
    }

    /// The words of title `i`, sorted.
    pub fn words_of(&self, i: usize) -> Vec<&str> {
        self.vectors[i]
            .words
            .iter()
            .map(|&w| self.vocabulary[w as usize].as_str())
            .collect()
    }

    /// The words of title `i` that title `j` lacks and that are rare: in at
    /// most `max_frequency` of the counted titles. "Validate" in "Validate
    /// Binary Search Tree" and "II" in "Meeting Rooms II" each make a
    /// question of its own, however many words the titles share.
    pub fn rare_extras(&self, i: usize, j: usize, max_frequency: usize) -> Vec<&str> {
        let (a, b) = (&self.vectors[i].words, &self.vectors[j].words);
        a.iter()
            .filter(|&&w| {
                self.frequency[w as usize] <= max_frequency && b.binary_search(&w).is_err()
            })
            .map(|&w| self.vocabulary[w as usize].as_str())
            .collect()
    }

    /// Cosine similarity of titles `i` and `j`, 0 to 1.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.vectors[i], &self.vectors[j]);
        if a.norm == 0.0 || b.norm == 0.0 {
            return 0.0;
        }
        let (mut x, mut y, mut dot) = (0, 0, 0.0);
        while x < a.words.len() && y < b.words.len() {
            match a.words[x].cmp(&b.words[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    dot += a.weights[x] * b.weights[y];
                    x += 1;
                    y += 1;
                }
            }
        }
        dot / (a.norm * b.norm)
    }

    /// For every title, the other titles whose similarity with it may reach
    /// `threshold` (a superset of those that do), in ascending order.
    pub fn candidates(&self, threshold: f64) -> Vec<Vec<usize>> {
        let mut found: Vec<Vec<usize>> = vec![Vec::new(); self.vectors.len()];
        self.scan(threshold, |j, earlier| {
            for &i in earlier {
                found[i].push(j);
            }
            // Later titles push larger indices after these: the list stays sorted.
            found[j] = earlier.to_vec();
        });
        found
    }

    /// Calls `visit(j, earlier)` for every title `j` in order, with the earlier
    /// titles whose similarity with it may reach `threshold`, ascending. Keeps
    /// only the index of prefixes: a corpus's candidate pairs are never stored.
    pub fn scan(&self, threshold: f64, mut visit: impl FnMut(usize, &[usize])) {
        let mut index: Vec<Vec<usize>> = vec![Vec::new(); self.frequency.len()];
        let mut earlier: Vec<usize> = Vec::new();
        for j in 0..self.vectors.len() {
            let prefix = self.prefix(j, threshold);
            earlier.clear();
            earlier.extend(prefix.iter().flat_map(|&word| &index[word as usize]));
            earlier.sort_unstable();
            earlier.dedup();
            visit(j, &earlier);
            for word in prefix {
                index[word as usize].push(j);
            }
        }
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
