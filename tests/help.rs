//! Help and discovery: every command teaches with examples and its exit codes,
//! mistakes are refused with the valid choices named, values are accepted in
//! any case, and the completion scripts and man pages are well-formed.

mod common;

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
