//! Killed runs: a `qbank build` stopped with SIGKILL at any moment leaves
//! every output either as the previous build wrote it or as this build
//! writes it, never torn; the next run removes the temp files it left.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{fixture, root};

const EPOCH: &str = "1795600000";

fn build(content: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_qbank"))
        .args(["build", "-o"])
        .arg(out)
        .arg(content)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qbank starts")
}

fn build_to_end(content: &Path, out: &Path) -> String {
    let output = build(content, out).wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// Every file of `dir` by name.
/// The outputs in `dir`, without the build's record of them (the same after
/// every build of these banks, so it tells no build from another).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .filter(|(name, _)| name != ".qbank-exports")
        .collect()
}

fn is_temp(name: &str) -> bool {
    name.starts_with(".qbank-") && name.ends_with(".tmp")
}

/// Banks that take the build long enough to be killed in the middle.
fn write_banks(content: &Path, edition: &str) {
    let python = std::fs::read_to_string(root().join("content/python.md")).unwrap();
    let banks = [
        ("python.md", python),
        (
            "shapes.md",
            std::fs::read_to_string(fixture("shapes.md")).unwrap(),
        ),
        (
            "edge.md",
            std::fs::read_to_string(fixture("pdf-edge-cases.md")).unwrap(),
        ),
    ];
    for (name, text) in banks {
        // The edition changes every output of the bank.
        let text = text.replacen("title: ", &format!("title: {edition} "), 1);
        std::fs::write(content.join(name), text).unwrap();
    }
}

#[test]
fn a_killed_build_leaves_each_output_whole_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out, reference) = (
        dir.path().join("content"),
        dir.path().join("out"),
        dir.path().join("reference"),
    );
    std::fs::create_dir(&content).unwrap();
    write_banks(&content, "First");
    build_to_end(&content, &out);
    let first = files(&out);
    write_banks(&content, "Second");
    let started = Instant::now();
    build_to_end(&content, &reference);
    let full = started.elapsed();
    let second = files(&reference);
    assert_eq!(first.len(), 15);
    assert!(first.keys().eq(second.keys()));
    assert!(first.iter().all(|(name, bytes)| second[name] != *bytes));

    // Kill builds at moments spread over a whole build's duration.
    let (mut mid_build, mut temps_left, mut mixed) = (0, 0, 0);
    for step in 0..24 {
        let mut child = build(&content, &out);
        std::thread::sleep(full.mul_f64(f64::from(step) / 20.0));
        if child.try_wait().unwrap().is_none() {
            mid_build += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = files(&out);
        let mut from_first = 0;
        for (name, bytes) in &now {
            if is_temp(name) {
                temps_left += 1;
                continue;
            }
            let whole = first.get(name) == Some(bytes) || second.get(name) == Some(bytes);
            assert!(whole, "step {step}: {name} is neither build's output");
            from_first += usize::from(first.get(name) == Some(bytes));
        }
        let outputs = now.keys().filter(|n| !is_temp(n)).count();
        assert_eq!(outputs, 15, "step {step}: an output went missing");
        if from_first > 0 && from_first < outputs {
            mixed += 1;
        }
        // Back to the first build's outputs for the next kill, through a
        // complete run of the old content: temps are cleaned at its start.
        if step % 4 == 3 {
            write_banks(&content, "First");
            build_to_end(&content, &out);
            write_banks(&content, "Second");
        }
    }
    eprintln!(
        "kills inside a build: {mid_build}, temps left: {temps_left}, mixed outputs: {mixed}"
    );
    // The test proves something only if kills landed inside builds.
    assert!(
        mid_build >= 12,
        "only {mid_build} kills landed inside a build"
    );
    assert!(
        mixed > 0 || temps_left > 0,
        "no kill caught a build between its first and last write"
    );

    // A temp file a killed run left is removed by the next run.
    std::fs::write(out.join(".qbank-stale1.tmp"), b"half an output").unwrap();
    let stderr = build_to_end(&content, &out);
    assert!(stderr.contains("left by an interrupted run"), "{stderr}");
    assert_eq!(files(&out), second);
}
