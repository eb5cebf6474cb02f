//! The cross-bank duplicate pass: premium questions and code examples that
//! repeat one in an earlier file, by the similarity engine's title test with
//! rarity counted over every bank lint is given (within a bank,
//! `parse::similarity` decides). Across banks a topic word ("python",
//! "sql") is rare, so a title that lacks it asks something else.

use super::{Config, Diagnostic, FileResult};
use crate::parse::similarity::index::TitleVectors;
use crate::parse::similarity::terms::title_terms;
use crate::rules;

/// Premium questions and code examples that repeat one in an earlier file.
pub(super) fn across_files(results: &[FileResult], config: &Config) -> Vec<Diagnostic> {
    let Some(severity) = config.severity(&rules::DUPLICATE_QUESTION) else {
        return Vec::new();
    };
    if results.len() < 2 {
        return Vec::new();
    }
    let thresholds = &config.similarity;
    let cards: Vec<(usize, &str, usize)> = results
        .iter()
        .enumerate()
        .flat_map(|(f, r)| {
            r.cards
                .iter()
                .map(move |(title, line)| (f, title.as_str(), *line))
        })
        .collect();
    let terms: Vec<Vec<String>> = cards
        .iter()
        .map(|(_, title, _)| title_terms(title))
        .collect();
    let vectors = TitleVectors::new(&terms);
    let rare = thresholds.rare_frequency(cards.len());
    let mut out = Vec::new();
    vectors.scan(thresholds.cross_bank, |j, candidates| {
        let (file_j, title_j, line_j) = cards[j];
        // The first match in an earlier file is enough to point the author at it.
        let Some(&(file_i, title_i, line_i)) = candidates
            .iter()
            .find(|&&i| {
                cards[i].0 < file_j
                    && vectors.similarity(i, j) >= thresholds.cross_bank
                    && vectors.rare_extras(i, j, rare).is_empty()
                    && vectors.rare_extras(j, i, rare).is_empty()
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
