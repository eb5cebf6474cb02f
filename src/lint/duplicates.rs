//! The cross-bank duplicate pass: premium questions and code examples that
//! repeat one in an earlier file, by the similarity engine's title terms and
//! vetoes (`parse::similarity::veto`) with rarity counted over every bank
//! lint is given; answers are not compared across banks (within a bank,
//! `parse::similarity` decides, answers included). Across banks a topic word ("python",
//! "sql") is rare, so a title that lacks it asks something else.

use super::{Card, Config, Diagnostic, FileResult};
use crate::parse::similarity::index::TitleVectors;
use crate::parse::similarity::terms::acronyms;
use crate::parse::similarity::veto::Vetoes;
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
    let cards: Vec<(usize, &Card)> = results
        .iter()
        .enumerate()
        .flat_map(|(f, r)| r.cards.iter().map(move |card| (f, card)))
        .collect();
    let sets: Vec<Vec<String>> = cards.iter().map(|(_, card)| card.terms.clone()).collect();
    let vectors = TitleVectors::new(&sets);
    let acronyms = cards
        .iter()
        .map(|(_, card)| acronyms(&card.title))
        .collect();
    let vetoes = Vetoes::new(&vectors, acronyms, thresholds.rare_frequency(cards.len()));
    let mut out = Vec::new();
    vectors.scan(thresholds.cross_bank, |j, candidates| {
        let (file_j, card_j) = cards[j];
        // The first match in an earlier file is enough to point the author at it.
        let Some(&(file_i, card_i)) = candidates
            .iter()
            .find(|&&i| {
                cards[i].0 < file_j
                    && vectors.similarity(i, j) >= thresholds.cross_bank
                    && !vetoes.differ(i, j)
            })
            .map(|&i| &cards[i])
        else {
            return;
        };
        out.push(Diagnostic {
            rule: &rules::DUPLICATE_QUESTION,
            severity,
            file: results[file_j].file.clone(),
            line: card_j.line,
            column: 1,
            related: Vec::new(),
            message: format!(
                "`{}` asks the same as `{}` at {}:{}",
                card_j.title, card_i.title, results[file_i].file, card_i.line
            ),
            fix: None,
        });
    });
    out
}
