//! The cross-bank duplicate pass: premium questions and code examples that
//! repeat one in an earlier file, compared on unweighted title words
//! through the prefix index (within a bank, `related.rs` decides).

use super::{Config, Diagnostic, FileResult};
use crate::parse::related::{CROSS_BANK_THRESHOLD, title_words, word_overlap};
use crate::parse::similar::TitleVectors;
use crate::rules;

/// Premium questions and code examples that repeat one in an earlier file.
pub(super) fn across_files(results: &[FileResult], config: &Config) -> Vec<Diagnostic> {
    let Some(severity) = config.severity(&rules::DUPLICATE_QUESTION) else {
        return Vec::new();
    };
    if results.len() < 2 {
        return Vec::new();
    }
    let cards: Vec<(usize, &str, usize)> = results
        .iter()
        .enumerate()
        .flat_map(|(f, r)| {
            r.cards
                .iter()
                .map(move |(title, line)| (f, title.as_str(), *line))
        })
        .collect();
    let words: Vec<Vec<String>> = cards
        .iter()
        .map(|(_, title, _)| title_words(title))
        .collect();
    let vectors = TitleVectors::unweighted(&words);
    let mut out = Vec::new();
    vectors.scan(CROSS_BANK_THRESHOLD, |j, candidates| {
        let (file_j, title_j, line_j) = cards[j];
        // The first match in an earlier file is enough to point the author at it.
        let Some(&(file_i, title_i, line_i)) = candidates
            .iter()
            .find(|&&i| {
                cards[i].0 < file_j
                    && word_overlap(vectors.words(i), vectors.words(j)) >= CROSS_BANK_THRESHOLD
            })
            .map(|&i| &cards[i])
        else {
            return;
        };
        out.push(Diagnostic {
            rule: &rules::DUPLICATE_QUESTION,
            severity,
            file: results[file_j].file.clone(),
            line: line_j,
            column: 1,
            related: Vec::new(),
            message: format!(
                "`{title_j}` asks the same as `{title_i}` at {}:{line_i}",
                results[file_i].file
            ),
            fix: None,
        });
    });
    out
}
