//! Which questions ask the same thing, for the quick reference's "(answer)"
//! links, the Anki deck (a restated row is not a second card) and lint's
//! `duplicate-question`: one engine for all three.
//!
//! Titles are compared as sets of terms ([`terms`]) weighted by how rare
//! they are among the bank's titles, through an exact prefix index
//! ([`index`]) that never compares all pairs. A score alone links words, not
//! questions, so three more rules decide:
//! - **A rare word on one side only vetoes** ("Binary Search" is not
//!   "Validate Binary Search Tree"; "Meeting Rooms" is not "… II"), unless
//!   other evidence agrees: a row's practice-link text ("LeetCode Two Sum")
//!   passing the same test, or two premium answers that say the same
//!   ([`answers`]).
//! - **Close rivals link to neither**: a row that scores within
//!   `close-second` of two questions that differ could mean either, unless
//!   the row's topics (its table's Topics column) name one of them only.
//! - **Answers can find rewordings** the titles hide ("Explain pd.melt()",
//!   "How to Use melt() for Unpivoting Data?").
//!
//! Every threshold is in [`Thresholds`], `[similarity]` in qbank.toml.
//! Within a bank, rarity is counted over that bank, so a bank's exports do
//! not depend on which other files a command names; lint's cross-bank pass
//! counts it over every bank it is given.

pub mod answers;
pub mod index;
pub mod terms;

use serde::Deserialize;

use crate::ir::{Kind, Question, Related};
use answers::AnswerVectors;
use index::TitleVectors;

/// When two questions ask the same thing. The defaults were set on the five
/// banks of the sample corpus and checked on banks written to trip them.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Thresholds {
    /// A row or prompt restates a premium question at or above this score.
    pub restatement: f64,
    /// Two premium questions are duplicates at or above this title score.
    pub duplicate: f64,
    /// A word in at most this share of a bank's titles is rare: present on
    /// one side only, it vetoes a link.
    pub rare_share: f64,
    /// Two answers at or above this agree strongly: they lift a veto, and
    /// make duplicates of titles that score at least `answer-floor`.
    pub answers_agree: f64,
    /// Titles must score this much before their answers are compared.
    pub answer_floor: f64,
    /// A row within this of its best match for another question, one that
    /// scores below `rivals-differ` with the best, links to neither.
    pub close_second: f64,
    pub rivals_differ: f64,
    /// Titles in different banks are duplicates at or above this score.
    pub cross_bank: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            restatement: 0.55,
            duplicate: 0.75,
            rare_share: 0.05,
            answers_agree: 0.7,
            answer_floor: 0.35,
            close_second: 0.05,
            rivals_differ: 0.5,
            cross_bank: 0.85,
        }
    }
}

impl Thresholds {
    /// The most titles (of `titles`) a word may appear in and still be rare.
    pub fn rare_frequency(&self, titles: usize) -> usize {
        // Two: a word that only the two titles compared share is rare,
        // however small the bank.
        ((titles as f64 * self.rare_share).floor() as usize).max(2)
    }

    /// Scores, shares and the rest are fractions: anything outside 0..=1 is
    /// a mistake in qbank.toml, named here.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let named = [
            ("restatement", self.restatement),
            ("duplicate", self.duplicate),
            ("rare-share", self.rare_share),
            ("answers-agree", self.answers_agree),
            ("answer-floor", self.answer_floor),
            ("close-second", self.close_second),
            ("rivals-differ", self.rivals_differ),
            ("cross-bank", self.cross_bank),
        ];
        match named.iter().find(|(_, v)| !(0.0..=1.0).contains(v)) {
            Some(&(name, value)) => Err((
                name,
                format!("[similarity] {name} = {value} is not between 0 and 1"),
            )),
            None => Ok(()),
        }
    }
}

/// Scores go to the JSON rounded, so that the last bits of a float never
/// make two runs' files differ.
fn rounded(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

fn is_anchor(question: &Question) -> bool {
    matches!(question.kind, Kind::Premium | Kind::CodeExample)
}

/// Fills `related` on every question of one bank, both ways, in source order.
pub fn link_related(questions: &mut [Question], thresholds: &Thresholds) {
    let n = questions.len();
    let mut sets: Vec<Vec<String>> = questions.iter().map(terms::question_terms).collect();
    // Practice-link texts follow the titles: compared, not counted.
    let link_sets: Vec<(usize, Vec<String>)> = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.kind == Kind::Reference)
        .map(|(i, q)| (i, terms::link_terms(q)))
        // A link text that shares no term with its row names a site or a
        // manual ("NumPy docs"), not the problem; one word alone is too
        // little to name one.
        .filter(|(i, set)| set.len() >= 2 && set.iter().any(|t| sets[*i].binary_search(t).is_ok()))
        .collect();
    let link_of: std::collections::BTreeMap<usize, usize> = link_sets
        .iter()
        .enumerate()
        .map(|(k, (i, _))| (*i, n + k))
        .collect();
    sets.extend(link_sets.into_iter().map(|(_, set)| set));
    let titles = TitleVectors::counting(&sets, n);
    let answers = AnswerVectors::new(
        &questions
            .iter()
            .map(|q| match (is_anchor(q), &q.answer) {
                (true, Some(answer)) => Some(answer.markdown.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>(),
    );
    let judge = Judge {
        titles: &titles,
        parts: questions
            .iter()
            .map(|q| terms::title_parts(&q.title))
            .collect(),
        answers: &answers,
        rare: thresholds.rare_frequency(n),
    };
    let mut pairs = restatements(questions, &judge, &link_of, thresholds);
    pairs.extend(duplicates(questions, &judge, thresholds));

    let mut related: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (a, b, score) in pairs {
        related[a].push((b, score));
        related[b].push((a, score));
    }
    for (i, mut links) in related.into_iter().enumerate() {
        // Source order, whatever order the pairs were found in.
        links.sort_by_key(|&(j, _)| j);
        links.dedup_by_key(|(j, _)| *j);
        questions[i].related = links
            .into_iter()
            .map(|(j, score)| Related {
                id: questions[j].id.clone(),
                score: rounded(score),
            })
            .collect();
    }
}

/// What the vetoes look at: titles (and link texts after them), answers,
/// and how few titles make a word rare.
struct Judge<'a> {
    titles: &'a TitleVectors,
    /// The terms of each part of each question's title.
    parts: Vec<Vec<Vec<String>>>,
    answers: &'a AnswerVectors,
    rare: usize,
}

impl Judge<'_> {
    /// Whether text `e` (a row's title or link text) may restate question
    /// `j`: every rare word of `j`'s title is in `e` ("Meeting Rooms" is not
    /// "Meeting Rooms II"), and every rare word of `e` that `j`'s title lacks
    /// is in `j`'s answer ("MGFs", "contextlib"), unless `j`'s title has a
    /// rare word of its own in its place ("Arrays" for "Lists").
    fn may_restate(&self, e: usize, j: usize) -> bool {
        let restated = &self.parts[j];
        let words = self.titles.words_of(e);
        // A word of `j` that `e` lacks is forgiven in a part of a two-part
        // title that `e` does not ask about ("Functions" of "Stored
        // Procedures and Functions"): a part that shares none of its rare
        // words with `e` (a common one, "python", says nothing).
        let unasked = |term: &str| {
            restated.iter().any(|part| {
                part.iter().any(|t| t == term)
                    && !part
                        .iter()
                        .any(|t| words.contains(&t.as_str()) && self.is_rare(t))
            })
        };
        let missing = self.rare_extras(j, e);
        if !missing.iter().all(|term| unasked(term)) {
            return false;
        }
        let extra = self.rare_extras(e, j);
        extra.iter().all(|term| self.answers.mentions(j, term))
    }

    fn is_rare(&self, term: &str) -> bool {
        self.titles.frequency_of(term) <= self.rare || terms::is_marker(term)
    }

    /// Whether premium questions `i` and `j` differ in a rare word that
    /// the other's answer does not use ("shallow" in "deepcopy and shallow
    /// copy" is in the answer about `copy` and `deepcopy`), or in a marker.
    fn differ(&self, i: usize, j: usize) -> bool {
        let unexplained = |from: usize, to: usize| {
            self.rare_extras(from, to)
                .iter()
                .any(|term| terms::is_marker(term) || !self.answers.mentions(to, term))
        };
        unexplained(i, j) || unexplained(j, i)
    }

    /// The rare words of `i` that `j` lacks, and its markers ("II", "L1",
    /// "3NF") however common: "Course Schedule II" is another problem
    /// however many "II"s a bank has. Filler and symbols aside: a code span
    /// may name `WHERE` or `:=`, which prose leaves out.
    fn rare_extras(&self, i: usize, j: usize) -> Vec<&str> {
        let kept = |from: usize, to: usize| {
            let mut extras = self.titles.rare_extras(from, to, usize::MAX);
            extras.retain(|term| {
                let worded = term.chars().any(char::is_alphanumeric);
                self.is_rare(term) && worded && !terms::is_filler(term)
            });
            extras
        };
        let (mut extras, others) = (kept(i, j), kept(j, i));
        // "ML" on one side is "Machine Learning" on the other: neither
        // the acronym nor the words it stands for is an extra.
        let spelled: Vec<&str> = others
            .iter()
            .filter(|a| !terms::is_marker(a))
            .filter_map(|a| terms::spell(a, &extras))
            .flatten()
            .collect();
        extras.retain(|term| {
            !spelled.contains(term)
                && (terms::is_marker(term) || terms::spell(term, &others).is_none())
        });
        extras
    }
}

/// Each row or prompt to the one question it restates, with the score.
fn restatements(
    questions: &[Question],
    judge: &Judge,
    link_of: &std::collections::BTreeMap<usize, usize>,
    thresholds: &Thresholds,
) -> Vec<(usize, usize, f64)> {
    let n = questions.len();
    let titles = judge.titles;
    let floor = thresholds.restatement;
    let candidates = titles.candidates(floor);
    let mut pairs = Vec::new();
    for i in (0..n).filter(|&i| !is_anchor(&questions[i])) {
        // The title, and a reference row's practice-link text, each pass
        // the same test: "Two Number Sum" is "Two Sum" by its LeetCode link.
        let evidence = std::iter::once(i).chain(link_of.get(&i).copied());
        let mut scored: Vec<(usize, f64)> = Vec::new();
        for e in evidence {
            for &j in candidates[e].iter().filter(|&&j| j < n) {
                let score = titles.similarity(e, j);
                if is_anchor(&questions[j]) && score >= floor && judge.may_restate(e, j) {
                    scored.push((j, score));
                }
            }
        }
        // Highest score first; the earlier question first in a tie.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut seen = Vec::new();
        scored.retain(|(j, _)| {
            let first = !seen.contains(j);
            seen.push(*j);
            first
        });
        // The row's topics break a tie: a rival that scores as well but
        // shares none of them, when the best does, is no rival.
        let topics = &questions[i].tags;
        let shares_topic = |k: usize| {
            questions[k]
                .tags
                .iter()
                .any(|t| topics.iter().any(|u| u.eq_ignore_ascii_case(t)))
        };
        if let [(j, best), rest @ ..] = scored.as_slice() {
            let rival = rest.iter().any(|&(k, score)| {
                best - score <= thresholds.close_second
                    && titles.similarity(*j, k) < thresholds.rivals_differ
                    && (shares_topic(k) || !shares_topic(*j))
            });
            if !rival {
                pairs.push((i, *j, *best));
            }
        }
    }
    pairs
}

/// Premium questions that ask the same, by title or by answer.
fn duplicates(
    questions: &[Question],
    judge: &Judge,
    thresholds: &Thresholds,
) -> Vec<(usize, usize, f64)> {
    let n = questions.len();
    let floor = thresholds.answer_floor.min(thresholds.duplicate);
    let candidates = judge.titles.candidates(floor);
    let mut pairs = Vec::new();
    for i in (0..n).filter(|&i| questions[i].kind == Kind::Premium) {
        for &j in candidates[i]
            .iter()
            .filter(|&&j| j > i && j < n && questions[j].kind == Kind::Premium)
        {
            let title = judge.titles.similarity(i, j);
            if title < floor {
                continue;
            }
            let answer = judge.answers.similarity(i, j);
            let agree = title >= thresholds.answer_floor && answer >= thresholds.answers_agree;
            let by_title = title >= thresholds.duplicate && !judge.differ(i, j);
            if by_title || agree {
                pairs.push((i, j, if agree { title.max(answer) } else { title }));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests;
