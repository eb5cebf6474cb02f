//! Selecting questions, shared by every backend: by difficulty, tag, company,
//! kind and id. Selection only leaves questions out; it never changes an id,
//! a GUID or an anchor of the questions it keeps.

use crate::ir::{Difficulty, Kind, Question};
use crate::parse::ids::name_key;

/// Which questions to export; an empty list means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub difficulties: Vec<Difficulty>,
    /// Tag names, compared without regard to case.
    pub tags: Vec<String>,
    /// Company names, compared without regard to case.
    pub companies: Vec<String>,
    pub kinds: Vec<Kind>,
    /// Question ids (`python/what-is-...`), or ids without the document prefix.
    pub ids: Vec<String>,
}

fn any_or<T>(wanted: &[T], matches: impl Fn(&T) -> bool) -> bool {
    wanted.is_empty() || wanted.iter().any(matches)
}

impl Selection {
    pub fn matches(&self, question: &Question) -> bool {
        let local_id = question
            .id
            .split_once('/')
            .map_or(question.id.as_str(), |(_, rest)| rest);
        any_or(&self.difficulties, |d| question.difficulty == Some(*d))
            && any_or(&self.tags, |t| {
                question.tags.iter().any(|tag| name_key(tag) == name_key(t))
            })
            && any_or(&self.companies, |c| {
                question
                    .companies
                    .iter()
                    .any(|company| name_key(company) == name_key(c))
            })
            && any_or(&self.kinds, |k| question.kind == *k)
            && any_or(&self.ids, |id| id == &question.id || id == local_id)
    }

    /// The selected questions, in source order.
    pub fn apply<'q>(&self, questions: &'q [Question]) -> impl Iterator<Item = &'q Question> {
        questions.iter().filter(move |q| self.matches(q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, kind: Kind, difficulty: Option<Difficulty>, tags: &[&str]) -> Question {
        Question {
            difficulty,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            companies: vec!["Google".into()],
            ..Question::for_test(id, kind, id)
        }
    }

    #[test]
    fn every_criterion_narrows_and_empty_means_any() {
        let questions = [
            question("d/a", Kind::Premium, Some(Difficulty::Hard), &["OOP"]),
            question("d/b", Kind::Premium, Some(Difficulty::Easy), &["Basics"]),
            question("d/c", Kind::Reference, Some(Difficulty::Hard), &["oop"]),
        ];
        let ids = |selection: &Selection| -> Vec<String> {
            selection.apply(&questions).map(|q| q.id.clone()).collect()
        };
        assert_eq!(ids(&Selection::default()).len(), 3);
        let hard_oop = Selection {
            difficulties: vec![Difficulty::Hard],
            tags: vec!["OOP".into()],
            ..Selection::default()
        };
        assert_eq!(ids(&hard_oop), ["d/a", "d/c"]);
        let premium = Selection {
            kinds: vec![Kind::Premium],
            ..hard_oop
        };
        assert_eq!(ids(&premium), ["d/a"]);
        let by_id = Selection {
            ids: vec!["b".into(), "d/c".into()],
            ..Selection::default()
        };
        assert_eq!(ids(&by_id), ["d/b", "d/c"]);
        let company = Selection {
            companies: vec!["google".into()],
            ..Selection::default()
        };
        assert_eq!(ids(&company).len(), 3);
    }
}
