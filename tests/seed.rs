//! The seed bank, content/python.md: the figures the foundation promises.

mod common;

use common::{count, fixture, parse_bytes, parse_file, root};
use qbank::ir::{Block, Kind};
use qbank::source::Source;

#[test]
fn seed_has_every_question_shape_in_the_promised_numbers() {
    let doc = parse_file(&root().join("content/python.md")).document;
    assert_eq!(doc.id, "python");
    assert_eq!(doc.title, "Python Interview Questions");
    assert!(
        doc.description
            .as_deref()
            .unwrap()
            .starts_with("100+ Python")
    );
    assert_eq!(count(&doc, Kind::Premium), 44);
    assert_eq!(count(&doc, Kind::CodeExample), 3);
    assert_eq!(count(&doc, Kind::Reference), 110);
    assert_eq!(count(&doc, Kind::Prompt), 40);
    assert_eq!(doc.resources.len(), 5);
    for company in ["Google", "Meta", "Amazon", "Netflix"] {
        let prompts = doc
            .questions_of(Kind::Prompt)
            .filter(|q| q.companies == [company])
            .count();
        assert_eq!(prompts, 10, "{company}");
    }
    assert_eq!(
        doc.source.repaired_from, None,
        "content/python.md is already repaired"
    );
}

#[test]
fn every_premium_question_is_complete() {
    let doc = parse_file(&root().join("content/python.md")).document;
    for q in doc.questions_of(Kind::Premium) {
        let what = format!("{} (line {})", q.title, q.line);
        assert!(q.difficulty.is_some(), "{what}: difficulty");
        assert!(!q.tags.is_empty(), "{what}: tags");
        assert!(!q.companies.is_empty(), "{what}: companies");
        assert!(!q.heading_companies.is_empty(), "{what}: heading companies");
        assert!(
            !q.title.contains("Interview Question"),
            "{what}: suffix left in title"
        );
        let answer = q
            .answer
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: answer"));
        assert!(
            !answer.markdown.is_empty() && !answer.html.is_empty(),
            "{what}"
        );
        assert!(
            !answer.markdown.contains("Interviewer's Insight"),
            "{what}: insight in answer"
        );
        let insight = q
            .insight
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: insight"));
        assert!(insight.markdown.contains("What they're testing"), "{what}");
        assert!(q.id.starts_with("python/"), "{what}");
    }
}

#[test]
fn the_gil_answer_is_as_written() {
    let doc = parse_file(&root().join("content/python.md")).document;
    let gil = &doc.questions[0];
    assert_eq!(
        gil.id,
        "python/what-is-the-global-interpreter-lock-gil-in-python"
    );
    assert_eq!(
        gil.title,
        "What is the Global Interpreter Lock (GIL) in Python?"
    );
    assert_eq!(gil.heading_companies, ["Google", "Meta", "Amazon"]);
    assert_eq!(
        gil.companies,
        ["Google", "Meta", "Amazon", "Apple", "Netflix"]
    );
    assert_eq!(gil.tags, ["Internals", "Concurrency", "Performance"]);
    assert_eq!(gil.line, 18);
    let code = gil
        .answer
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Code { language, text } => Some((language.as_deref(), text.as_str())),
            _ => None,
        })
        .unwrap();
    assert_eq!(code.0, Some("python"));
    assert!(
        code.1.contains(
            "def cpu_bound_task(n):\n    \"\"\"CPU-intensive calculation\"\"\"\n    return sum(i*i for i in range(n))\n"
        ),
        "{}",
        code.1
    );
    // The code block is byte-exact: the source lines minus the admonition's 4 columns.
    let source = std::fs::read_to_string(root().join("content/python.md")).unwrap();
    let dedented: String = source
        .lines()
        .skip(42)
        .take(35)
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l.trim_start())))
        .collect();
    assert_eq!(code.1, dedented);
    assert!(gil.answer.as_ref().unwrap().html.contains("<table>"));
}

#[test]
fn code_examples_take_their_number_and_inner_metadata() {
    let doc = parse_file(&root().join("content/python.md")).document;
    let examples: Vec<_> = doc.questions_of(Kind::CodeExample).collect();
    let numbers: Vec<_> = examples.iter().map(|q| q.number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
    assert_eq!(examples[0].title, "Decorator for Timing Functions");
    assert_eq!(examples[0].tags, ["Code Example"]);
    let answer = examples[0].answer.as_ref().unwrap();
    assert!(
        answer.markdown.starts_with("```python\nimport time"),
        "{}",
        answer.markdown
    );
}

#[test]
fn reference_rows_and_related_links() {
    let doc = parse_file(&root().join("content/python.md")).document;
    let rows: Vec<_> = doc.questions_of(Kind::Reference).collect();
    assert_eq!(rows[0].number, Some(1));
    assert_eq!(
        rows[91].title,
        "How does Reference Counting vs Garbage Collection work?"
    );
    assert_eq!(
        rows[91].links[0].url,
        "https://devguide.python.org/internals/garbage-collector/"
    );
    let by_id = |id: &str| doc.questions.iter().find(|q| q.id == id).unwrap();
    let names = |q: &qbank::ir::Question, id: &str| q.related.iter().any(|r| r.id == id);
    let gil = &doc.questions[0];
    assert!(names(gil, "python/what-is-the-global-interpreter-lock-gil"));
    for related in &gil.related {
        let other = by_id(&related.id);
        assert!(names(other, &gil.id), "related is symmetric");
        let back = other.related.iter().find(|r| r.id == gil.id).unwrap();
        assert_eq!(back.score, related.score, "with one score");
    }
    // The raw seed's two duplicated premium questions find each other;
    // content/python.md has them merged into the earlier one.
    let raw = std::fs::read(fixture("python-seed-mojibake.md")).unwrap();
    let seed = parse_bytes("content/python.md", &raw).document;
    let dup = seed
        .questions
        .iter()
        .find(|q| q.id == "python/what-are-staticmethod-and-classmethod")
        .unwrap();
    let kept = "python/what-is-the-difference-between-staticmethod-and-classmethod";
    assert!(names(dup, kept));
    assert!(doc.questions.iter().any(|q| q.id == kept));
    assert!(
        !doc.questions
            .iter()
            .any(|q| q.id == "python/what-are-staticmethod-and-classmethod")
    );
}

#[test]
fn ids_are_unique() {
    let doc = parse_file(&root().join("content/python.md")).document;
    let mut ids: Vec<_> = doc.questions.iter().map(|q| &q.id).collect();
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before);
}

/// content/python.md is no longer the raw seed repaired (its duplicates were
/// merged by hand), so the seed is compared with its own repaired text, the
/// bytes `qbank fix` writes (pinned in tests/cli.rs).
#[test]
fn the_raw_seed_gives_the_same_questions_as_its_repaired_text() {
    let raw = std::fs::read(fixture("python-seed-mojibake.md")).unwrap();
    let repaired = Source::from_bytes("content/python.md", &raw).unwrap().text;
    let from_raw = parse_bytes("content/python.md", &raw);
    let from_repaired = parse_bytes("content/python.md", repaired.as_bytes());
    assert_eq!(
        from_raw.document.questions,
        from_repaired.document.questions
    );
    assert_eq!(
        from_raw.document.resources,
        from_repaired.document.resources
    );
    assert_eq!(
        from_raw.document.source.repaired_from,
        Some(qbank::source::CodePage::MacRoman)
    );
    assert_eq!(from_repaired.document.source.repaired_from, None);
    assert!(
        from_raw
            .findings
            .iter()
            .any(|f| *f.rule == qbank::rules::ENCODING)
    );
}

#[test]
fn crlf_and_bom_give_the_same_document() {
    let lf = std::fs::read_to_string(root().join("content/python.md")).unwrap();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let a = parse_bytes("content/python.md", lf.as_bytes()).document;
    let b = parse_bytes("content/python.md", crlf.as_bytes()).document;
    assert_eq!(a.questions, b.questions);
    assert_eq!(a.sections, b.sections);
}
