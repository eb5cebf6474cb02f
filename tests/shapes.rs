//! Every question shape the parser recognises, on a hand-written fixture, and
//! defects confined to the question they occur in.

mod common;

use common::{count, fixture, parse_file};
use qbank::ir::{Block, CalloutDisplay, Difficulty, Inline, Kind};

#[test]
fn recognises_every_shape_in_source_order() {
    let doc = parse_file(&fixture("shapes.md")).document;
    assert_eq!(doc.title, "Shapes Bank");
    assert_eq!(doc.heading.as_deref(), Some("Shapes Bank"));
    assert_eq!(count(&doc, Kind::Premium), 4);
    assert_eq!(count(&doc, Kind::CodeExample), 1);
    assert_eq!(count(&doc, Kind::Reference), 3);
    assert_eq!(count(&doc, Kind::Prompt), 3);
    let lines: Vec<usize> = doc.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines, [15, 42, 51, 77, 78, 79, 83, 92, 104, 105, 108]);
    let urls: Vec<&str> = doc.resources.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://docs.python.org/3/",
            "https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/"
        ]
    );
}

#[test]
fn premium_question_parts() {
    let doc = parse_file(&fixture("shapes.md")).document;
    let q = &doc.questions[0];
    assert_eq!(q.title, "What is a Closure?");
    assert_eq!(q.heading_companies, ["Google", "Meta"]);
    assert_eq!(q.companies, ["Google", "Meta", "Stripe"]);
    assert_eq!(q.difficulty, Some(Difficulty::Medium));
    assert_eq!(q.group.as_deref(), Some("Premium Interview Questions"));
    let answer = q.answer.as_ref().unwrap();
    // The nested warning stays in the answer; the insight leaves it.
    assert!(answer.blocks.iter().any(|b| matches!(b,
        Block::Callout { kind, title: Some(t), display: CalloutDisplay::Static, .. } if kind == "warning" && t == "Common Pitfalls")));
    assert!(
        answer
            .markdown
            .ends_with("!!! warning \"Common Pitfalls\"\n    Late binding in loops."),
        "{}",
        answer.markdown
    );
    assert!(!answer.markdown.contains("Insight"));
    assert!(
        answer
            .markdown
            .contains("```python\ndef outer():\n    x = 1\n\n    def inner():")
    );
    let insight = q.insight.as_ref().unwrap();
    assert_eq!(
        insight.markdown,
        "**What they're testing:** scoping rules.\n\n- Knows `nonlocal`"
    );
    assert!(insight.html.contains("<code>nonlocal</code>"));
    assert_eq!(q.links.len(), 1);
}

#[test]
fn level_four_heading_title_keeps_code_inline() {
    let doc = parse_file(&fixture("shapes.md")).document;
    let q = &doc.questions[1];
    assert_eq!(q.title, "Explain yield");
    assert_eq!(
        q.title_inlines[1],
        Inline::Code {
            text: "yield".into()
        }
    );
    assert_eq!(q.heading_companies, ["Most Tech Companies"]);
    assert!(q.insight.is_none());
}

#[test]
fn trailing_admonitions_join_the_answer_and_lend_their_insight() {
    let parsed = parse_file(&fixture("shapes.md"));
    let q = &parsed.document.questions[2];
    assert_eq!(q.title, "A Puzzle Without Metadata");
    assert_eq!(q.difficulty, None);
    let answer = q.answer.as_ref().unwrap();
    let callouts: Vec<&str> = answer
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Callout { title, .. } => title.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(callouts, ["Hint 1", "Answer"]);
    assert!(answer.html.contains("\\(E[X] = 3.5\\)"), "{}", answer.html);
    assert_eq!(q.insight.as_ref().unwrap().markdown, "Backward induction.");
    assert!(!answer.markdown.contains("Backward induction"));
    assert!(
        parsed
            .findings
            .iter()
            .any(|f| *f.rule == qbank::rules::METADATA && f.line == 51)
    );
}

#[test]
fn reference_rows_code_examples_and_prompts() {
    let parsed = parse_file(&fixture("shapes.md"));
    let doc = &parsed.document;
    let rows: Vec<_> = doc.questions_of(Kind::Reference).collect();
    assert_eq!(rows[1].title, "How does the import system work?");
    assert_eq!(rows[1].difficulty, Some(Difficulty::Hard));
    assert!(rows[2].links.is_empty());
    let ids = |q: &qbank::ir::Question| q.related.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(rows[0]), ["shapes/what-is-a-closure"]);
    assert_eq!(ids(&doc.questions[0]), ["shapes/what-is-a-closure-2"]);
    assert!(rows[0].related[0].score >= 0.55 && rows[0].related[0].score <= 1.0);

    let example = doc.questions_of(Kind::CodeExample).next().unwrap();
    assert_eq!(
        (example.number, example.title.as_str()),
        (Some(1), "Timing Decorator")
    );
    assert_eq!(
        example.answer.as_ref().unwrap().markdown,
        "```python\nimport time\n```"
    );
    // A code example's metadata inside its `View Code Example` body is the
    // dialect's (the README says so): no finding.
    assert!(
        !parsed
            .findings
            .iter()
            .any(|f| *f.rule == qbank::rules::METADATA
                && f.line == 87
                && f.message.contains("inside its answer"))
    );

    // A premium question under "Code Examples" is still premium.
    let duck = doc
        .questions
        .iter()
        .find(|q| q.title == "What is Duck Typing?")
        .unwrap();
    assert_eq!(
        (duck.kind, duck.group.as_deref()),
        (Kind::Premium, Some("Code Examples"))
    );

    let hft = doc.questions.iter().find(|q| q.line == 108).unwrap();
    assert_eq!(hft.companies, ["HFT Firms"]);
}

#[test]
fn nothing_is_lost_outside_questions() {
    let doc = parse_file(&fixture("shapes.md")).document;
    let headings: Vec<(Option<&str>, usize)> = doc
        .sections
        .iter()
        .map(|s| (s.heading.as_deref(), s.line))
        .collect();
    assert_eq!(
        headings,
        [(Some("Shapes Bank"), 7), (Some("Notes For Authors"), 69)]
    );
    assert!(
        matches!(&doc.sections[0].blocks[0], Block::Html { raw: html } if html.contains("a comment"))
    );
}

#[test]
fn broken_answers_stay_inside_their_question() {
    let parsed = parse_file(&fixture("broken-answers.md"));
    let doc = &parsed.document;
    let titles: Vec<&str> = doc.questions.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Copy Semantics",
            "Escaped Indentation",
            "Generators",
            "Intact Afterwards"
        ]
    );
    // Literal \n: the whole answer is one paragraph of text, the insight lost in it.
    let copy = &doc.questions[0];
    assert!(copy.insight.is_none());
    assert!(
        copy.answer
            .as_ref()
            .unwrap()
            .markdown
            .contains("```python\\n    import copy")
    );
    // A line at column 0 ends the body, also inside a fence; what follows joins the answer.
    let escaped = &doc.questions[1];
    assert_eq!(escaped.answer.as_ref().unwrap().blocks.len(), 3);
    // An unclosed fence runs to the end of the body, swallowing the insight header.
    let generators = &doc.questions[2];
    assert!(matches!(&generators.answer.as_ref().unwrap().blocks[..],
        [Block::Code { text, .. }] if text.contains("!!! tip")));
    // The next question is whole.
    let intact = &doc.questions[3];
    assert_eq!(intact.line, 50);
    assert_eq!(intact.insight.as_ref().unwrap().markdown, "Still found.");
}

#[test]
fn ir_snapshot() {
    let doc = parse_file(&fixture("shapes.md")).document;
    let mut json = serde_json::to_value(&doc).unwrap();
    json["source"]["path"] = "tests/fixtures/shapes.md".into();
    insta::assert_json_snapshot!("shapes_ir", json);
}
