//! The `qbank` binary as a user runs it: generated files in sync, outputs
//! deterministic and schema-valid, exit codes and messages.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{assert_valid, fixture, question_validator, root, validator};
use predicates::prelude::*;

fn qbank() -> Command {
    let mut cmd = Command::cargo_bin("qbank").unwrap();
    cmd.current_dir(root());
    cmd
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A directory holding the seed and the fixtures, for multi-document runs.
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("content/python.md"),
        dir.path().join("python.md"),
    )
    .unwrap();
    for name in [
        "shapes.md",
        "broken-answers.md",
        "python-seed-mojibake.md",
        "hostile.md",
    ] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn committed_schema_matches_the_types() {
    let committed = std::fs::read_to_string(root().join("schema/qbank.schema.json")).unwrap();
    qbank()
        .arg("schema")
        .assert()
        .success()
        .stdout(predicate::eq(committed.as_str()));
}

/// Seconds since 1970 of a `D:YYYYMMDDHHmmSSZ` PDF date.
fn pdf_date_epoch(date: &str) -> i64 {
    let field = |range: std::ops::Range<usize>| -> i64 { date[range].parse().unwrap() };
    let (year, month, day) = (field(2..6), field(6..8), field(8..10));
    // Days from civil date (proleptic Gregorian), counting from 1970-01-01.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    days * 86_400 + field(10..12) * 3600 + field(12..14) * 60 + field(14..16)
}

#[test]
fn pdf_dates_convert_back_to_epochs() {
    assert_eq!(pdf_date_epoch("D:19700101000000Z"), 0);
    assert_eq!(pdf_date_epoch("D:20000229000000Z"), 951_782_400);
    assert_eq!(pdf_date_epoch("D:20261125094640Z"), 1_795_600_000);
}

/// The build date the committed PDF was made with (`make` takes it from git),
/// so that the rebuild below can be compared byte for byte.
fn committed_pdf_epoch() -> String {
    let pdf =
        std::fs::read(root().join("exports/python.pdf")).expect("exports/python.pdf: run `make`");
    let text = String::from_utf8_lossy(&pdf);
    let start = text.find("/CreationDate(D:").expect("a creation date") + "/CreationDate(".len();
    pdf_date_epoch(&text[start..start + 17]).to_string()
}

#[test]
fn committed_exports_are_what_make_builds() {
    let out = tempfile::tempdir().unwrap();
    qbank()
        .env("SOURCE_DATE_EPOCH", committed_pdf_epoch())
        .args(["build", "content", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("built 1 bank (197 questions, "));
    let committed = read_dir_sorted(&root().join("exports"));
    let fresh = read_dir_sorted(out.path());
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "exports/ lists other files: run `make`"
    );
    assert!(committed == fresh, "exports/ is stale: run `make`");
}

#[test]
fn builds_are_identical_across_runs_and_thread_counts() {
    let input = corpus_dir();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "2"] {
        let out = tempfile::tempdir().unwrap();
        qbank()
            .env("RAYON_NUM_THREADS", threads)
            .env("SOURCE_DATE_EPOCH", "1795600000")
            .args(["build", "--formats", "json,jsonl,anki,pdf,html,epub", "-o"])
            .arg(out.path())
            .arg(input.path())
            .assert()
            .success();
        outputs.push(read_dir_sorted(out.path()));
    }
    // 30 exports and the build's record of them.
    assert_eq!(outputs[0].len(), 31);
    assert_eq!(outputs[0][0].0, ".qbank-exports");
    assert!(outputs[0] == outputs[1] && outputs[1] == outputs[2]);
    // Lint's report too, with the cross-bank checks.
    let reports: Vec<Vec<u8>> = ["1", "2"]
        .iter()
        .map(|threads| {
            let output = qbank()
                .env("RAYON_NUM_THREADS", threads)
                .args(["lint", "--format", "json"])
                .arg(input.path())
                .output()
                .unwrap();
            output.stdout
        })
        .collect();
    assert!(reports[0].len() > 1000 && reports[0] == reports[1]);
}

#[test]
fn every_json_export_validates_against_the_committed_schema() {
    let input = corpus_dir();
    let out = tempfile::tempdir().unwrap();
    qbank()
        .args(["build", "--formats", "json,jsonl", "-o"])
        .arg(out.path())
        .arg(input.path())
        .assert()
        .success();
    let (document, question) = (validator(), question_validator());
    let mut questions = 0;
    for (name, bytes) in read_dir_sorted(out.path()) {
        let text = String::from_utf8(bytes).unwrap();
        if !name.ends_with(".json") && !name.ends_with(".jsonl") {
            continue;
        }
        if name.ends_with(".jsonl") {
            for line in text.lines() {
                assert_valid(&question, &serde_json::from_str(line).unwrap(), &name);
                questions += 1;
            }
        } else {
            assert_valid(&document, &serde_json::from_str(&text).unwrap(), &name);
        }
    }
    assert!(questions > 400, "{questions}");
    // The schema is not vacuous: a wrong difficulty is rejected.
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("exports/python.json")).unwrap())
            .unwrap();
    doc["questions"][0]["difficulty"] = "brutal".into();
    assert!(!document.is_valid(&doc));
}

#[test]
fn export_to_stdout_file_and_directory() {
    let out = tempfile::tempdir().unwrap();
    let stdout = qbank()
        .args(["export", "json", "--format", "jsonl", "content/python.md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(stdout).unwrap().lines().count(), 197);

    let file = out.path().join("one.json");
    qbank()
        .args(["export", "json", "content/python.md", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(root().join("exports/python.json")).unwrap()
    );

    let dir = format!("{}/many/", out.path().display());
    qbank()
        .args(["export", "json", "content/python.md"])
        .arg(fixture("shapes.md"))
        .args(["-o", &dir])
        .assert()
        .success();
    assert!(out.path().join("many/python.json").is_file());
    assert!(out.path().join("many/shapes.json").is_file());
}

#[test]
fn several_documents_into_one_json_file_is_a_usage_error() {
    qbank()
        .args(["export", "json", "content/python.md"])
        .arg(fixture("shapes.md"))
        .args(["-o", "/tmp/qbank-never-written.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name a directory"));
    assert!(!Path::new("/tmp/qbank-never-written.json").exists());
}

#[test]
fn several_documents_to_standard_output_concatenate_bundle_or_are_refused() {
    // JSON Lines concatenate; an EPUB bundles them into one book.
    let lines = qbank()
        .args(["export", "json", "--format", "jsonl", "content/python.md"])
        .arg(fixture("shapes.md"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&lines.get_output().stdout).into_owned();
    assert!(text.lines().count() > 197);
    let book = qbank()
        .args(["export", "epub", "content/python.md"])
        .arg(fixture("shapes.md"))
        .assert()
        .success();
    let bytes = &book.get_output().stdout;
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    for chapter in ["EPUB/text/python.xhtml", "EPUB/text/shapes.xhtml"] {
        assert!(names.iter().any(|n| n == chapter), "{names:?}");
    }
    // Two pretty JSON or HTML documents back to back would be neither.
    for format in ["json", "html"] {
        qbank()
            .args(["export", format, "content/python.md"])
            .arg(fixture("shapes.md"))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("standard output"));
    }
}

#[test]
fn invalid_utf8_is_a_content_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, b"---\ntitle: x\n---\n\xff\xfe broken\n").unwrap();
    qbank()
        .args(["export", "json"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.md:4: invalid UTF-8 at byte offset 17",
        ));

    // In a build, the other documents are still written.
    std::fs::copy(fixture("shapes.md"), dir.path().join("shapes.md")).unwrap();
    let out = dir.path().join("out");
    qbank()
        .arg("build")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.md:4: invalid UTF-8"));
    assert!(out.join("shapes.json").is_file());
}

#[test]
fn io_and_usage_errors_exit_2() {
    qbank()
        .args(["export", "json", "no/such/file.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/file.md: no such file or directory",
        ));
    qbank().args(["build", "no/such/dir"]).assert().code(2);
    qbank()
        .args(["build", "--formats", "json,docx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format `docx`"));
    qbank().arg("frobnicate").assert().code(2);
}

/// `qbank fix` of tests/fixtures/python-seed-mojibake.md, pinned by length and
/// SHA-256. The fixed seed was content/python.md until the bank was edited by
/// hand (the duplicate questions merged); to regenerate after a deliberate
/// change to the reader's repairs, run
/// `cp tests/fixtures/python-seed-mojibake.md /tmp/python.md && qbank fix /tmp/python.md`
/// then `wc -c /tmp/python.md && sha256sum /tmp/python.md`, and read the diff.
const FIXED_SEED_LEN: usize = 145_362;
const FIXED_SEED_SHA256: &str = "a0d1f2a8f6dd4e08542d2fb90b2c89c17905289194e317d42a168b1857dd4b72";

#[test]
fn fix_repairs_the_raw_seed_to_known_bytes_and_then_finds_nothing_to_do() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("python.md");
    std::fs::copy(fixture("python-seed-mojibake.md"), &seed).unwrap();
    qbank()
        .args(["fix", "--check"])
        .arg(&seed)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "needs a fix: repair Mac Roman mojibake",
        ));
    qbank().arg("fix").arg(&seed).assert().success();
    let fixed = std::fs::read(&seed).unwrap();
    let sha256: String = Sha256::digest(&fixed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        (fixed.len(), sha256.as_str()),
        (FIXED_SEED_LEN, FIXED_SEED_SHA256),
        "`qbank fix` of the raw seed changed. If the change to the repairs is meant, \
         regenerate the pins: cp tests/fixtures/python-seed-mojibake.md /tmp/python.md \
         && qbank fix /tmp/python.md && wc -c /tmp/python.md && sha256sum /tmp/python.md"
    );
    qbank()
        .args(["fix", "--check"])
        .arg(&seed)
        .assert()
        .success();
}

#[test]
fn help_teaches_with_examples() {
    qbank()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("qbank build")));
}
