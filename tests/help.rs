//! Help and discovery: every command teaches with examples and its exit codes,
//! mistakes are refused with the valid choices named, values are accepted in
//! any case, and the completion scripts and man pages are well-formed.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::root;
use predicates::prelude::*;

fn qbank() -> Command {
    let mut cmd = Command::cargo_bin("qbank").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Every command, as typed after `qbank`.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["build"],
    &["export"],
    &["export", "json"],
    &["export", "anki"],
    &["export", "pdf"],
    &["export", "html"],
    &["export", "epub"],
    &["schema"],
    &["fix"],
    &["lint"],
    &["completions"],
    &["man"],
];

#[test]
fn every_command_has_examples_and_exit_codes() {
    for command in COMMANDS {
        let output = qbank().args(*command).arg("--help").output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        let name = format!("qbank {}", command.join(" "));
        assert!(output.status.success(), "{name} --help failed");
        assert!(help.contains("\nExamples:\n"), "{name} --help: no examples");
        assert!(
            help.contains("\nExit codes:\n  0  "),
            "{name} --help: no exit codes"
        );
        // The examples are of this command, not copied from another one.
        assert!(
            help.contains(&format!("\n  {}", name.trim_end())),
            "{name} --help: no example of {name}"
        );
    }
}

#[test]
fn bash_completion_is_valid_and_completes() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("qbank.bash");
    let output = qbank().args(["completions", "bash"]).output().unwrap();
    assert!(output.status.success());
    std::fs::write(&script, &output.stdout).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Loaded as bash-completion would, it completes a subcommand and a value.
    let complete = |words: &str, current: usize| -> String {
        let program = format!(
            "source \"$1\"; COMP_WORDS=({words}); COMP_CWORD={current}; \
             _qbank qbank \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; \
             echo \"${{COMPREPLY[*]}}\""
        );
        let run = std::process::Command::new("bash")
            .args(["-c", &program, "bash"])
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8(run.stdout).unwrap().trim().to_owned()
    };
    assert_eq!(complete("qbank exp", 1), "export");
    assert_eq!(complete("qbank export pdf --mode ''", 4), "guide handout");
}

#[test]
fn every_shell_gets_a_completion_script() {
    for shell in ["zsh", "fish", "powershell", "elvish", "Bash"] {
        let output = qbank().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "completions {shell} failed");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(
            script.contains("qbank") && script.contains("export"),
            "completions {shell}: no qbank commands in {script:.200}"
        );
    }
    qbank()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bash, elvish, fish, powershell, zsh",
        ));
}

/// Whether man-db's `man` is here to render the pages; CI must have it.
fn man_installed() -> bool {
    let found = std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must render the man pages: no `man` (.ci/run installs man-db)"
        );
        eprintln!("note: no `man` (man-db); the man pages are not rendered");
    }
    found
}

/// A man page as a reader sees it, whitespace collapsed (the layout depends
/// on man's version; the words do not).
fn render(page: &Path) -> String {
    let output = std::process::Command::new("man")
        .arg("-l")
        .arg(page)
        .env("COLUMNS", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "man -l {}: {}",
        page.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn man_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man/man1");
    qbank().arg("man").arg(&out).assert().success();
    let pages = files_in(&out);
    assert_eq!(
        pages,
        [
            "qbank-build.1",
            "qbank-completions.1",
            "qbank-export-anki.1",
            "qbank-export-epub.1",
            "qbank-export-html.1",
            "qbank-export-json.1",
            "qbank-export-pdf.1",
            "qbank-export.1",
            "qbank-fix.1",
            "qbank-lint.1",
            "qbank-man.1",
            "qbank-schema.1",
            "qbank.1",
        ]
    );
    for page in &pages {
        let roff = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            roff.contains(".SH EXAMPLES\n") && roff.contains(".SH \"EXIT STATUS\"\n"),
            "{page}: no EXAMPLES or EXIT STATUS"
        );
    }
    if !man_installed() {
        return;
    }
    let lint = render(&out.join("qbank-lint.1"));
    for expected in [
        "qbank-lint - Check banks for metadata consistency and broken links",
        "EXAMPLES lint content/ qbank lint warnings fail too qbank lint --deny warnings",
        "EXIT STATUS 0 no errors (warnings allowed)",
        "--no-cache With --online: do not read or write the cache of live links",
    ] {
        assert!(
            lint.contains(expected),
            "qbank-lint.1 lacks {expected:?}:\n{lint}"
        );
    }
    let top = render(&out.join("qbank.1"));
    for expected in [
        "qbank - Parse interview-question banks (MkDocs Markdown) into a typed IR and export them",
        "qbank-lint(1) Check banks for metadata consistency and broken links",
        "qbank export pdf --help",
    ] {
        assert!(top.contains(expected), "qbank.1 lacks {expected:?}:\n{top}");
    }
}

/// A page name that is a symbolic link is replaced, not written through:
/// `qbank man DIR` writes nothing outside DIR.
#[cfg(unix)]
#[test]
fn man_does_not_follow_links_out_of_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("precious.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let out = dir.path().join("man");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("qbank-lint.1")).unwrap();
    qbank().arg("man").arg(&out).assert().success();
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    let page = std::fs::symlink_metadata(out.join("qbank-lint.1")).unwrap();
    assert!(page.is_file(), "the link is still there");
}

#[test]
fn man_fails_with_2_when_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    qbank()
        .arg("man")
        .arg(file.join("man"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a-file is a file, not a directory",
        ));
}

#[test]
fn an_unknown_format_is_refused_with_the_valid_ones() {
    qbank()
        .args(["export", "docx", "tests/fixtures/shapes.md"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "error: unknown export format `docx` (available: json, anki, pdf, html, epub)",
        ));
    qbank()
        .args(["export", "jsonl", "tests/fixtures/shapes.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("qbank export json --format jsonl"));
    qbank()
        .args(["build", "--formats", "json,docx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "(available: json, jsonl, anki, pdf, html, epub)",
        ));
    for (args, valid) in [
        (
            &["lint", "--format", "xml"][..],
            "human, json, sarif, github, gitlab",
        ),
        (
            &[
                "export",
                "pdf",
                "--mode",
                "book",
                "tests/fixtures/shapes.md",
            ],
            "guide, handout",
        ),
        (
            &["export", "pdf", "--paper", "a5", "tests/fixtures/shapes.md"],
            "a4, letter",
        ),
        (
            &[
                "export",
                "json",
                "--format",
                "xml",
                "tests/fixtures/shapes.md",
            ],
            "pretty, jsonl",
        ),
        (
            &[
                "export",
                "json",
                "--difficulty",
                "extreme",
                "tests/fixtures/shapes.md",
            ],
            "easy, medium, hard",
        ),
    ] {
        qbank()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "[possible values: {valid}]"
            )));
    }
}

/// `qbank export json ARGS tests/fixtures/shapes.md`'s standard output.
fn export_json(args: &[&str]) -> Vec<u8> {
    let output = qbank()
        .args(["export", "json"])
        .args(args)
        .arg("tests/fixtures/shapes.md")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "export json {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn values_are_accepted_in_any_case() {
    for (option, mixed, lower, field) in [
        ("--difficulty", "Hard", "hard", "difficulty"),
        ("--kind", "Premium", "premium", "kind"),
    ] {
        let output = export_json(&[option, mixed]);
        assert_eq!(output, export_json(&[option, lower]), "{option} {mixed}");
        let document: serde_json::Value = serde_json::from_slice(&output).unwrap();
        let questions = document["questions"].as_array().unwrap();
        assert!(!questions.is_empty(), "{option} {mixed} kept nothing");
        assert!(
            questions.iter().all(|q| q[field] == lower),
            "{option} {mixed} kept another {field}"
        );
    }
    let lines = String::from_utf8(export_json(&["--format", "JSONL"])).unwrap();
    assert!(lines.lines().count() > 1 && lines.lines().all(|l| l.starts_with('{')));

    let lint = qbank()
        .args(["lint", "--format", "JSON", "tests/fixtures/shapes.md"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert!(report["diagnostics"].is_array());

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("handout.pdf");
    qbank()
        .args(["export", "pdf", "--mode", "Handout", "--paper", "A4", "-o"])
        .arg(&pdf)
        .arg("tests/fixtures/shapes.md")
        .assert()
        .success();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    qbank()
        .args(["completions", "BASH"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_qbank"));
}

/// A directory holding one bank, for `build`.
fn one_bank() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::fixture("shapes.md"), dir.path().join("shapes.md")).unwrap();
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_format_named_twice_is_built_once() {
    let input = one_bank();
    let out = tempfile::tempdir().unwrap();
    qbank()
        .args(["build", "--formats", "json,JSON,Html,json", "-o"])
        .arg(out.path())
        .arg(input.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("2 files [json,html]"));
    assert_eq!(
        files_in(out.path()),
        [".qbank-exports", "shapes.html", "shapes.json"]
    );
}

#[test]
fn flags_that_would_be_ignored_are_refused() {
    for (args, message) in [
        (
            &["lint", "--explain", "--fix"][..],
            "cannot be used with '--fix'",
        ),
        (
            &["lint", "--explain", "metadata", "content"],
            "cannot be used with '[PATHS]...'",
        ),
        (
            &["lint", "--explain", "--format", "json"],
            "cannot be used with '--format <FORMAT>'",
        ),
        (
            &["lint", "--no-cache"],
            "the following required arguments were not provided:\n  --online",
        ),
        (
            &["lint", "--exclude", "x"],
            "the following required arguments were not provided:\n  --online",
        ),
        (
            &["lint", "--exclude-all-private"],
            "the following required arguments were not provided:\n  --online",
        ),
        (
            &[
                "lint",
                "--online",
                "--include-link-local",
                "--exclude-link-local",
            ],
            "cannot be used with '--exclude-link-local'",
        ),
    ] {
        qbank()
            .args(args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(message));
    }
    // Alone, --explain still works: the default paths do not conflict.
    qbank()
        .args(["lint", "--explain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("link-dead"));
    qbank()
        .args(["lint", "--explain", "metadata"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("metadata ("));
}
