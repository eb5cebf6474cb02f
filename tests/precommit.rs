//! The hooks in .pre-commit-hooks.yaml through the real pre-commit (from
//! PyPI, in the virtualenv `make test` sets up): the manifest is valid, and
//! the system hook, taken from a repository holding this manifest, passes a
//! clean bank and fails a broken one in a throwaway git repository. The
//! `language: rust` hook would build qbank with `cargo install`, too slow for
//! a test; it runs the same entry, which the system hook exercises.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixture, root};

/// pre-commit, from $QBANK_PRE_COMMIT or the Makefile's venv.
fn pre_commit() -> Option<PathBuf> {
    let path = std::env::var_os("QBANK_PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/pre-commit-venv/bin/pre-commit"));
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the pre-commit tests: no {} (run them with `make test`)",
        path.display()
    );
    eprintln!("note: no pre-commit at {}; run `make test`", path.display());
    None
}

/// A command isolated from the user's and the checkout's git and pre-commit
/// state, with the built qbank first on PATH.
fn isolated(program: &Path, home: &Path, cwd: &Path) -> Command {
    let bin = Path::new(env!("CARGO_BIN_EXE_qbank")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut command = Command::new(program);
    command
        .current_dir(cwd)
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("PRE_COMMIT_HOME", home.join("pre-commit"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "qbank test")
        .env("GIT_AUTHOR_EMAIL", "test@qbank.invalid")
        .env("GIT_COMMITTER_NAME", "qbank test")
        .env("GIT_COMMITTER_EMAIL", "test@qbank.invalid")
        .env("NO_COLOR", "1");
    for variable in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "CARGO_TARGET_DIR",
    ] {
        command.env_remove(variable);
    }
    command
}

fn run(mut command: Command) -> Output {
    let output = command.output().unwrap();
    eprintln!(
        "{:?}: {}\n{}{}",
        command,
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn git(home: &Path, cwd: &Path, args: &[&str]) -> String {
    let mut command = isolated(Path::new("git"), home, cwd);
    command.args(args);
    let output = run(command);
    assert!(output.status.success(), "git {args:?} failed");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn the_hook_manifest_is_valid() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let manifest = root().join(".pre-commit-hooks.yaml");
    let mut command = isolated(&pre_commit, home.path(), &root());
    command.arg("validate-manifest").arg(&manifest);
    assert!(run(command).status.success());

    let text = std::fs::read_to_string(&manifest).unwrap();
    let hooks: Vec<serde_json::Value> = serde_norway::from_str(&text).unwrap();
    let summary: Vec<(&str, &str, &str, &str)> = hooks
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap(),
                h["language"].as_str().unwrap(),
                h["entry"].as_str().unwrap(),
                h["files"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("qbank-lint", "rust", "qbank lint", r"\.md$"),
            ("qbank-lint-system", "system", "qbank lint", r"\.md$"),
        ]
    );

    // Not vacuous: pre-commit rejects a hook in a language it does not know.
    let broken = home.path().join("broken.yaml");
    std::fs::write(&broken, text.replace("language: system", "language: cobol")).unwrap();
    let mut command = isolated(&pre_commit, home.path(), &root());
    command.arg("validate-manifest").arg(&broken);
    assert!(!run(command).status.success());
}

#[test]
fn the_system_hook_passes_a_clean_bank_and_fails_a_broken_one() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    let home = temp.path().join("home");
    let hooks = temp.path().join("hooks");
    let work = temp.path().join("work");
    for dir in [&home, &hooks, &work] {
        std::fs::create_dir(dir).unwrap();
    }

    // A hook repository holding this checkout's manifest, as pre-commit
    // would fetch it from a remote: by path, at a commit.
    git(&home, &hooks, &["init", "--quiet"]);
    std::fs::copy(
        root().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&home, &hooks, &["add", ".pre-commit-hooks.yaml"]);
    git(&home, &hooks, &["commit", "--quiet", "-m", "hooks"]);
    let rev = git(&home, &hooks, &["rev-parse", "HEAD"]);

    git(&home, &work, &["init", "--quiet"]);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: qbank-lint-system\n",
        hooks.display()
    );
    std::fs::write(work.join(".pre-commit-config.yaml"), config).unwrap();
    // The lint fixtures' qbank.toml: the built-in severities.
    std::fs::copy(fixture("lint/qbank.toml"), work.join("qbank.toml")).unwrap();
    std::fs::copy(fixture("lint/clean.good.md"), work.join("clean.md")).unwrap();
    git(&home, &work, &["add", "."]);
    git(&home, &work, &["commit", "--quiet", "-m", "a clean bank"]);

    let run_all = || {
        let mut command = isolated(&pre_commit, &home, &work);
        command.args(["run", "--all-files"]);
        run(command)
    };
    let clean = run_all();
    let stdout = String::from_utf8_lossy(&clean.stdout);
    assert!(clean.status.success(), "{stdout}");
    assert!(
        stdout.contains("qbank lint (qbank on PATH)") && stdout.contains("Passed"),
        "{stdout}"
    );

    std::fs::copy(
        fixture("lint/answer-missing.bad.md"),
        work.join("broken.md"),
    )
    .unwrap();
    git(&home, &work, &["add", "broken.md"]);
    let broken = run_all();
    let stdout = String::from_utf8_lossy(&broken.stdout);
    assert_eq!(broken.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Failed"), "{stdout}");
    assert!(
        stdout.contains("error[answer-missing]") && stdout.contains("broken.md"),
        "{stdout}"
    );
    // Nothing leaked into the real home: pre-commit's cache is the temp one.
    assert!(home.join("pre-commit").is_dir());
}
