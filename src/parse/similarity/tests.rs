//! The engine on titles in the shape of the banks' own: restatements it
//! must link, near-misses it must not, and the rules that decide.

use super::*;
use crate::ir::{Content, Inline, Link};

fn q(id: &str, kind: Kind, title: &str) -> Question {
    Question::for_test(id, kind, title)
}

fn answered(id: &str, title: &str, answer: &str) -> Question {
    let mut question = q(id, Kind::Premium, title);
    question.answer = Some(Content {
        markdown: answer.to_owned(),
        html: String::new(),
        blocks: Vec::new(),
    });
    question
}

fn link(questions: &mut [Question]) -> Vec<Vec<&str>> {
    link_related(questions, &Thresholds::default());
    questions
        .iter()
        .map(|q| q.related.iter().map(|r| r.id.as_str()).collect())
        .collect()
}

/// Other questions, so that rarity means what it means in a real bank.
fn padding() -> Vec<Question> {
    [
        "Two Sum",
        "Reverse Linked List",
        "Number of Islands",
        "Word Ladder",
        "Coin Change",
        "Climbing Stairs",
        "Group Anagrams",
        "Top K Frequent Elements",
        "Decode Ways",
        "Rotate Image",
        "Spiral Matrix",
        "Jump Game",
        "Unique Paths",
        "Edit Distance",
        "House Robber",
        "Pow(x, n)",
        "Subsets",
        "Permutations",
        "N-Queens",
        "Sudoku Solver",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| q(&format!("p/{i}"), Kind::Premium, t))
    .collect()
}

fn with_padding(questions: Vec<Question>) -> Vec<Question> {
    let mut all = questions;
    all.extend(padding());
    all
}

#[test]
fn near_misses_do_not_link() {
    for (premium, row) in [
        ("Validate Binary Search Tree", "Binary Search"),
        ("Merge Two Sorted Lists", "Merge Two Sorted Arrays"),
        ("Meeting Rooms II", "Meeting Rooms"),
        ("Valid Parentheses", "Longest Valid Parentheses"),
        (
            "Search in Rotated Sorted Array",
            "Convert Sorted Array to Binary Search Tree",
        ),
        (
            "What is Hallucination Detection?",
            "What is Language Detection?",
        ),
        (
            "How to Compare Two DataFrames?",
            "How to merge two DataFrames?",
        ),
    ] {
        let mut questions = with_padding(vec![
            q("d/a", Kind::Premium, premium),
            q("d/r", Kind::Reference, row),
        ]);
        let related = link(&mut questions);
        assert!(related[1].is_empty(), "{row} → {premium}");
    }
}

#[test]
fn rewordings_link() {
    // A row's word the title lacks ("reshaping") counts when the answer has it.
    let mut melt = answered(
        "d/melt",
        "Explain pd.melt()",
        "`pd.melt()` unpivots: it reshapes a wide frame into a long one.",
    );
    melt.title_inlines = vec![
        Inline::Text {
            text: "Explain ".into(),
        },
        Inline::Code {
            text: "pd.melt()".into(),
        },
    ];
    let mut two_sum = q("d/r3", Kind::Reference, "Two Number Sum");
    two_sum.links = vec![Link {
        text: "LeetCode Two Sum".into(),
        url: "https://leetcode.com/problems/two-sum/".into(),
    }];
    let mut questions = vec![
        melt,
        q(
            "d/missing",
            Kind::Premium,
            "How Do You Handle Missing Data?",
        ),
        q("d/r1", Kind::Reference, "melt() for reshaping"),
        q("d/r2", Kind::Reference, "Handling Missing Data"),
        two_sum,
    ];
    questions.extend(padding());
    // "Two Sum" is padding p/0: the row reaches it by its practice link.
    let related = link(&mut questions);
    assert_eq!(related[2], ["d/melt"]);
    assert_eq!(related[3], ["d/missing"]);
    assert_eq!(related[4], ["p/0"]);
    assert!(questions[4].related[0].score > 0.99);
}

#[test]
fn answers_decide_premium_pairs() {
    let calibration = "Calibration means predicted probabilities match observed frequencies. \
        Check it with a reliability diagram and the expected calibration error; repair it with \
        Platt scaling, isotonic regression or temperature scaling on a held-out set.";
    let same = "A calibrated model's predicted probabilities match observed frequencies: \
        read a reliability diagram, measure expected calibration error, and fix it with Platt \
        scaling, isotonic regression or temperature scaling fitted on held-out data.";
    let l1 = "L1 regularization adds the sum of absolute weights (lasso); it drives weights to \
        exactly zero and selects features.";
    let l2 = "L2 regularization adds the sum of squared weights (ridge, weight decay); it shrinks \
        weights smoothly and never zeroes them.";
    let mut questions = with_padding(vec![
        answered("d/cal", "What is Model Calibration?", calibration),
        answered("d/cal2", "Explain Calibration in Machine Learning", same),
        answered("d/l1", "Explain L1 Regularization", l1),
        answered("d/l2", "Explain L2 Regularization", l2),
    ]);
    let related = link(&mut questions);
    assert_eq!(related[0], ["d/cal2"]);
    assert!(
        related[2].is_empty() && related[3].is_empty(),
        "{related:?}"
    );
}

#[test]
fn agreeing_answers_never_lift_a_marker() {
    let answer = "Sort the meetings by start time and keep a min-heap of end times; \
        the heap's largest size is the number of rooms needed.";
    let mut questions = with_padding(vec![
        answered("d/one", "Meeting Rooms", answer),
        answered("d/two", "Meeting Rooms II", answer),
    ]);
    let related = link(&mut questions);
    assert!(
        related[0].is_empty() && related[1].is_empty(),
        "{related:?}"
    );
}

#[test]
fn a_repeated_question_links_to_its_first() {
    let mut questions: Vec<Question> = (0..5)
        .map(|k| {
            q(
                &format!("d/{k}"),
                Kind::Premium,
                "What Are Python Metaclasses?",
            )
        })
        .collect();
    let related = link(&mut questions);
    assert_eq!(related[0], ["d/1", "d/2", "d/3", "d/4"]);
    for later in &related[1..] {
        assert_eq!(later, &["d/0"]);
    }
}

#[test]
fn scores_do_not_depend_on_hash_order() {
    // Two anchors with the same words tie exactly; the earlier must win every time.
    let make = || {
        let mut questions = vec![
            q(
                "d/a",
                Kind::Premium,
                "How to Use np.select() for Multiple Conditions?",
            ),
            q(
                "d/b",
                Kind::Premium,
                "How to use np.select for multiple conditions?",
            ),
            q("d/r", Kind::Reference, "np.select with multiple conditions"),
        ];
        link_related(&mut questions, &Thresholds::default());
        questions.into_iter().map(|q| q.related).collect::<Vec<_>>()
    };
    let first = make();
    assert_eq!(first[2][0].id, "d/a");
    for _ in 0..50 {
        assert_eq!(make(), first);
    }
}

#[test]
fn a_restatement_of_two_questions_links_to_neither() {
    let mut questions = vec![
        q("d/b", Kind::Premium, "Explain the Binomial Distribution"),
        q("d/p", Kind::Premium, "Explain the Poisson Distribution"),
        q(
            "d/both",
            Kind::Reference,
            "Binomial and Poisson Distributions",
        ),
        q("d/one", Kind::Reference, "Binomial Distribution"),
        q("d/two", Kind::Reference, "Poisson Distribution"),
    ];
    let related = link(&mut questions);
    assert!(related[2].is_empty(), "{:?}", related[2]);
    assert_eq!(related[3], ["d/b"]);
    assert_eq!(related[4], ["d/p"]);
}

#[test]
fn a_row_may_ask_one_part_of_a_two_part_title() {
    let mut questions = with_padding(vec![
        q(
            "d/sp",
            Kind::Premium,
            "What Are Stored Procedures and Functions?",
        ),
        q("d/r", Kind::Reference, "Explain Stored Procedures."),
        q("d/tree", Kind::Premium, "Validate Binary Search Tree"),
        q("d/r2", Kind::Reference, "Binary Search"),
    ]);
    let related = link(&mut questions);
    assert_eq!(related[1], ["d/sp"]);
    assert!(related[3].is_empty());
}

#[test]
fn code_spans_are_terms() {
    let mut questions = vec![
        q(
            "d/is",
            Kind::Premium,
            "What is the Difference Between is and ==?",
        ),
        q("d/ref", Kind::Reference, "Explain is vs =="),
    ];
    questions[0].title_inlines = vec![
        Inline::Text {
            text: "What is the Difference Between ".into(),
        },
        Inline::Code { text: "is".into() },
        Inline::Text {
            text: " and ".into(),
        },
        Inline::Code { text: "==".into() },
        Inline::Text { text: "?".into() },
    ];
    questions[1].title_inlines = vec![
        Inline::Text {
            text: "Explain ".into(),
        },
        Inline::Code { text: "is".into() },
        Inline::Text {
            text: " vs ".into(),
        },
        Inline::Code { text: "==".into() },
    ];
    let related = link(&mut questions);
    assert_eq!(related[1], ["d/is"]);
}

#[test]
fn language_names_keep_questions_apart() {
    let mut questions = vec![
        q("d/cs", Kind::Premium, "How Do Generics Work in `C#`?"),
        q("d/cpp", Kind::Premium, "How Do Generics Work in `C++`?"),
    ];
    questions[0].title_inlines = vec![
        Inline::Text {
            text: "How Do Generics Work in ".into(),
        },
        Inline::Code { text: "C#".into() },
    ];
    questions[1].title_inlines = vec![
        Inline::Text {
            text: "How Do Generics Work in ".into(),
        },
        Inline::Code { text: "C++".into() },
    ];
    let related = link(&mut questions);
    assert!(related.iter().all(Vec::is_empty), "{related:?}");
}

#[test]
fn matches_restatements_and_duplicates_only() {
    let mut questions = vec![
        q(
            "d/gil",
            Kind::Premium,
            "What is the Global Interpreter Lock (GIL) in Python?",
        ),
        q(
            "d/deco",
            Kind::Premium,
            "Explain Python Decorators with Examples",
        ),
        q(
            "d/static",
            Kind::Premium,
            "What is the Difference Between `staticmethod` and `classmethod`?",
        ),
        q(
            "d/static2",
            Kind::Premium,
            "What Are `@staticmethod` and `@classmethod`?",
        ),
        q(
            "d/ref-gil",
            Kind::Reference,
            "What is the Global Interpreter Lock (GIL)?",
        ),
        q("d/ref-deco", Kind::Reference, "What are decorators?"),
        q("d/ref-pep", Kind::Reference, "What is PEP 8?"),
        q(
            "d/prompt",
            Kind::Prompt,
            "Write a generator that yields Fibonacci numbers.",
        ),
        // "Python" is common in a Python bank: it tells no question apart.
        q("d/p1", Kind::Premium, "How Are Python Lists Stored?"),
        q("d/p2", Kind::Premium, "What Is New in Python Packaging?"),
        q("d/p3", Kind::Premium, "How Does Python Import a Module?"),
    ];
    for (question, code) in [(2, "staticmethod"), (3, "@staticmethod")] {
        questions[question].title_inlines = vec![
            Inline::Code { text: code.into() },
            Inline::Text {
                text: " and ".into(),
            },
            Inline::Code {
                text: code.replace("static", "class"),
            },
        ];
    }
    let related = link(&mut questions);
    assert_eq!(related[0], ["d/ref-gil"]);
    assert_eq!(related[1], ["d/ref-deco"]);
    assert_eq!(related[2], ["d/static2"]);
    assert_eq!(related[3], ["d/static"]);
    assert_eq!(related[4], ["d/gil"]);
    assert!(related[6].is_empty() && related[7].is_empty());
}

#[test]
fn thresholds_out_of_range_are_named() {
    let mut thresholds = Thresholds::default();
    assert!(thresholds.check().is_ok());
    thresholds.answers_agree = 1.5;
    assert_eq!(thresholds.check().unwrap_err().0, "answers-agree");
    let parsed: Thresholds = toml::from_str("restatement = 0.6").unwrap();
    assert_eq!(parsed.restatement, 0.6);
    assert_eq!(parsed.duplicate, Thresholds::default().duplicate);
    assert!(toml::from_str::<Thresholds>("restatment = 0.6").is_err());
}
