//! The similarity engine against a bank it was not written with: a helper,
//! in a separate clone and without seeing the thresholds, wrote
//! tests/fixtures/similarity/near-miss-pairs.md (same words, different
//! question; different words, same question) and labelled every pair. No
//! link and no duplicate may be wrong; what the engine finds of the rest is
//! recall, recorded here so that it cannot silently fall.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{fixture, parse_file};
use qbank::ir::Kind;
use serde_json::Value;

/// The title pairs the labels list under `key`.
fn pairs<'v>(labels: &'v Value, key: &str) -> Vec<BTreeSet<&'v str>> {
    labels[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            pair.as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn near_miss_pairs_are_never_linked_and_some_restatements_are() {
    let document = parse_file(&fixture("similarity/near-miss-pairs.md")).document;
    let labels: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("similarity/near-miss-pairs.labels.json")).unwrap(),
    )
    .unwrap();
    let title_of: BTreeMap<&str, &str> = document
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q.title.as_str()))
        .collect();
    let duplicates: Vec<BTreeSet<&str>> = pairs(&labels, "duplicates");
    let (mut right, mut wrong) = (0, Vec::new());
    for label in labels["restatements"].as_array().unwrap() {
        let row_title = label["row"].as_str().unwrap();
        let row = document
            .questions
            .iter()
            .find(|q| q.kind == Kind::Reference && q.title == row_title)
            .unwrap_or_else(|| panic!("no row {row_title}"));
        let Some(linked) = row.related.first() else {
            continue;
        };
        let linked = title_of[linked.id.as_str()];
        // A row restating one of two duplicates may link either.
        let expected = label["question"].as_str();
        let fine = expected.is_some_and(|want| {
            want == linked
                || duplicates
                    .iter()
                    .any(|d| d.contains(want) && d.contains(linked))
        });
        if fine {
            right += 1;
        } else {
            wrong.push(format!("{row_title} → {linked}"));
        }
    }
    assert!(wrong.is_empty(), "wrong links: {wrong:#?}");
    assert!(right >= 2, "{right} restatements linked");

    let distinct: Vec<BTreeSet<&str>> = pairs(&labels, "distinct");
    for question in document.questions_of(Kind::Premium) {
        for related in &question.related {
            let other = title_of[related.id.as_str()];
            let pair: BTreeSet<&str> = [question.title.as_str(), other].into();
            assert!(
                !distinct.contains(&pair),
                "{} and {other} are different questions",
                question.title
            );
        }
    }
}
