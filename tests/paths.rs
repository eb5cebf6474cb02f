//! Paths under hostile content: `build` writes only `<out>/<id>.<ext>` with ids
//! sanitised from file names, replaces symbolic links in the output directory
//! instead of following them, and follows links in the content directory only
//! when they stay inside it.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const BANK: &str = "---\ntitle: T\ndescription: D\n---\n\n# T\n\n### Q?\n\n??? success \"View Answer\"\n\n    A.\n";

fn qbank(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("qbank").unwrap();
    cmd.current_dir(dir).env("SOURCE_DATE_EPOCH", "1795600000");
    cmd
}

/// Every path under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() && !path.is_symlink() {
                pending.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn odd_file_names_give_plain_ids_inside_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for name in ["..md", "-o.md", "É vil $(name) ..\\x.md"] {
        std::fs::write(content.join(name), BANK).unwrap();
    }
    // `..md` is a hidden file, which a directory search skips: named, it is read.
    qbank(dir.path())
        .args(["build", "content", "content/..md", "-o", "out"])
        .args(["--formats", "json,html"])
        .assert()
        .success();
    assert_eq!(
        tree(&dir.path().join("out")),
        [
            ".qbank-exports",
            "document.html",
            "document.json",
            "o.html",
            "o.json",
            // A backslash separates paths on Windows, so only `x` names it.
            "x.html",
            "x.json",
        ]
    );
    // Nothing was written beside the output directory.
    assert_eq!(tree(dir.path()).len(), 3 + 1 + 7 + 1);
}

#[test]
fn a_link_in_the_output_directory_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("precious.txt");
    std::fs::write(&outside, "keep me").unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("content/bank.md"), BANK).unwrap();
    symlink(&outside, dir.path().join("out/bank.json")).unwrap();
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    let written = dir.path().join("out/bank.json");
    assert!(!written.is_symlink());
    assert!(
        std::fs::read_to_string(written)
            .unwrap()
            .contains("\"title\": \"T\"")
    );
}

#[test]
fn links_in_the_content_directory_must_stay_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("drafts")).unwrap();
    std::fs::write(content.join("drafts/bank.txt"), BANK).unwrap();
    symlink(content.join("drafts/bank.txt"), content.join("bank.md")).unwrap();
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json"])
        .assert()
        .success();
    assert!(dir.path().join("out/bank.json").exists());

    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, "# private notes\n").unwrap();
    symlink(&secret, content.join("leak.md")).unwrap();
    let refused = || {
        predicate::str::contains("content/leak.md is a symbolic link to")
            .and(predicate::str::contains("secret.md, outside content"))
    };
    qbank(dir.path())
        .args(["build", "content", "-o", "out2"])
        .assert()
        .code(2)
        .stderr(refused());
    assert!(!dir.path().join("out2").exists());
    qbank(dir.path())
        .args(["lint", "content"])
        .assert()
        .code(2)
        .stderr(refused());
}
