//! Sparse term vectors, as titles and answers both are: a vocabulary that
//! numbers terms once, the IDF weight both use, and the dot product of two
//! vectors sorted by term number.

/// Terms numbered in sorted order, so that every sum over a vector runs in
/// the same order on every run: scores, and the ties they decide, are
/// reproducible to the last bit.
pub struct Vocabulary {
    terms: Vec<String>,
}

impl Vocabulary {
    pub fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> Vocabulary {
        let mut terms: Vec<String> = terms.into_iter().map(str::to_owned).collect();
        terms.sort_unstable();
        terms.dedup();
        Vocabulary { terms }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// The number of `term`, when it is in the vocabulary.
    pub fn number(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(term))
            .ok()
            .map(|n| n as u32)
    }

    /// The number of a term the vocabulary was built from.
    pub fn known(&self, term: &str) -> u32 {
        self.number(term)
            .expect("the vocabulary was built from these terms")
    }

    pub fn term(&self, number: u32) -> &str {
        &self.terms[number as usize]
    }
}

/// Inverse document frequency of a term in `frequency` of `documents`,
/// smoothed so that no weight is zero or infinite.
pub fn idf(documents: usize, frequency: usize) -> f64 {
    ((documents as f64 + 1.0) / (frequency as f64 + 1.0)).ln() + 1.0
}

/// The dot product of two vectors, each as term numbers (sorted) and weights.
pub fn dot((a_terms, a_weights): (&[u32], &[f64]), (b_terms, b_weights): (&[u32], &[f64])) -> f64 {
    let (mut x, mut y, mut sum) = (0, 0, 0.0);
    while x < a_terms.len() && y < b_terms.len() {
        match a_terms[x].cmp(&b_terms[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                sum += a_weights[x] * b_weights[y];
                x += 1;
                y += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_counts_shared_terms_only() {
        assert_eq!(
            dot(
                (&[1, 3, 5], &[1.0, 2.0, 3.0]),
                (&[3, 4, 5], &[10.0, 1.0, 1.0])
            ),
            23.0
        );
        assert_eq!(dot((&[], &[]), (&[1], &[1.0])), 0.0);
        let vocabulary = Vocabulary::new(["b", "a", "b"]);
        assert_eq!(
            (
                vocabulary.len(),
                vocabulary.known("b"),
                vocabulary.number("c")
            ),
            (2, 1, None)
        );
        assert!(idf(10, 10) > 0.0 && idf(10, 0) > idf(10, 5));
    }
}
