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
mod sparse;
pub mod terms;
pub mod veto;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::ir::{Kind, Question, Related};
use answers::AnswerVectors;
use index::TitleVectors;
use veto::Vetoes;

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
    /// A row within this of its best match for another question links to
    /// neither, when the two questions differ: score below `rivals-differ`
    /// with each other.
    pub close_second: f64,
    /// Two close rivals that score at least this with each other ask the
    /// same (a duplicated question): the row links to the best.
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
        // At least two: in a small bank a word the two titles compared both
        // have is still rare, so a part of a title that shares it counts
        // as asked about.
        ((titles as f64 * self.rare_share).floor() as usize).max(2)
    }

    /// Scores, shares and the rest are fractions: anything outside 0..=1 is
    /// a mistake in qbank.toml, named here.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        // Score thresholds must be above 0: the candidate search finds the
        // pairs that share a word, and a score of 0 shares none.
        let named = [
            ("restatement", self.restatement, true),
            ("duplicate", self.duplicate, true),
            ("rare-share", self.rare_share, false),
            ("answers-agree", self.answers_agree, true),
            ("answer-floor", self.answer_floor, true),
            ("close-second", self.close_second, false),
            ("rivals-differ", self.rivals_differ, false),
            ("cross-bank", self.cross_bank, true),
        ];
        let outside = |&&(_, value, score): &&(&str, f64, bool)| {
            !(0.0..=1.0).contains(&value) || (score && value == 0.0)
        };
        match named.iter().find(outside) {
            Some(&(name, value, score)) => Err((
                name,
                format!(
                    "[similarity] {name} = {value} is not {}",
                    if score {
                        "above 0 and at most 1"
                    } else {
                        "between 0 and 1"
                    }
                ),
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
    let link_of: BTreeMap<usize, usize> = link_sets
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
    let acronyms = (0..sets.len())
        .map(|i| {
            questions
                .get(i)
                .map_or_else(Vec::new, |q| terms::acronyms(&q.title))
        })
        .collect();
    let judge = Judge {
        vetoes: Vetoes::new(&titles, acronyms, thresholds.rare_frequency(n)),
        answers: &answers,
        parts: questions
            .iter()
            .map(|q| veto::title_parts(&q.title))
            .collect(),
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
        links.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
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

/// What decides a pair beyond its score: the vetoes, the answers, and the
/// parts of two-part titles.
struct Judge<'a> {
    vetoes: Vetoes<'a>,
    answers: &'a AnswerVectors<'a>,
    /// The terms of each part of each question's title.
    parts: Vec<Vec<Vec<String>>>,
}

impl<'a> Judge<'a> {
    fn titles(&self) -> &'a TitleVectors {
        self.vetoes.titles()
    }

    /// Whether text `e` (a row's title or link text) may restate question
    /// `j`: every telling word of `j`'s title is in `e` ("Meeting Rooms" is
    /// not "Meeting Rooms II"), and every telling word of `e` that `j`'s
    /// title lacks is in `j`'s answer ("contextlib", "C3").
    fn may_restate(&self, e: usize, j: usize) -> bool {
        let asked = self.titles().words_of(e);
        // A word of `j` that `e` lacks is forgiven in a part of a two-part
        // title that `e` does not ask about ("Functions" of "Stored
        // Procedures and Functions"): a part that shares none of its rare
        // words with `e` (a common one, "python", says nothing).
        let unasked = |term: &str| {
            self.parts[j].iter().any(|part| {
                part.iter().any(|t| t == term)
                    && !part
                        .iter()
                        .any(|t| asked.contains(&t.as_str()) && self.vetoes.is_rare(t))
            })
        };
        let missing = self.vetoes.extras(j, e);
        if !missing
            .iter()
            .all(|term| !veto::is_marker(term) && unasked(term))
        {
            return false;
        }
        let extra = self.vetoes.extras(e, j);
        extra
            .iter()
            .all(|term| !veto::is_marker(term) && self.answers.mentions(j, term))
    }

    /// Whether premium questions `i` and `j` differ in a telling word that
    /// the other's answer does not use ("shallow" in "deepcopy and shallow
    /// copy" is in the answer about `copy` and `deepcopy`), or in a marker.
    fn differ(&self, i: usize, j: usize) -> bool {
        let unexplained = |from: usize, to: usize| {
            self.vetoes
                .extras(from, to)
                .iter()
                .any(|term| veto::is_marker(term) || !self.answers.mentions(to, term))
        };
        unexplained(i, j) || unexplained(j, i)
    }
}

/// Each row or prompt to the one question it restates, with the score.
fn restatements(
    questions: &[Question],
    judge: &Judge,
    link_of: &BTreeMap<usize, usize>,
    thresholds: &Thresholds,
) -> Vec<(usize, usize, f64)> {
    let n = questions.len();
    let titles = judge.titles();
    let floor = thresholds.restatement;
    // Rows and their link texts probe the questions, never each other.
    let restating: Vec<usize> = (0..n).filter(|&i| !is_anchor(&questions[i])).collect();
    let probes = restating
        .iter()
        .flat_map(|&i| std::iter::once(i).chain(link_of.get(&i).copied()));
    let row_of: BTreeMap<usize, usize> = link_of.iter().map(|(&row, &k)| (k, row)).collect();
    let mut scored: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    titles.probe(
        floor,
        |j| j < n && is_anchor(&questions[j]),
        probes,
        |e, candidates| {
            // A link text speaks for its row: "Two Number Sum" is "Two Sum" by
            // its LeetCode link, when that text passes the same test.
            let row = if e < n { e } else { row_of[&e] };
            for &j in candidates {
                let score = titles.similarity(e, j);
                if score >= floor && judge.may_restate(e, j) {
                    scored.entry(row).or_default().push((j, score));
                }
            }
        },
    );
    let mut pairs = Vec::new();
    for (i, mut found) in scored {
        // One score per question, its best; highest first, the earlier
        // question first in a tie.
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        found.dedup_by_key(|(j, _)| *j);
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // The row's topics break a tie: a rival that scores as well but
        // shares none of them, when the best does, is no rival.
        let topics = &questions[i].tags;
        let shares_topic = |k: usize| {
            questions[k]
                .tags
                .iter()
                .any(|t| topics.iter().any(|u| u.eq_ignore_ascii_case(t)))
        };
        if let [(j, best), rest @ ..] = found.as_slice() {
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

/// Premium questions that ask the same, by title or by answer, each linked
/// to the first of its group: a bank that repeats one question a thousand
/// times gets a thousand links, not a million.
fn duplicates(
    questions: &[Question],
    judge: &Judge,
    thresholds: &Thresholds,
) -> Vec<(usize, usize, f64)> {
    let n = questions.len();
    let floor = thresholds.answer_floor.min(thresholds.duplicate);
    let premium = |j: usize| j < n && questions[j].kind == Kind::Premium;
    let mut group: Vec<usize> = (0..n).collect();
    let mut best: BTreeMap<usize, f64> = BTreeMap::new();
    judge.titles().probe(
        floor,
        premium,
        (0..n).filter(|&i| premium(i)),
        |i, candidates| {
            for &j in candidates.iter().filter(|&&j| j < i) {
                let title = judge.titles().similarity(i, j);
                if title < floor {
                    continue;
                }
                let answer = judge.answers.similarity(i, j);
                // Agreeing answers lift a rare word's veto, never a marker's:
                // "Meeting Rooms II" is answered much as "Meeting Rooms" is.
                let agree = title >= thresholds.answer_floor
                    && answer >= thresholds.answers_agree
                    && !judge.vetoes.differ_by_marker(i, j);
                let by_title = title >= thresholds.duplicate && !judge.differ(i, j);
                if by_title || agree {
                    let score = if agree { title.max(answer) } else { title };
                    let (a, b) = (root(&mut group, i), root(&mut group, j));
                    group[a.max(b)] = a.min(b);
                    for member in [i, j] {
                        let entry = best.entry(member).or_insert(score);
                        *entry = entry.max(score);
                    }
                }
            }
        },
    );
    best.into_iter()
        .map(|(i, score)| (i, root(&mut group, i), score))
        .filter(|(i, first, _)| i != first)
        .collect()
}

/// The first question of `i`'s group (union–find, halving the path).
fn root(group: &mut [usize], mut i: usize) -> usize {
    while group[i] != i {
        group[i] = group[group[i]];
        i = group[i];
    }
    i
}

#[cfg(test)]
mod tests;
