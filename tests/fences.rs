//! Code fences that never close end with their container, as MkDocs ends
//! them: an admonition body, a list item, a quote; at the top level a fence
//! nothing closes is text. Whatever follows (the quick-reference table, the
//! company lists) parses as what it is, and lint reports each fence.

mod common;

use common::{count, fixture, parse_file};
use qbank::ir::{Block, Kind};

#[test]
fn tables_after_unclosed_fences_stay_tables() {
    let parsed = parse_file(&fixture("fence-containers.md"));
    let document = &parsed.document;
    assert_eq!(count(document, Kind::Premium), 4);
    assert_eq!(count(document, Kind::Reference), 3);
    assert_eq!(count(document, Kind::Prompt), 1);
    for question in document.questions_of(Kind::Premium) {
        let answer = question.answer.as_ref().unwrap();
        assert!(
            !answer.markdown.contains("| Sno |") && !answer.markdown.contains("## "),
            "{}: {}",
            question.title,
            answer.markdown
        );
    }
    let answer = |title: &str| {
        let q = document
            .questions
            .iter()
            .find(|q| q.title.contains(title))
            .unwrap();
        q.answer.as_ref().unwrap().blocks.clone()
    };
    // The closing fence that fell to the left edge still closes the code.
    let zip = answer("zip");
    assert!(
        matches!(&zip[1], Block::Code { text, .. } if text.ends_with("print(list(pairs))\n")),
        "{zip:?}"
    );
    // A list item's and a quote's fences end with them; the text after is text.
    assert!(matches!(
        answer("File Line by Line")[1],
        Block::Paragraph { .. }
    ));
    assert!(matches!(
        answer("Generator Expression")[1],
        Block::Paragraph { .. }
    ));
    // The top-level fence that nothing closes is text, not code to the end.
    assert!(
        document
            .sections
            .iter()
            .all(|s| s.blocks.iter().all(|b| !matches!(b, Block::Code { .. }))),
        "{:?}",
        document.sections
    );
}

#[test]
fn lint_reports_every_unclosed_fence_at_its_line() {
    let parsed = parse_file(&fixture("fence-containers.md"));
    let mut found: Vec<(&str, usize, usize)> = parsed
        .findings
        .iter()
        .filter(|f| f.rule.id != "insight-missing")
        .map(|f| (f.rule.id, f.line, f.column))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            // The closing fence at the left edge ended the body: reported once.
            ("admonition-unindented", 37, 1),
            ("code-fence-unclosed", 18, 5),
            ("code-fence-unclosed", 47, 9),
            ("code-fence-unclosed", 64, 7),
            ("code-fence-unclosed", 79, 1),
        ]
    );
}

#[test]
fn fallen_closers_open_nothing_and_list_fences_end_with_the_item() {
    let parsed = parse_file(&fixture("fence-fallen-closers.md"));
    let document = &parsed.document;
    // Two fallen closers must not pair up and swallow the question between.
    assert_eq!(count(document, Kind::Premium), 3);
    assert_eq!(count(document, Kind::Reference), 1);
    assert_eq!(count(document, Kind::Prompt), 1);
    let mut found: Vec<(&str, usize)> = parsed
        .findings
        .iter()
        .filter(|f| f.rule.id != "insight-missing")
        .map(|f| (f.rule.id, f.line))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("admonition-unindented", 18),
            ("admonition-unindented", 28),
            // The list item's fence, and the left-edge fence after the list
            // that comrak would have left open to the end of the file.
            ("code-fence-unclosed", 50),
            ("code-fence-unclosed", 53),
        ]
    );
}
