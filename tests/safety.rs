//! qbank never destroys a file it did not make: an output that is an input,
//! an existing file of another format, Markdown, a manifest that is not one,
//! special files (written through, never replaced), a deck and manifest that
//! must change together, and stale exports that only `--clean` removes.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::root;
use predicates::prelude::*;

fn qbank(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("qbank").unwrap();
    cmd.current_dir(dir).env("SOURCE_DATE_EPOCH", "1795600000");
    cmd
}

/// A directory with the seed bank as `bank.md` and a second bank `other.md`.
fn workspace() -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let bank = std::fs::read(root().join("content/python.md")).unwrap();
    std::fs::write(dir.path().join("bank.md"), &bank).unwrap();
    std::fs::write(dir.path().join("other.md"), &bank).unwrap();
    (dir, bank)
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn an_export_never_replaces_its_input() {
    let (dir, bank) = workspace();
    let path = dir.path();
    std::fs::hard_link(path.join("bank.md"), path.join("hard.json")).unwrap();
    std::os::unix::fs::symlink("bank.md", path.join("link.json")).unwrap();
    for output in ["bank.md", "./bank.md", "hard.json", "link.json"] {
        for force in [false, true] {
            let mut cmd = qbank(path);
            cmd.args(["export", "json", "bank.md", "-o", output]);
            if force {
                cmd.arg("--force");
            }
            cmd.assert()
                .code(2)
                .stderr(predicate::str::contains("never writes over its own input"));
            assert_eq!(
                read(path.join("bank.md")),
                bank,
                "-o {output} (force: {force})"
            );
        }
    }
}

#[test]
fn markdown_is_never_overwritten_even_with_force() {
    let (dir, bank) = workspace();
    for args in [
        &["export", "pdf", "bank.md", "-o", "other.md"][..],
        &["export", "pdf", "bank.md", "-o", "other.md", "--force"],
        &[
            "export",
            "anki",
            "bank.md",
            "-o",
            "deck.csv",
            "--manifest",
            "other.md",
        ],
    ] {
        qbank(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "never writes an export over a Markdown file",
            ));
        assert_eq!(read(dir.path().join("other.md")), bank, "{args:?}");
        assert!(
            !dir.path().join("deck.csv").exists(),
            "{args:?}: no deck either"
        );
    }
}

#[test]
fn a_file_qbank_did_not_write_needs_force() {
    let (dir, _) = workspace();
    let path = dir.path();
    // Other formats, and the same formats made by someone else: a config
    // with a `schema_version`, a scanned PDF, a deck Anki exported.
    let theirs: [(&str, &str, &[u8]); 7] = [
        ("json", "package.json", b"{\"name\": \"my-package\", \"version\": \"1.0.0\"}\n"),
        ("json", "config.json", b"{\"schema_version\": 2, \"my\": \"config\"}\n"),
        ("html", "notes.txt", b"my notes\n"),
        ("epub", "guide.pdf", b"%PDF-1.7 a PDF of mine\n"),
        ("pdf", "scan.pdf", b"%PDF-1.4\n% scanned by my printer\n"),
        ("anki", "french.csv", b"#separator:tab\n#html:false\nbonjour\thello\n"),
        ("epub", "novel.epub", b"PK\x03\x04\n\0\0\0\0\0\0\0\0\0\0\0\0\0\x14\0\0\0\x14\0\0\0\x08\0\0\0mimetypeapplication/epub+zip"),
    ];
    for (format, victim, before) in theirs {
        std::fs::write(path.join(victim), before).unwrap();
        qbank(path)
            .args(["export", format, "bank.md", "-o", victim])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("qbank did not write")
                    .and(predicate::str::contains("qbank replaces only")),
            );
        assert_eq!(read(path.join(victim)), before, "{format} -o {victim}");
    }
    let manifest = [
        "export",
        "anki",
        "bank.md",
        "-o",
        "deck.csv",
        "--manifest",
        "notes.txt",
    ];
    qbank(path).args(manifest).assert().code(2);
    assert_eq!(read(path.join("notes.txt")), b"my notes\n");
    assert!(
        !path.join("deck.csv").exists(),
        "the deck waits for its manifest"
    );

    // What qbank wrote, it replaces, in every format (and JSON lines over a
    // JSON document); anything else only with --force, which says what it was.
    for (format, output) in [
        ("json", "out.json"),
        ("anki", "out.csv"),
        ("pdf", "out.pdf"),
        ("html", "out.html"),
        ("epub", "out.epub"),
    ] {
        for _ in 0..2 {
            qbank(path)
                .args(["export", format, "bank.md", "-o", output])
                .assert()
                .success();
        }
    }
    qbank(path)
        .args([
            "export", "json", "--format", "jsonl", "bank.md", "-o", "out.json",
        ])
        .assert()
        .success();
    qbank(path)
        .args(["export", "pdf", "bank.md", "-o", "scan.pdf", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: replaced scan.pdf, a PDF qbank did not write, as --force allows",
        ));
    assert!(read(path.join("scan.pdf")).starts_with(b"%PDF-"));
    qbank(path).args(manifest).arg("--force").assert().success();
    assert!(read(path.join("notes.txt")).starts_with(b"# qbank anki-manifest 1"));
}

#[test]
fn a_manifest_of_a_newer_format_is_refused() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join("m.txt"),
        "# qbank anki-manifest 9\nguid\tid\ttitle\n",
    )
    .unwrap();
    qbank(dir.path())
        .args([
            "export",
            "anki",
            "bank.md",
            "-o",
            "deck.csv",
            "--manifest",
            "m.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("written by a newer qbank"));
    assert!(!dir.path().join("deck.csv").exists());
}

#[test]
fn an_unwritable_manifest_directory_leaves_no_deck() {
    let (dir, _) = workspace();
    let path = dir.path();
    // A path under a regular file cannot be written, by root either.
    std::fs::write(path.join("plain"), "a file").unwrap();
    qbank(path)
        .args(["export", "anki", "bank.md", "-o", "deck.csv"])
        .args(["--manifest", "plain/manifest.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot write plain/manifest.txt: plain is a file, not a directory",
        ));
    assert!(!path.join("deck.csv").exists());

    // A read-only directory, where permissions bind (not for root).
    let locked = path.join("locked");
    std::fs::create_dir(&locked).unwrap();
    set_mode(&locked, 0o555);
    if std::fs::write(locked.join("probe"), "x").is_ok() {
        eprintln!("note: running as root; read-only directories do not bind");
    } else {
        qbank(path)
            .args(["export", "anki", "bank.md", "-o", "deck.csv"])
            .args(["--manifest", "locked/manifest.txt"])
            .assert()
            .code(2);
        assert!(!path.join("deck.csv").exists());
    }
    set_mode(&locked, 0o755);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_fifo_receives_the_whole_output_and_stays_a_fifo() {
    let (dir, _) = workspace();
    let path = dir.path();
    qbank(path)
        .args(["export", "json", "bank.md", "-o", "expected.json"])
        .assert()
        .success();
    let fifo = path.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    qbank(path)
        .args(["export", "json", "bank.md", "-o", "pipe"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    // Had qbank replaced the FIFO instead of writing into it, the reader
    // would wait for ever: open it for writing, without blocking, so that
    // it ends (this fails harmlessly when the reader is already done).
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000; // Linux, where these tests run
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(O_NONBLOCK)
        .open(&fifo);
    let received = reader.join().unwrap();
    assert_eq!(received, read(path.join("expected.json")));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_device_is_written_through_not_replaced() {
    // A null device of the test's own, so that a regression replaces this
    // node and not the machine's /dev/null. Making one needs root.
    let (dir, _) = workspace();
    let node = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root: mknod must work"
        );
        eprintln!("note: mknod needs root; the device case is left to the unit tests");
        return;
    }
    for format in ["json", "pdf"] {
        qbank(dir.path())
            .args(["export", format, "bank.md", "-o", "null"])
            .assert()
            .success();
    }
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata(&node).unwrap();
    assert!(meta.file_type().is_char_device(), "still a device");
}

#[test]
fn a_regular_file_under_dev_is_judged_like_any_other() {
    let Ok(shm) = tempfile::tempdir_in("/dev/shm") else {
        eprintln!("note: no /dev/shm here");
        return;
    };
    let notes = shm.path().join("notes.txt");
    std::fs::write(&notes, "my precious notes\n").unwrap();
    qbank(shm.path())
        .arg("export")
        .arg("json")
        .arg(root().join("content/python.md"))
        .arg("-o")
        .arg(&notes)
        .assert()
        .code(2);
    assert_eq!(read(&notes), b"my precious notes\n");
}

#[test]
fn the_deck_and_the_manifest_must_be_two_files() {
    let (dir, _) = workspace();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    for manifest in ["deck.csv", "./deck.csv", "sub/../deck.csv"] {
        qbank(dir.path())
            .args(["export", "anki", "bank.md", "-o", "deck.csv"])
            .args(["--manifest", manifest])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("name two files"));
        assert!(!dir.path().join("deck.csv").exists(), "{manifest}");
    }
    qbank(dir.path())
        .args(["export", "anki", "bank.md", "-o", "decks/"])
        .args(["--manifest", "decks/bank.anki.csv"])
        .assert()
        .code(2);
}

#[test]
fn standard_input_is_an_input_too() {
    let (dir, bank) = workspace();
    // `< bank.json`: standard input is the file itself, not a pipe.
    std::fs::write(dir.path().join("bank.json"), "{\"mine\": 1}").unwrap();
    let run = |redirected: &str, output: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("qbank"))
            .current_dir(dir.path())
            .args(["export", "json", "-", "-o", output, "--force"])
            .stdin(std::fs::File::open(dir.path().join(redirected)).unwrap())
            .output()
            .unwrap()
    };
    let refused = run("bank.json", "bank.json");
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("never writes over its own input"),
        "{message}"
    );
    assert_eq!(read(dir.path().join("bank.json")), b"{\"mine\": 1}");
    assert_eq!(run("bank.md", "bank.md").status.code(), Some(2));
    assert_eq!(read(dir.path().join("bank.md")), bank);
}

/// A build directory with the two banks, built once into `out`.
fn built() -> (tempfile::TempDir, PathBuf) {
    let (dir, _) = workspace();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for name in ["bank.md", "other.md"] {
        std::fs::rename(dir.path().join(name), content.join(name)).unwrap();
    }
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json,anki"])
        .assert()
        .success();
    (dir, content)
}

#[test]
fn build_refuses_foreign_files_before_writing_anything() {
    let (dir, _) = built();
    let out = dir.path().join("out");
    std::fs::write(out.join("other.anki.csv"), "question,answer\n").unwrap();
    std::fs::remove_file(out.join("bank.json")).unwrap();
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json,anki"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("out/other.anki.csv exists and is a text file")
                .and(predicate::str::contains("built").not()),
        );
    assert!(!out.join("bank.json").exists(), "nothing was written");
    assert_eq!(read(out.join("other.anki.csv")), b"question,answer\n");
}

#[test]
fn an_unwritable_output_directory_is_one_error() {
    let (dir, _) = built();
    std::fs::write(dir.path().join("plain"), "a file").unwrap();
    let assert = qbank(dir.path())
        .args(["build", "content", "-o", "plain/out"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write plain/out: plain is a file, not a directory"),
        "{stderr}"
    );
}

#[test]
fn stale_exports_are_named_and_removed_only_with_clean() {
    let (dir, content) = built();
    let out = dir.path().join("out");
    std::fs::remove_file(content.join("other.md")).unwrap();
    std::fs::write(out.join("mine.json"), "{\"not\": \"an export\"}").unwrap();
    // A PDF named like an export of a gone bank, but not qbank's.
    std::fs::write(out.join("gone.pdf"), "%PDF-1.4\n% scanned\n").unwrap();
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "2 exports of banks that no longer exist: out/other.anki.csv, out/other.json; `--clean` removes them",
        ));
    assert!(out.join("other.json").exists() && out.join("other.anki.csv").exists());
    qbank(dir.path())
        .args([
            "build",
            "content",
            "-o",
            "out",
            "--formats",
            "json",
            "--clean",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "removed 2 exports of banks that no longer exist: out/other.anki.csv, out/other.json",
        ));
    assert!(!out.join("other.json").exists() && !out.join("other.anki.csv").exists());
    assert!(out.join("mine.json").exists() && out.join("bank.json").exists());
    assert!(
        out.join("gone.pdf").exists(),
        "never qbank's, never removed"
    );
    // With single files, a build cannot tell what is stale.
    qbank(dir.path())
        .args(["build", "content/bank.md", "-o", "out", "--clean"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--clean needs directories"));
}

#[test]
fn clean_removes_only_what_a_build_recorded() {
    let (dir, content) = built();
    let out = dir.path().join("out");
    // Exports made by hand into the same folder, of banks that exist.
    for args in [
        &[
            "export",
            "pdf",
            "content/bank.md",
            "-o",
            "out/bank-handout.pdf",
            "--mode",
            "handout",
        ][..],
        &[
            "export",
            "epub",
            "content/bank.md",
            "content/other.md",
            "-o",
            "out/book.epub",
        ],
        &[
            "export",
            "json",
            "--format",
            "jsonl",
            "content/bank.md",
            "content/other.md",
            "-o",
            "out/all.jsonl",
        ],
    ] {
        qbank(dir.path()).args(args).assert().success();
    }
    std::fs::remove_file(content.join("other.md")).unwrap();
    qbank(dir.path())
        .args([
            "build",
            "content",
            "-o",
            "out",
            "--formats",
            "json",
            "--clean",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "removed 2 exports of banks that no longer exist: out/other.anki.csv, out/other.json",
        ));
    for kept in [
        "bank-handout.pdf",
        "book.epub",
        "all.jsonl",
        "bank.anki.csv",
    ] {
        assert!(out.join(kept).exists(), "{kept}");
    }
}

#[test]
fn every_refused_output_is_named_at_once() {
    let (dir, _) = built();
    let out = dir.path().join("out");
    std::fs::write(out.join("bank.json"), "{\"mine\": 1}").unwrap();
    std::fs::write(out.join("other.anki.csv"), "question,answer\n").unwrap();
    qbank(dir.path())
        .args(["build", "content", "-o", "out", "--formats", "json,anki"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("2 outputs are refused:")
                .and(predicate::str::contains("out/bank.json exists"))
                .and(predicate::str::contains("out/other.anki.csv exists")),
        );
}

/// Runs `script` in bash in `dir`, with qbank on the PATH.
fn shell(dir: &Path, script: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("qbank");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::process::Command::new("bash")
        .args(["-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap()
}

#[test]
fn descriptors_and_redirections_are_judged_by_the_file_behind_them() {
    let (dir, bank) = workspace();
    let path = dir.path();
    std::fs::write(path.join("mine.json"), "{\"mine\": 1}\n").unwrap();
    // A descriptor on someone else's file: refused like the file itself.
    let output = shell(path, "qbank export json bank.md -o /dev/fd/3 3<mine.json");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(read(path.join("mine.json")), b"{\"mine\": 1}\n");
    // Standard output appended to the input, as `cat` refuses it.
    let output = shell(path, "qbank export json bank.md >> bank.md");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("standard output is the input bank.md")
    );
    assert_eq!(read(path.join("bank.md")), bank);
    // A redirection to a new file is what the user asked for.
    let output = shell(path, "qbank export json bank.md > fresh.json");
    assert!(output.status.success(), "{output:?}");
    assert!(read(path.join("fresh.json")).starts_with(b"{\n  \"schema_version\""));
}

#[test]
fn new_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = workspace();
    let output = shell(
        dir.path(),
        "umask 077 && qbank export json bank.md -o private.json && umask 002 && qbank export json bank.md -o shared.json",
    );
    assert!(output.status.success(), "{output:?}");
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("private.json"), 0o600);
    assert_eq!(mode("shared.json"), 0o664);
}

#[test]
fn man_pages_replace_only_their_own() {
    let (dir, _) = workspace();
    std::fs::create_dir(dir.path().join("man")).unwrap();
    std::fs::write(dir.path().join("man/qbank-lint.1"), "my own notes\n").unwrap();
    qbank(dir.path())
        .args(["man", "man"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a man page qbank wrote"));
    assert_eq!(read(dir.path().join("man/qbank-lint.1")), b"my own notes\n");
    std::fs::remove_file(dir.path().join("man/qbank-lint.1")).unwrap();
    for _ in 0..2 {
        qbank(dir.path()).args(["man", "man"]).assert().success();
    }
}
