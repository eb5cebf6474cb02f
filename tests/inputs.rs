//! What qbank reads and how it talks: directories searched recursively
//! (hidden and git-ignored paths skipped), standard input, one answer for an
//! empty directory from every command, binary input named as such, banks
//! without questions warned about, `-q`, `--color`, and warnings that count
//! their items instead of listing them.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{fixture, root};
use predicates::prelude::*;

fn qbank(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("qbank").unwrap();
    cmd.current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    cmd
}

fn seed() -> Vec<u8> {
    std::fs::read(root().join("content/python.md")).unwrap()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn directories_are_searched_recursively_skipping_hidden_and_ignored_paths() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for path in [
        "top.md",
        "a/b/nested.md",
        ".drafts/hidden.md",
        "old/ignored.md",
    ] {
        let path = content.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, seed()).unwrap();
    }
    let git = std::process::Command::new("git")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["init", "-q"])
        .arg(dir.path())
        .status()
        .expect("git is installed");
    assert!(git.success());
    std::fs::write(dir.path().join(".gitignore"), "old/\n").unwrap();
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("built 2 banks"));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".qbank-exports", "nested.json", "top.json"]);
    let lint = qbank(dir.path())
        .args(["lint", "--format", "json", "content"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&lint.stdout);
    assert!(report.contains("content/a/b/nested.md"), "{report}");
    assert!(!report.contains("hidden.md") && !report.contains("ignored.md"));
}

#[test]
fn standard_input_is_a_bank() {
    let dir = tempfile::tempdir().unwrap();
    let out = qbank(dir.path())
        .args(["export", "json", "-", "--stdin-id", "python"])
        .write_stdin(seed())
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["id"], "python");
    assert_eq!(json["source"]["path"], "<stdin>");
    assert_eq!(
        json["questions"][0]["id"]
            .as_str()
            .unwrap()
            .split('/')
            .next(),
        Some("python")
    );
    qbank(dir.path())
        .args(["build", "-", "-o", "out", "--formats", "json"])
        .write_stdin(seed())
        .assert()
        .success();
    assert!(dir.path().join("out/stdin.json").is_file());
    // Lint quotes the lines of what it read from standard input.
    qbank(dir.path())
        .args(["lint", "-"])
        .write_stdin("# T\n\n### Q?\n\n**Difficulty:** 🟡 Hard\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:5").and(predicate::str::contains("Hard")));
    qbank(dir.path())
        .args(["export", "json", "x.md", "--stdin-id", "x"])
        .assert()
        .code(2);
    qbank(dir.path())
        .args(["export", "json", "-", "--stdin-id", "Py_Thon"])
        .write_stdin(seed())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("such as `py-thon`"));
    // --fix rewrites files; standard input is none.
    qbank(dir.path())
        .args(["lint", "--fix", "-"])
        .write_stdin(seed())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`qbank fix -` repairs it"));
}

#[test]
fn every_command_refuses_an_empty_directory_alike() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for command in ["build", "lint", "fix"] {
        let assert = qbank(dir.path()).args([command, "empty"]).assert().code(2);
        assert_eq!(
            stderr_of(&assert),
            "error: empty: no question banks (*.md) here or in its subdirectories\n",
            "{command}"
        );
    }
    // Without a path, build and lint read content/; its absence gets a hint.
    for command in ["build", "lint"] {
        qbank(dir.path()).arg(command).assert().code(2).stderr(
            predicate::str::contains("error: content: no such file or directory").and(
                predicate::str::contains("note: qbank reads content/ when no path is given"),
            ),
        );
    }
}

#[test]
fn binary_input_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bank.md"),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    )
    .unwrap();
    qbank(dir.path())
        .args(["export", "json", "bank.md"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bank.md: gzip data, not a text file")
                .and(predicate::str::contains("iconv").not()),
        );
}

#[test]
fn a_bank_without_questions_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# Notes\n\nJust prose.\n").unwrap();
    qbank(dir.path())
        .args(["export", "json", "notes.md", "-o", "notes.json"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: notes.md: no questions found",
        ));
}

#[test]
fn quiet_prints_errors_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bank.md"), seed()).unwrap();
    std::fs::write(dir.path().join("notes.md"), "# Notes\n").unwrap();
    qbank(dir.path())
        .args(["-q", "build", ".", "-o", "out", "--formats", "json"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    qbank(dir.path())
        .args(["export", "json", "bank.md", "-o", "b.json", "--quiet"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    // Errors still show.
    qbank(dir.path())
        .args(["export", "json", "missing.md", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: missing.md"));
    // Lint's -q hides what does not fail the run, and changes no result:
    // a warning still fails --deny warnings, and is shown then.
    let warned = "# T\n\n### Q?\n\n**Difficulty:** \u{1F7E1} Medium\n\n??? success \"View Answer\"\n\n    A.\n";
    std::fs::write(dir.path().join("warned.md"), warned).unwrap();
    let lint = |args: &[&str]| {
        let output = qbank(dir.path())
            .arg("lint")
            .args(args)
            .arg("warned.md")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, shown) = lint(&[]);
    assert_eq!(code, Some(0));
    assert!(shown.contains("warning["), "{shown}");
    assert_eq!(lint(&["-q"]), (Some(0), String::new()));
    let (code, shown) = lint(&["-q", "--deny", "warnings"]);
    assert_eq!(code, Some(1));
    assert!(shown.contains("warning["), "{shown}");
    let (_, json) = lint(&["-q", "--format", "json"]);
    assert!(json.contains("\"severity\": \"warning\""), "{json}");
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let error = |configure: &dyn Fn(&mut Command)| {
        let mut cmd = qbank(dir.path());
        cmd.args(["export", "json", "missing.md"]);
        configure(&mut cmd);
        stderr_of(&cmd.assert().code(2))
    };
    let red = "\x1b[1;31merror:\x1b[0m missing.md";
    assert!(
        error(&|c| {
            c.arg("--color=always");
        })
        .starts_with(red)
    );
    assert!(
        error(&|_| {}).starts_with("error: missing.md"),
        "a pipe is not a terminal"
    );
    assert!(
        error(&|c| {
            c.env("CLICOLOR_FORCE", "1");
        })
        .starts_with(red)
    );
    assert!(
        error(&|c| {
            c.env("FORCE_COLOR", "1");
        })
        .starts_with(red)
    );
    assert!(
        error(&|c| {
            c.env("FORCE_COLOR", "1").env("NO_COLOR", "1");
        })
        .starts_with("error: ")
    );
    assert!(
        error(&|c| {
            c.env("CLICOLOR_FORCE", "1").arg("--color=never");
        })
        .starts_with("error: ")
    );
    // Lint's report on standard output follows the flag too.
    std::fs::write(
        dir.path().join("bank.md"),
        "# T\n\n### Q?\n\n**Difficulty:** 🟡 Hard\n",
    )
    .unwrap();
    qbank(dir.path())
        .args(["lint", "bank.md", "--color", "always"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\x1b["));
}

#[test]
fn warnings_count_their_items_and_verbose_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = qbank(dir.path());
        cmd.args(["export", "pdf"])
            .arg(fixture("pdf-edge-cases.md"))
            .args(["-o", "edge.pdf"])
            .args(extra);
        stderr_of(&cmd.assert().success())
    };
    let normal = run(&[]);
    let warnings: Vec<&str> = normal
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{normal}");
    assert!(
        warnings[0].contains("printed as code points") && warnings[0].ends_with("; -v lists them"),
        "{normal}"
    );
    assert!(!normal.contains("U+4E2D"), "{normal}");
    let verbose = run(&["-v"]);
    assert!(verbose.contains("  中 U+4E2D"), "{verbose}");
}
