//! The Anki deck through Anki's own importer (the `anki` package from PyPI, in
//! the virtualenv `make test` sets up): notes, decks and tags as designed,
//! re-import adds and updates nothing, an edited answer updates exactly its
//! note, and awkward fields round-trip unchanged.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{fixture, root};
use predicates::prelude::*;
use serde_json::Value;

/// The Python that has `anki`, from $QBANK_ANKI_PYTHON or the Makefile's venv.
fn anki_python() -> Option<PathBuf> {
    let python = std::env::var_os("QBANK_ANKI_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/anki-venv/bin/python"));
    if python.is_file() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the Anki tests: no {} (run them with `make test`)",
        python.display()
    );
    eprintln!(
        "note: no Anki virtualenv at {}; run `make test`",
        python.display()
    );
    None
}

fn export_deck(bank: &Path, out: &Path, extra: &[&str]) {
    Command::cargo_bin("qbank")
        .unwrap()
        .args(["export", "anki"])
        .args(extra)
        .arg(bank)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

/// Imports `decks` into `collection` and returns the driver's JSON.
fn import(python: &Path, collection: &Path, decks: &[&Path]) -> Value {
    let output = std::process::Command::new(python)
        .arg(root().join("tests/anki/import_deck.py"))
        .arg(collection)
        .args(decks)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

/// The rows of a deck file, its `#` header lines skipped.
fn read_deck(path: &Path) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(path).unwrap();
    let body: String = text
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn log(result: &Value, field: &str) -> u64 {
    result["logs"][0][field].as_u64().unwrap()
}

#[test]
fn the_seed_deck_imports_and_updates_in_place() {
    let Some(python) = anki_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("collection.anki2");
    let deck = dir.path().join("python.anki.csv");
    export_deck(&root().join("content/python.md"), &deck, &[]);

    let first = import(&python, &collection, &[&deck]);
    assert_eq!(log(&first, "new"), 47, "{first:#}");
    for field in [
        "updated",
        "conflicting",
        "missing_notetype",
        "missing_deck",
        "empty_first_field",
        "first_field_match",
    ] {
        assert_eq!(log(&first, field), 0, "{field}");
    }
    let notes = first["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 47);
    assert!(notes.iter().all(|n| n["notetype"] == "Basic"));
    assert!(
        first["decks"]
            .as_array()
            .unwrap()
            .contains(&"qbank::Python Interview Questions".into())
    );
    let gil = notes
        .iter()
        .find(|n| {
            n["fields"][0]
                .as_str()
                .unwrap()
                .starts_with("What is the Global Interpreter Lock")
        })
        .unwrap();
    assert_eq!(
        gil["decks"],
        serde_json::json!(["qbank::Python Interview Questions"])
    );
    for tag in [
        "qbank::difficulty::hard",
        "qbank::tag::concurrency",
        "qbank::company::google",
        "qbank::kind::premium",
    ] {
        assert!(
            gil["tags"].as_array().unwrap().contains(&tag.into()),
            "{tag}"
        );
    }
    let back = gil["fields"][1].as_str().unwrap();
    let code = back
        .find("<code class=\"language-python\">")
        .expect("code block");
    assert!(back[..code].ends_with('>') && back[..code].contains("<pre"));
    // Coloured and in line elements: the text reads as written.
    let text = visible_text(&back[code..]);
    assert!(text.starts_with("import threading"), "{text}");
    assert!(text.contains(
        "def cpu_bound_task(n):\n    \"\"\"CPU-intensive calculation\"\"\"\n    return sum"
    ));
    assert!(back[code..].contains("<font color=#cf222e>def</font>"));
    assert!(back.contains("Interviewer's Insight"));

    // The same file again: nothing added, nothing changed.
    let again = import(&python, &collection, &[&deck]);
    assert_eq!(
        (log(&again, "new"), log(&again, "updated")),
        (0, 0),
        "{again:#}"
    );
    assert_eq!(log(&again, "duplicate"), 47);

    // One sentence of the GIL answer edited: exactly that note is updated.
    let edited_bank = dir.path().join("python.md");
    let text = std::fs::read_to_string(root().join("content/python.md")).unwrap();
    let sentence =
        "The Global Interpreter Lock is a mutex (lock) that protects access to Python objects";
    assert_eq!(text.matches(sentence).count(), 1);
    std::fs::write(
        &edited_bank,
        text.replace(
            sentence,
            "The GIL is one mutex that guards every Python object",
        ),
    )
    .unwrap();
    let edited_deck = dir.path().join("edited.anki.csv");
    export_deck(&edited_bank, &edited_deck, &[]);
    let updated = import(&python, &collection, &[&edited_deck]);
    assert_eq!(
        (log(&updated, "new"), log(&updated, "updated")),
        (0, 1),
        "{updated:#}"
    );
    let notes = updated["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 47);
    let gil_after = notes.iter().find(|n| n["guid"] == gil["guid"]).unwrap();
    assert_eq!(gil_after["id"], gil["id"], "same note, review history kept");
    assert!(
        gil_after["fields"][1]
            .as_str()
            .unwrap()
            .contains("guards every Python object")
    );
}

#[test]
fn awkward_fields_round_trip_unchanged() {
    let Some(python) = anki_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("roundtrip.anki.csv");
    export_deck(&fixture("anki-roundtrip.md"), &deck, &[]);
    // What qbank wrote, read back with a CSV reader.
    let rows = read_deck(&deck);
    assert_eq!(rows.len(), 1);
    let (front, back) = (&rows[0][0], &rows[0][1]);
    assert!(front.starts_with('#'), "{front}");
    assert!(
        back.contains('\t') && back.contains('"') && back.contains('\n'),
        "{back}"
    );

    let result = import(&python, &dir.path().join("c.anki2"), &[&deck]);
    assert_eq!(log(&result, "new"), 1, "{result:#}");
    let note = &result["notes"][0];
    assert_eq!(note["fields"][0], front);
    assert_eq!(note["fields"][1], back);
    assert_eq!(note["guid"], &rows[0][4]);
}

#[test]
fn selection_keeps_guids() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.csv");
    let hard = dir.path().join("hard.csv");
    export_deck(&root().join("content/python.md"), &all, &[]);
    export_deck(
        &root().join("content/python.md"),
        &hard,
        &["--difficulty", "hard"],
    );
    let guids = |path: &Path| -> Vec<String> {
        read_deck(path)
            .iter()
            .map(|row| row[4].to_owned())
            .collect()
    };
    let (all, hard) = (guids(&all), guids(&hard));
    assert_eq!(all.len(), 47);
    assert_eq!(hard.len(), 8);
    assert!(hard.iter().all(|g| all.contains(g)));
}

#[test]
fn guids_are_unique_across_every_bank() {
    let mut banks = vec![
        root().join("content/python.md"),
        fixture("shapes.md"),
        fixture("anki-roundtrip.md"),
    ];
    let corpus = root().join("../shared/corpus");
    if corpus.is_dir() {
        banks.extend(qbank::source::markdown_files_in(&corpus).unwrap());
    }
    // A bank is known by its id: the corpus's Python.md is a later edition of
    // content/python.md, and the same question in both is meant to be one note.
    let mut seen_documents = std::collections::HashSet::new();
    let mut guids = std::collections::HashMap::new();
    for bank in &banks {
        let doc = common::parse_file(bank).document;
        if !seen_documents.insert(doc.id.clone()) {
            continue;
        }
        for q in &doc.questions {
            let guid = qbank::export::anki::guid(&q.id);
            if let Some(other) = guids.insert(guid.clone(), q.id.clone()) {
                panic!("{other} and {} share GUID {guid}", q.id);
            }
        }
    }
    assert!(guids.len() > 200, "{}", guids.len());
}

#[test]
fn the_manifest_names_notes_whose_questions_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("python.manifest");
    let run = |bank: &Path| {
        Command::cargo_bin("qbank")
            .unwrap()
            .args(["export", "anki"])
            .arg(bank)
            .arg("-o")
            .arg(dir.path().join("deck.csv"))
            .arg("--manifest")
            .arg(&manifest)
            .assert()
            .success()
    };
    run(&root().join("content/python.md")).stderr(predicates::str::contains("47 notes"));
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (header, lines) = text.split_once('\n').unwrap();
    assert!(header.starts_with("# qbank anki-manifest 1"), "{header}");
    assert_eq!(lines.lines().count(), 47);
    let mut sorted: Vec<&str> = lines.lines().collect();
    sorted.sort();
    assert_eq!(sorted, lines.lines().collect::<Vec<_>>(), "sorted by GUID");

    // The same bank with one question renamed: that note is named as gone.
    let edited = dir.path().join("python.md");
    let text = std::fs::read_to_string(root().join("content/python.md")).unwrap();
    std::fs::write(
        &edited,
        text.replace(
            "### What is the Walrus Operator `:=`?",
            "### Renamed Walrus Question",
        ),
    )
    .unwrap();
    run(&edited).stderr(
        predicates::str::contains("1 note in Anki has no question any more").and(
            predicates::str::contains("python/what-is-the-walrus-operator"),
        ),
    );
}

#[test]
fn scripts_in_content_are_inert_in_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("hostile.csv");
    export_deck(&fixture("hostile.md"), &deck, &[]);
    let rows = read_deck(&deck);
    assert_eq!(rows.len(), 1);
    // Every real tag (a literal `<name`): escaped text (`&lt;script`) is not markup.
    let tag = regex::Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").unwrap();
    let handler = regex::Regex::new(r"\son\w+\s*=").unwrap();
    let allowed = [
        "p",
        "div",
        "span",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "a",
        "br",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ];
    assert_eq!(
        &rows[0][2],
        "qbank::Hostile ‹script›alert('title')‹/script›"
    );
    let mut tags = 0;
    for field in rows[0].iter() {
        for found in tag.captures_iter(field) {
            tags += 1;
            let (name, attributes) = (found[2].to_lowercase(), found[3].to_lowercase());
            assert!(
                allowed.contains(&name.as_str()),
                "<{name}> is live in {field}"
            );
            assert!(
                !handler.is_match(&attributes),
                "event handler: {}",
                &found[0]
            );
            assert!(
                !attributes.contains("javascript:"),
                "script URL: {}",
                &found[0]
            );
        }
    }
    assert!(tags > 5, "the check looked at real markup");
    // The fields are well-formed markup with nothing live in it.
    for field in rows[0].iter().take(2) {
        let wrapped = format!("<div>{field}</div>");
        common::assert_inert(&common::parse_xml(&wrapped), "card");
    }
    // Scripts go with their content; the words around dropped tags stay.
    assert!(!rows[0][1].contains("answer\")"), "{}", &rows[0][1]);
    assert!(rows[0][1].contains("and link"), "{}", &rows[0][1]);
    assert!(rows[0][1].contains("here") && !rows[0][1].contains("href=\"javascript"));
}

#[test]
fn math_reaches_the_card_in_anki_delimiters_and_code_stays_code() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("shapes.csv");
    export_deck(&fixture("shapes.md"), &deck, &[]);
    let rows = read_deck(&deck);
    let puzzle = rows
        .iter()
        .find(|r| r[0].starts_with("A Puzzle Without Metadata"))
        .unwrap();
    assert!(puzzle[1].contains(r"\(E[X] = 3.5\)"), "{}", &puzzle[1]);
    assert!(!puzzle[1].contains("$E"));
    let closure = rows
        .iter()
        .find(|r| r[0].starts_with("What is a Closure?"))
        .unwrap();
    assert!(visible_text(&closure[1]).contains("def outer():\n    x = 1\n\n    def inner():"));
}

#[test]
fn deck_roots_nest_and_empty_selections_warn() {
    let decks_of = |root: &str| -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("d.csv");
        export_deck(&root_path("content/python.md"), &deck, &["--deck", root]);
        let mut decks: Vec<String> = read_deck(&deck).iter().map(|r| r[2].to_owned()).collect();
        decks.dedup();
        decks
    };
    assert_eq!(
        decks_of("Study::Interviews"),
        ["Study::Interviews::Python Interview Questions"]
    );
    assert_eq!(decks_of(""), ["Python Interview Questions"]);
    Command::cargo_bin("qbank")
        .unwrap()
        .args(["export", "anki", "--tag", "no-such-tag"])
        .arg(root_path("content/python.md"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the selection matched no question",
        ));
}

/// `html` without its tags (the text a card shows, entities left as they are).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn root_path(relative: &str) -> PathBuf {
    root().join(relative)
}

#[test]
fn coloured_and_folded_code_survives_anki_import() {
    let Some(python) = anki_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("highlight.anki.csv");
    export_deck(&fixture("highlight.md"), &deck, &[]);
    let result = import(&python, &dir.path().join("c.anki2"), &[&deck]);
    assert_eq!(log(&result, "new"), 2, "{result:#}");
    let notes = result["notes"].as_array().unwrap();
    let back = |title: &str| {
        notes
            .iter()
            .find(|n| n["fields"][0].as_str().unwrap().starts_with(title))
            .unwrap()["fields"][1]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // A box, colours as inline styles, lines as elements: as exported; and
    // the night-mode style, which Anki's importer keeps in the field.
    let short = back("1. Sum the order");
    assert!(short.contains("background:#f6f8fa"), "{short}");
    assert!(
        short.starts_with("<style>.nightMode pre.qbank-code,"),
        "{short}"
    );
    assert!(short.contains("<font color=#cf222e>def</font>"), "{short}");
    assert!(!short.contains("<details>"));
    // 39 lines: the first 15 shown, the rest folded.
    let long = back("2. A long loop");
    assert!(
        long.contains("<details><summary>24 more lines</summary>"),
        "{long}"
    );
    let text = visible_text(&long);
    assert!(
        text.contains("def checkout(items):\n    total = 0\n"),
        "{text}"
    );
    assert!(text.contains("# line 35\n    return total\n"), "{text}");
}
