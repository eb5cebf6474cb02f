//! Hostile input, through the binary: every pathological file ends in a result
//! or a clear error naming the file (and line), with exit code 0, 1 or 2,
//! within a time limit and an address-space limit, and never a panic.
//!
//! The inputs are generated here; tests/fixtures/fuzz holds what fuzzing found.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::root;

/// Per command. Release builds take at most 0.6 s on these inputs (the
/// closing note of issue 9 lists them); tests run an opt-level 1 build on a
/// shared machine.
const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Address space per command, set with `ulimit -v` (KiB).
const MEMORY_LIMIT_KIB: u64 = 1 << 20;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs qbank with `args` in `dir` under the time and memory limits.
fn run(dir: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_qbank"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qbank starts");
    // Drain the pipes while waiting, so that a large output cannot block it.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(&mut stdout).unwrap());
    let err = std::thread::spawn(move || std::io::read_to_string(&mut stderr).unwrap());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            panic!("qbank {} ran over {TIME_LIMIT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    let what = format!("qbank {}", args.join(" "));
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"),
        "{what} crashed:\n{}",
        run.stderr
    );
    assert!(
        matches!(run.code, 0..=2),
        "{what}: exit status {status}\n{}",
        run.stderr
    );
    run
}

/// One generated bank in a directory of its own.
struct Bank {
    dir: tempfile::TempDir,
    name: &'static str,
}

impl Bank {
    fn new(name: &'static str, bytes: &[u8]) -> Bank {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content").join(name), bytes).unwrap();
        Bank { dir, name }
    }

    fn file(&self) -> String {
        format!("content/{}", self.name)
    }

    /// `qbank lint --format json`: the exit code and every (rule, line).
    fn lint(&self, extra: &[&str]) -> (i32, Vec<(String, u64)>) {
        let file = self.file();
        let mut args = vec!["lint", "--format", "json", &file];
        args.extend(extra);
        let run = run(self.dir.path(), &args);
        let json: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("lint JSON: {e}\n{}", run.stderr));
        let found = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                assert_eq!(d["file"], file.as_str());
                (
                    d["rule"].as_str().unwrap().to_owned(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect();
        (run.code, found)
    }

    /// `qbank build content -o out`, with `extra` arguments.
    fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "content", "-o", "out"];
        args.extend(extra);
        run(self.dir.path(), &args)
    }

    fn output(&self, extension: &str) -> PathBuf {
        let stem = self.name.trim_end_matches(".md");
        self.dir.path().join(format!("out/{stem}.{extension}"))
    }

    fn questions(&self) -> usize {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(self.output("json")).unwrap()).unwrap();
        json["questions"].as_array().unwrap().len()
    }
}

fn has(found: &[(String, u64)], rule: &str, line: u64) -> bool {
    found.iter().any(|(r, l)| r == rule && *l == line)
}

/// A question whose answer holds `body` (already indented for the
/// admonition), then an insight.
fn bank_with_answer(body: &str) -> String {
    format!(
        "---\ntitle: T\ndescription: D\n---\n\n# T\n\n### Q?\n\n**Difficulty:** 🟢 Easy | **Tags:** `T` | **Asked by:** G\n\n??? success \"View Answer\"\n\n{body}\n\n    !!! tip \"Interviewer's Insight\"\n        I.\n"
    )
}

const ANSWER_LINE: u64 = 14;

#[test]
fn empty_random_and_invalid_files() {
    let empty = Bank::new("empty.md", b"");
    let (code, found) = empty.lint(&[]);
    assert_eq!((code, found), (0, vec![("front-matter-fields".into(), 1)]));
    assert_eq!(empty.build(&[]).code, 0);
    assert_eq!(empty.questions(), 0);

    // 64 KiB of random bytes (a fixed generator: the same bytes every run).
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let random: Vec<u8> = (0..65_536)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let bank = Bank::new("random.md", &random);
    let (code, found) = bank.lint(&[]);
    assert_eq!((code, found.len(), found[0].0.as_str()), (1, 1, "encoding"));
    let build = bank.build(&[]);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("content/random.md:"),
        "{}",
        build.stderr
    );
    // Random bytes hold NULs: said to be binary, not "convert with iconv".
    assert!(
        build.stderr.contains("binary data, not a text file"),
        "{}",
        build.stderr
    );

    let bank = Bank::new(
        "invalid.md",
        b"---\ntitle: T\n---\n\nfine\n\nbad \xC3\x28 here\n",
    );
    assert_eq!(bank.lint(&[]), (1, vec![("encoding".into(), 7)]));
    let build = bank.build(&[]);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("content/invalid.md:7: invalid UTF-8"),
        "{}",
        build.stderr
    );
}

#[test]
fn deep_nesting_is_cut_at_the_depth_limit() {
    let quotes = format!("{}deep", ">".repeat(100_000));
    let lists_on_one_line = format!("    {}item", "- ".repeat(3_000));
    let admonitions: String = (0..2_000)
        .map(|d| format!("{}!!! note \"Level {d}\"\n\n", "    ".repeat(d + 1)))
        .collect();
    for (name, body) in [
        ("quotes.md", format!("    {quotes}")),
        ("lists.md", lists_on_one_line),
        ("admonitions.md", admonitions),
    ] {
        let bank = Bank::new(name, bank_with_answer(&body).as_bytes());
        let (code, found) = bank.lint(&[]);
        assert_eq!(code, 1, "{name}");
        assert!(
            found.iter().any(|(rule, _)| rule == "nesting-depth"),
            "{name}: {found:?}"
        );
        // Every backend, the PDF too, gets the capped document.
        let build = bank.build(&[]);
        assert_eq!(build.code, 0, "{name}: {}", build.stderr);
        assert_eq!(bank.questions(), 1, "{name}");
        assert!(bank.output("pdf").exists());
    }
}

#[test]
fn deep_lists_on_many_lines_need_a_larger_file_limit_and_are_cut_too() {
    // 3,000 levels of two-space indentation make 9 MB, over the 8 MiB default.
    let lists: String = (0..3_000)
        .map(|d| format!("{}- item {d}\n", "  ".repeat(d + 2)))
        .collect();
    let bank = Bank::new("lists.md", bank_with_answer(&lists).as_bytes());
    assert_eq!(bank.lint(&[]), (1, vec![("file-too-large".into(), 1)]));
    let (code, found) = bank.lint(&["--max-file-size", "16M"]);
    assert_eq!(
        (code, found),
        (1, vec![("nesting-depth".into(), ANSWER_LINE + 15)])
    );
    let build = bank.build(&["--max-file-size", "16M"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    // `--max-depth` moves the cut.
    let (_, found) = bank.lint(&["--max-file-size", "16M", "--max-depth", "4"]);
    assert_eq!(found, vec![("nesting-depth".into(), ANSWER_LINE + 3)]);
}

#[test]
fn the_deepest_allowed_nesting_builds_and_its_json_reads_back() {
    // Lists are the deepest JSON per level (list, items, item, blocks), and a
    // table with emphasis at the bottom of a section the deepest leaf.
    let lists: String = (0..40)
        .map(|d| {
            format!(
                "{}- *item **{d}** [link](https://example.com/{d})*\n",
                "  ".repeat(d)
            )
        })
        .collect();
    let indent = "  ".repeat(28);
    let table = format!("\n{indent}| a | b |\n{indent}|---|---|\n{indent}| *x* | **y** |\n");
    let text = format!("---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Notes\n\n{lists}{table}");
    let answer = bank_with_answer(
        &lists
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>(),
    );
    for (name, text) in [("section.md", text), ("answer.md", answer)] {
        let bank = Bank::new(name, text.as_bytes());
        let build = bank.build(&["--max-depth", "28"]);
        assert_eq!(build.code, 0, "{name}: {}", build.stderr);
        // serde_json refuses more than 128 levels, as many JSON readers do.
        let bytes = std::fs::read(bank.output("json")).unwrap();
        serde_json::from_slice::<serde_json::Value>(&bytes).expect("readable JSON");
        assert!(bank.output("pdf").exists() && bank.output("epub").exists());
    }
}

#[test]
fn a_20_mb_line_is_refused_by_default_and_handled_when_allowed() {
    let line = "word ".repeat(4 << 20);
    let bank = Bank::new(
        "long.md",
        bank_with_answer(&format!("    {line}")).as_bytes(),
    );
    let (code, found) = bank.lint(&[]);
    assert_eq!((code, found), (1, vec![("file-too-large".into(), 1)]));
    let build = bank.build(&[]);
    assert_eq!(build.code, 1);
    assert!(
        build
            .stderr
            .contains("content/long.md: larger than the limit of 8 MiB (20.00 MiB)"),
        "{}",
        build.stderr
    );
    assert!(!bank.output("json").exists());

    let allowed = ["--max-file-size", "32M"];
    assert_eq!(bank.lint(&allowed).0, 0);
    let build = bank.build(&[&allowed[..], &["--formats", "json,anki,html,epub"]].concat());
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(bank.questions(), 1);
}

#[test]
fn broken_structure_is_reported_and_confined() {
    // An unclosed fence swallows the rest of its answer, not the next question.
    let fence = format!(
        "{}\n### Next?\n\n??? success \"View Answer\"\n\n    Fine.\n",
        bank_with_answer("    ```python\n    print(1)\n")
    );
    let bank = Bank::new("fence.md", fence.as_bytes());
    let (code, found) = bank.lint(&[]);
    assert_eq!(code, 1);
    assert!(has(&found, "code-fence-unclosed", ANSWER_LINE), "{found:?}");
    assert_eq!(bank.build(&[]).code, 0);
    assert_eq!(bank.questions(), 2);

    let bare = Bank::new(
        "bare.md",
        b"# Bare\n\n### Q?\n\n??? success \"View Answer\"\n\n    A.\n",
    );
    let (code, found) = bare.lint(&[]);
    assert!(
        code == 0 && has(&found, "front-matter-fields", 1),
        "{found:?}"
    );
    assert_eq!(bare.build(&[]).code, 0);
    assert_eq!(bare.questions(), 1);

    let unclosed = Bank::new(
        "unclosed.md",
        b"---\ntitle: T\n\n### Q?\n\n??? success \"View Answer\"\n\n    A.\n",
    );
    let (code, found) = unclosed.lint(&[]);
    assert!(code == 1 && has(&found, "front-matter", 1), "{found:?}");
    assert_eq!(unclosed.build(&[]).code, 0);
    assert_eq!(unclosed.questions(), 1);
}

#[test]
fn a_bank_of_20000_questions() {
    let mut text = String::from("---\ntitle: Big\ndescription: Many questions\n---\n\n# Big\n\n");
    for n in 0..20_000 {
        text.push_str(&format!(
            "### What is thing number {n}?\n\n**Difficulty:** 🟢 Easy | **Tags:** `T{}` | **Asked by:** G\n\n??? success \"View Answer\"\n\n    Thing {n} is a thing.\n\n    !!! tip \"Interviewer's Insight\"\n        Insight {n}.\n\n",
            n % 50
        ));
    }
    let bank = Bank::new("big.md", text.as_bytes());
    assert_eq!(bank.lint(&[]), (0, vec![]));
    // The PDF too (4,500 pages): its pages are written as they are laid
    // out, so memory follows the bank, not the book.
    let build = bank.build(&["--formats", "json,anki,html,epub,pdf"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(bank.questions(), 20_000);
    assert!(bank.output("pdf").exists());
}

#[test]
fn repeated_titles_stay_linear() {
    // 3,000 copies of one premium question and 8,000 copies of one row:
    // every pair "asks the same", which must cost neither quadratic time
    // nor a quadratic list of links.
    let mut text = String::from(
        "---\ntitle: Echo\ndescription: One question, many times\n---\n\n# Echo\n\n## Premium Interview Questions\n\n",
    );
    for _ in 0..3_000 {
        text.push_str("### What Are Python Metaclasses?\n\n**Difficulty:** 🟢 Easy | **Tags:** `OOP` | **Asked by:** G\n\n??? success \"View Answer\"\n\n    Classes of classes.\n\n");
    }
    text.push_str("## Quick Reference\n\n| Sno | Question Title | Practice Links | Companies Asking | Difficulty | Topics |\n|---|---|---|---|---|---|\n");
    for n in 1..=8_000 {
        text.push_str(&format!(
            "| {n} | Python Metaclasses | [Docs Metaclasses](https://d.x) | G | Easy | OOP |\n"
        ));
    }
    let bank = Bank::new("echo.md", text.as_bytes());
    let build = bank.build(&["--formats", "json"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bank.output("json")).unwrap()).unwrap();
    let questions = json["questions"].as_array().unwrap();
    let links: usize = questions
        .iter()
        .map(|q| q["related"].as_array().unwrap().len())
        .sum();
    // Each copy and each row links to the first question, which links back.
    assert_eq!(links, 2 * (2_999 + 8_000), "{links}");
    assert_eq!(
        questions[0]["related"].as_array().unwrap().len(),
        2_999 + 8_000
    );
}

#[test]
fn a_crlf_and_bom_copy_gives_the_same_questions_and_answers() {
    let lf = std::fs::read(root().join("content/python.md")).unwrap();
    let mut crlf = b"\xEF\xBB\xBF".to_vec();
    for line in lf.split_inclusive(|&b| b == b'\n') {
        match line.strip_suffix(b"\n") {
            Some(body) => crlf.extend([body, b"\r\n"].concat()),
            None => crlf.extend(line),
        }
    }
    let lf_bank = common::parse_bytes("python.md", &lf);
    let crlf_bank = common::parse_bytes("python.md", &crlf);
    assert!(lf_bank.document.questions.len() > 100);
    assert_eq!(
        serde_json::to_value(&lf_bank.document.questions).unwrap(),
        serde_json::to_value(&crlf_bank.document.questions).unwrap()
    );
    // And through the binary: the same JSON but for the source's hash.
    let bank = Bank::new("python.md", &crlf);
    let (code, found) = bank.lint(&[]);
    let (_, mut expected) = Bank::new("python.md", &lf).lint(&[]);
    expected.insert(0, ("byte-order-mark".into(), 1));
    assert_eq!(
        (code, found),
        (0, expected),
        "what the LF file has, and the BOM"
    );
    assert_eq!(bank.build(&["--formats", "json"]).code, 0);
    let from_crlf: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bank.output("json")).unwrap()).unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("exports/python.json")).unwrap())
            .unwrap();
    assert_eq!(from_crlf["questions"], expected["questions"]);
}

#[test]
fn limits_are_checked_as_options() {
    let dir = tempfile::tempdir().unwrap();
    for (args, message) in [
        (&["lint", "--max-depth", "0"][..], "from 1 to 28"),
        (&["lint", "--max-depth", "29"][..], "from 1 to 28"),
        (
            &["lint", "--max-file-size", "8 furlongs"][..],
            "unknown unit",
        ),
    ] {
        let run = run(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(message), "{}", run.stderr);
    }
    // qbank.toml sets them for lint and build alike; options win.
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[limits]\nmax-file-size = \"1K\"\nmax-depth = 2\n",
    )
    .unwrap();
    let bank = bank_with_answer("    > > > three quotes\n");
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/q.md"), &bank).unwrap();
    let lint = run(dir.path(), &["lint", "content/q.md"]);
    assert!(
        lint.stdout.contains("nested more than 2 deep"),
        "{}",
        lint.stdout
    );
    let lint = run(dir.path(), &["lint", "content/q.md", "--max-depth", "8"]);
    assert_eq!(lint.code, 0, "{}", lint.stdout);
    std::fs::write(dir.path().join("content/big.md"), "x".repeat(2048)).unwrap();
    let build = run(dir.path(), &["build", "content", "-o", "out"]);
    assert_eq!(build.code, 1);
    assert!(
        build
            .stderr
            .contains("content/big.md: larger than the limit of 1 KiB (2 KiB)"),
        "{}",
        build.stderr
    );
}

/// One question whose answer is `body` (each line indented into the answer).
fn one_question(title: &str, body: &str) -> String {
    let answer: String = body.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "---\ntitle: {title}\n---\n\n# Bank\n\n## Premium Interview Questions\n\n### What is it?\n\n**Difficulty:** 🟢 Easy | **Tags:** `t` | **Asked by:** G\n\n??? success \"View Answer\"\n\n{answer}\n"
    )
}

/// Shapes the PDF's layout once looped on or refused: a table row or a
/// formula taller than a page, pages of content that draws no text, absurd
/// TeX dimensions, a huge front-matter title, a tab in prose.
#[test]
fn the_pdf_places_what_is_taller_than_a_page_or_draws_no_text() {
    let matrix = |rows: usize| {
        format!(
            "\\begin{{matrix}}{}\\end{{matrix}}",
            vec!["a"; rows].join(" \\\\ ")
        )
    };
    let blank_lines = format!("```\n{}x\n```", "\n".repeat(400));
    let rules = "***\n\n".repeat(600);
    let empty_rows = format!("| h |\n|---|\n{}", "|  |\n".repeat(600));
    let cases: Vec<(&str, String)> = vec![
        (
            "tall-cell",
            format!("| h |\n|---|\n| ${}$ |\n", matrix(200)),
        ),
        ("tall-display", format!("Before.\n\n$${}$$\n", matrix(500))),
        ("blank-code", blank_lines),
        ("rules", rules),
        ("empty-rows", empty_rows),
        (
            "absurd-rule",
            "A $\\rule{1pt}{-1e41pt}$ and $\\rule{1pt}{1e41pt}$.".into(),
        ),
        ("tab", "before\ttab\tafter".into()),
    ];
    for (name, body) in cases {
        let bank = Bank::new("b.md", one_question("T", &body).as_bytes());
        let build = bank.build(&["--formats", "pdf"]);
        assert_eq!(build.code, 0, "{name}: {}", build.stderr);
        assert!(bank.output("pdf").exists(), "{name}");
    }
    let long_title = "Word ".repeat(20_000);
    let bank = Bank::new("b.md", one_question(&long_title, "An answer.").as_bytes());
    let build = bank.build(&["--formats", "pdf"]);
    assert_eq!(build.code, 0, "long title: {}", build.stderr);
}
