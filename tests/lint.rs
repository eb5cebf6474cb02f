//! `qbank lint` as CI runs it: each rule on a failing and a passing fixture,
//! the seed's known defects, fixes, output formats, configuration, exit codes.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{fixture, root};
use predicates::prelude::*;
use serde_json::Value;

fn qbank() -> Command {
    let mut cmd = Command::cargo_bin("qbank").unwrap();
    cmd.current_dir(root());
    cmd
}

fn lint_json(args: &[&str], path: &Path) -> (i32, Value) {
    let output = qbank()
        .arg("lint")
        .args(["--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap(), json)
}

fn rule_lines(json: &Value) -> Vec<(String, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn lint_fixture(name: &str) -> PathBuf {
    fixture("lint").join(name)
}

/// Each failing fixture and exactly what it must report.
const FAILING: &[(&str, &[(&str, u64)])] = &[
    ("encoding.bad.md", &[("encoding", 1)]),
    ("byte-order-mark.bad.md", &[("byte-order-mark", 1)]),
    ("encoding-invalid.bad.md", &[("encoding", 16)]),
    ("front-matter.bad.md", &[("front-matter", 1)]),
    ("front-matter-fields.bad.md", &[("front-matter-fields", 1)]),
    ("metadata.bad.md", &[("metadata", 12)]),
    ("difficulty.bad.md", &[("difficulty", 12)]),
    ("answer-missing.bad.md", &[("answer-missing", 10)]),
    ("insight-missing.bad.md", &[("insight-missing", 10)]),
    ("admonition-empty.bad.md", &[("admonition-empty", 18)]),
    (
        "admonition-unindented.bad.md",
        &[("insight-missing", 10), ("admonition-unindented", 18)],
    ),
    // Lines of a docstring at the left edge end the body inside its code:
    // each is reported, not the fence far above them.
    (
        "admonition-unindented-code.bad.md",
        &[
            ("insight-missing", 10),
            ("admonition-unindented", 19),
            ("admonition-unindented", 21),
        ],
    ),
    ("nesting-depth.bad.md", &[("nesting-depth", 48)]),
    (
        "code-fence-unclosed.bad.md",
        &[("insight-missing", 10), ("code-fence-unclosed", 16)],
    ),
    ("escaped-newlines.bad.md", &[("escaped-newlines", 16)]),
    ("heading-companies.bad.md", &[("heading-companies", 10)]),
    ("company-alias.bad.md", &[("company-alias", 25)]),
    ("tag-case.bad.md", &[("tag-case", 25)]),
    ("vocabulary/tag-unknown.bad.md", &[("tag-unknown", 12)]),
    ("duplicate-question.bad.md", &[("duplicate-question", 23)]),
    ("reference-numbering.bad.md", &[("reference-numbering", 28)]),
    // The table's header and first twelve rows were cut away.
    (
        "reference-headerless.bad.md",
        &[("reference-numbering", 25)],
    ),
    ("reference-row.bad.md", &[("reference-row", 28)]),
    ("redundant-marker.bad.md", &[("redundant-marker", 28)]),
    ("link-anchor.bad.md", &[("link-anchor", 16)]),
    ("link-file.bad.md", &[("link-file", 16)]),
    (
        "link-malformed.bad.md",
        &[("link-malformed", 16), ("link-malformed", 16)],
    ),
    ("unrecognized.bad.md", &[("unrecognized", 23)]),
    (
        "math-invalid.bad.md",
        &[("math-invalid", 18), ("math-invalid", 22)],
    ),
];

#[test]
fn every_failing_fixture_reports_exactly_its_rule() {
    for (name, expected) in FAILING {
        let (code, json) = lint_json(&[], &lint_fixture(name));
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(r, l)| (r.to_string(), *l)).collect();
        assert_eq!(rule_lines(&json), expected, "{name}");
        let has_error = json["summary"]["errors"].as_u64().unwrap() > 0;
        assert_eq!(code, i32::from(has_error), "{name}: exit code");
        for d in json["diagnostics"].as_array().unwrap() {
            assert!(
                !d["help"].as_str().unwrap().is_empty(),
                "{name}: every rule has help"
            );
        }
    }
}

#[test]
fn every_passing_fixture_is_clean() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixture("lint"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain([lint_fixture("vocabulary/tag-unknown.good.md")])
        .filter(|p| p.to_string_lossy().ends_with(".good.md"))
        .collect();
    names.sort();
    assert!(names.len() >= 24, "{}", names.len());
    for path in names {
        let (code, json) = lint_json(&[], &path);
        assert_eq!(rule_lines(&json), [], "{}", path.display());
        assert_eq!(code, 0);
    }
    // Every rule that has a failing fixture has a passing one.
    for (name, _) in FAILING.iter().filter(|(n, _)| !n.starts_with("encoding-")) {
        assert!(
            lint_fixture(&name.replace(".bad.", ".good.")).is_file(),
            "{name}"
        );
    }
}

#[test]
fn the_raw_seed_fails_with_its_known_defects() {
    let seed = fixture("python-seed-mojibake.md");
    let (code, json) = lint_json(&[], &seed);
    assert_eq!(code, 1);
    let found = rule_lines(&json);
    assert!(found.contains(&("encoding".into(), 1)));
    let duplicates: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "duplicate-question")
        .collect();
    assert_eq!(duplicates.len(), 2);
    assert_eq!(duplicates[0]["line"], 3321);
    assert!(
        duplicates[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("at line 377")
    );
    assert_eq!(duplicates[1]["line"], 4262);
    assert!(
        duplicates[1]["message"]
            .as_str()
            .unwrap()
            .ends_with("at line 1105")
    );
    // Every diagnostic points at a real line of the file.
    let lines = std::fs::read_to_string(&seed).unwrap().lines().count() as u64;
    assert!(found.iter().all(|(_, line)| (1..=lines).contains(line)));
}

#[test]
fn content_lints_clean_of_errors_and_warnings() {
    let (code, json) = lint_json(&[], &root().join("content"));
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");
    qbank()
        .args(["lint", "--deny", "warnings", "content"])
        .assert()
        .success();
    qbank()
        .arg("lint")
        .assert()
        .success()
        .stderr(predicate::str::starts_with("qbank lint: 0 errors"));
}

fn copy_to_temp(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        std::fs::copy(lint_fixture(name), dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn fix_repairs_encoding_emoji_and_numbering_and_nothing_else() {
    let dir = copy_to_temp(&[
        "encoding.bad.md",
        "difficulty.bad.md",
        "reference-numbering.bad.md",
        "tag-case.bad.md",
    ]);
    // A CRLF copy keeps its line endings through the fix.
    let crlf = std::fs::read_to_string(lint_fixture("difficulty.bad.md"))
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(dir.path().join("crlf.md"), crlf).unwrap();
    qbank()
        .args(["lint", "--fix"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("1 encoding").and(predicate::str::contains("1 difficulty")),
        );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("encoding.bad.md"), read_fixture("clean.good.md"));
    assert!(read("difficulty.bad.md").contains("**Difficulty:** 🟡 Medium"));
    assert!(read("reference-numbering.bad.md").contains("| 2 | What is a generator?"));
    assert!(
        read("crlf.md").contains(
            "**Difficulty:** 🟡 Medium | **Tags:** `Functions` | **Asked by:** Google\r\n"
        )
    );
    // tag-case has no safe fix: the file is untouched and still reported.
    assert_eq!(read("tag-case.bad.md"), read_fixture("tag-case.bad.md"));
    let (_, json) = lint_json(&[], &dir.path().join("tag-case.bad.md"));
    assert_eq!(rule_lines(&json), [("tag-case".to_string(), 25)]);
    for fixed in [
        "encoding.bad.md",
        "difficulty.bad.md",
        "reference-numbering.bad.md",
        "crlf.md",
    ] {
        let (code, json) = lint_json(&[], &dir.path().join(fixed));
        assert_eq!((code, rule_lines(&json)), (0, vec![]), "{fixed}");
    }
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(lint_fixture(name)).unwrap()
}

#[test]
fn human_output_points_at_the_line() {
    qbank()
        .args(["lint"])
        .arg(lint_fixture("difficulty.bad.md"))
        .env("NO_COLOR", "1")
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains(
                "warning[difficulty]: difficulty `Medium` is marked 🟢; Medium is 🟡",
            )
            .and(predicate::str::contains("difficulty.bad.md:12:17"))
            .and(predicate::str::contains("12 | **Difficulty:** 🟢 Medium"))
            .and(predicate::str::contains("   |                 ^"))
            .and(predicate::str::contains("fixable with --fix"))
            .and(predicate::str::contains('\x1b').not()),
        )
        .stderr(predicate::str::contains(
            "qbank lint: 0 errors, 1 warning, 0 infos in 1 file",
        ));
}

#[test]
fn github_format_annotates() {
    qbank()
        .args(["lint", "--format", "github"])
        .arg(lint_fixture("answer-missing.bad.md"))
        .assert()
        .code(1)
        .stdout(predicate::str::is_match(r"^::error file=[^,]*answer-missing\.bad\.md,line=10,col=1,title=qbank answer-missing::question `What is a Closure\?` has no answer\n$").unwrap());
}

/// The official SARIF 2.1.0 schema, as the serde-sarif crate ships it.
fn sarif_schema() -> Value {
    let metadata = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(root())
        .output()
        .unwrap();
    let metadata: Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dev-dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_owned();
    let schema = Path::new(&manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    // The published 2.1.0 schema has a typo in its `language` patterns (a stray
    // `]`) that draft-07 meta-validation rejects as a regex; correct those only.
    const TYPO: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    fn correct(value: &mut Value) -> usize {
        match value {
            Value::String(s) if s == TYPO => {
                *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".to_owned();
                1
            }
            Value::Array(items) => items.iter_mut().map(correct).sum(),
            Value::Object(map) => map.values_mut().map(correct).sum(),
            _ => 0,
        }
    }
    assert!(correct(&mut schema) >= 1);
    assert_eq!(
        schema["$id"],
        "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    );
    schema
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let output = qbank()
        .args(["lint", "--format", "sarif"])
        .arg(fixture("python-seed-mojibake.md"))
        .arg(lint_fixture("link-anchor.bad.md"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = jsonschema::validator_for(&sarif_schema()).unwrap();
    common::assert_valid(&validator, &sarif, "SARIF output");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), qbank::rules::ALL.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // Not vacuous: a result without a message is rejected.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn configuration_changes_severities_and_is_checked() {
    let dir = copy_to_temp(&["insight-missing.bad.md"]);
    let file = dir.path().join("insight-missing.bad.md");
    let (code, _) = lint_json(&["--deny", "warnings"], &file);
    assert_eq!(code, 1, "--deny warnings fails on a warning");
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[rules]\ninsight-missing = \"off\"\n",
    )
    .unwrap();
    let (code, json) = lint_json(&["--deny", "warnings"], &file);
    assert_eq!((code, rule_lines(&json)), (0, vec![]));
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[rules]\ninsight-missing = \"error\"\n",
    )
    .unwrap();
    assert_eq!(lint_json(&[], &file).0, 1);
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    qbank()
        .arg("lint")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"));
}

#[test]
fn the_shipped_configuration_is_valid() {
    qbank()
        .args(["lint", "--config", "qbank.toml", "content"])
        .assert()
        .success();
}

#[test]
fn explain() {
    qbank()
        .args(["lint", "--explain", "escaped-newlines"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("escaped-newlines (error,")
                .and(predicate::str::contains("serialised as a JSON string")),
        );
    let listing = qbank().args(["lint", "--explain"]).output().unwrap();
    assert_eq!(
        String::from_utf8(listing.stdout).unwrap().lines().count(),
        qbank::rules::ALL.len()
    );
    qbank().args(["lint", "--explain", "nope"]).assert().code(2);
}

#[test]
fn missing_paths_are_io_errors() {
    qbank()
        .args(["lint", "no/such/file.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.md"));
}

#[test]
fn every_rule_reported_on_the_fixtures_is_registered() {
    let (_, json) = lint_json(&[], &fixture("lint"));
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(
            qbank::rules::find(d["rule"].as_str().unwrap()).is_some(),
            "{d}"
        );
    }
}

#[test]
fn a_directory_without_banks_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/notes.txt"), "# Bank\n").unwrap();
    qbank()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no question banks (*.md) here or in its subdirectories",
        ));
    // Subdirectories are searched.
    std::fs::write(dir.path().join("sub/bank.md"), "# Bank\n").unwrap();
    qbank()
        .args(["lint", "--format", "json"])
        .arg(dir.path())
        .assert()
        .stdout(predicate::str::contains("sub/bank.md"));
}

#[test]
fn escaped_newline_runs_are_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.md");
    let text = read_fixture("clean.good.md").replace(
        "    A closure keeps its enclosing scope alive.\n",
        "    A closure.\n    \\n    @dataclass\n    class A:\\n        x: int\\n    \n    \\n    print(\"\\n   ok\")\n",
    );
    std::fs::write(&bank, text).unwrap();
    let (code, json) = lint_json(&[], &bank);
    assert_eq!(code, 1);
    let found: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "escaped-newlines")
        .collect();
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["line"], 17);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("lines 17-19: 3 damaged")
    );
}

/// Correct content that looks like damage: string escapes in code of
/// several languages, inline code, tables, audience suffixes in headings.
#[test]
fn near_misses_are_not_reported() {
    let output = qbank()
        .args(["lint", "--format", "json"])
        .arg(fixture("near-misses.md"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{} {}", d["rule"], d["line"], d["message"]))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(output.status.code(), Some(0));
}

/// Each error rule, with the line its minimal damaged example
/// (`near-misses/<rule>.hit.md`) reports it at. `near-misses/<rule>.md` holds
/// correct content that looks like that damage, drawn from real banks.
const NEAR_MISS_RULES: &[(&str, u64)] = &[
    ("encoding", 1),
    ("front-matter", 1),
    ("answer-missing", 10),
    ("admonition-unindented", 18),
    ("nesting-depth", 24),
    ("code-fence-unclosed", 18),
    ("escaped-newlines", 19),
    ("link-malformed", 16),
];

fn near_miss(name: &str) -> PathBuf {
    fixture("near-misses").join(name)
}

/// The lines `rule` is reported at.
fn lines_of(json: &Value, rule: &str) -> Vec<u64> {
    rule_lines(json)
        .into_iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, line)| line)
        .collect()
}

#[test]
fn error_rules_pass_their_near_misses() {
    for (rule, _) in NEAR_MISS_RULES {
        let (code, json) = lint_json(&[], &near_miss(&format!("{rule}.md")));
        assert_eq!(lines_of(&json, rule), [] as [u64; 0], "{rule}: {json:#}");
        // Nothing else either: the near misses are good banks.
        assert_eq!(rule_lines(&json), [], "{rule}: {json:#}");
        assert_eq!(code, 0, "{rule}");
    }
}

#[test]
fn error_rules_catch_their_minimal_damage() {
    for (rule, line) in NEAR_MISS_RULES {
        let (code, json) = lint_json(&[], &near_miss(&format!("{rule}.hit.md")));
        assert_eq!(lines_of(&json, rule), [*line], "{rule}: {json:#}");
        assert_eq!(code, 1, "{rule}");
    }
}

/// Sixteen levels of quotes or list items are the limit, not past it.
#[test]
fn nesting_depth_allows_exactly_the_limit() {
    let bank =
        |body: String| format!("---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Notes\n\n{body}\n");
    let quotes = |n: usize| bank(format!("{}Deep.", "> ".repeat(n)));
    let items = |n: usize| {
        bank(
            (0..n)
                .map(|i| format!("{}- item\n", "    ".repeat(i)))
                .collect(),
        )
    };
    assert_eq!(found_in(&quotes(16), &[]), []);
    assert_eq!(found_in(&items(16), &[]), []);
    assert_eq!(
        found_in(&quotes(17), &[]),
        [("nesting-depth".to_owned(), 10)]
    );
    assert_eq!(
        found_in(&items(17), &[]),
        [("nesting-depth".to_owned(), 26)]
    );
}

/// A file exactly at the size limit is read; one byte more is not.
#[test]
fn the_file_size_limit_is_inclusive() {
    let path = near_miss("file-too-large.md");
    let size = std::fs::metadata(&path).unwrap().len();
    let (code, json) = lint_json(&["--max-file-size", &size.to_string()], &path);
    assert_eq!(rule_lines(&json), [], "{json:#}");
    assert_eq!(code, 0);
    let (code, json) = lint_json(&["--max-file-size", &(size - 1).to_string()], &path);
    assert_eq!(lines_of(&json, "file-too-large"), [1], "{json:#}");
    assert_eq!(code, 1);
}

/// One alias written many times is one diagnostic, which names the other
/// places in JSON and as SARIF related locations; `--fix` rewrites them all
/// to the name the bank uses most, and only where companies are listed.
#[test]
fn an_alias_repeated_is_reported_once_with_its_places() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.md");
    let mut text = String::from(
        "# Bank\n\n## Premium Interview Questions\n\n### What is a Closure?\n\n**Difficulty:** 🟡 Medium | **Tags:** `Functions` | **Asked by:** Meta\n\n??? success \"View Answer\"\n\n    A closure.\n\n    !!! tip \"Interviewer's Insight\"\n        Scope.\n\n## Questions asked in Facebook interviews\n\n",
    );
    for n in 1..=4 {
        text.push_str(&format!("- Question {n} asked at Facebook\n"));
    }
    text.push_str("\n| Sno | Question Title | Practice Links | Companies Asking | Difficulty | Topics |\n|-----|----|----|----|----|----|\n| 1 | What is a generator? | [Docs](https://docs.python.org/3/) | Facebook, Google | Easy | Iterators |\n| 2 | What is a decorator? | [Docs](https://docs.python.org/3/) | Facebook | Easy | Functions |\n");
    for n in 3..=6 {
        text.push_str(&format!("| {n} | What is a Facebook-scale cache? | [Docs](https://docs.python.org/3/) | Meta | Hard | Caching |\n"));
    }
    std::fs::write(&bank, text).unwrap();
    let json = qbank()
        .args(["lint", "--format", "json"])
        .arg(&bank)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let aliases: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "company-alias")
        .collect();
    assert_eq!(aliases.len(), 1, "{report:#}");
    let related = aliases[0]["related_lines"].as_array().unwrap();
    assert!(!related.is_empty(), "{report:#}");
    assert!(
        aliases[0]["message"]
            .as_str()
            .unwrap()
            .contains("places: lines")
    );
    let sarif = qbank()
        .args(["lint", "--format", "sarif"])
        .arg(&bank)
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "company-alias")
        .unwrap()
        .clone();
    assert_eq!(
        result["relatedLocations"].as_array().unwrap().len(),
        related.len()
    );
    // The SARIF log still reads as SARIF.
    let _: serde_sarif::sarif::Sarif = serde_json::from_value(sarif).unwrap();

    // Meta is written 5 times, Facebook 3 (the prompt heading once for its
    // bullets): --fix writes Meta in those 3 places and nowhere else.
    let fixed = fix_in_place(&bank);
    assert!(fixed.contains("## Questions asked in Meta interviews"));
    assert!(
        fixed.contains("| Meta, Google |")
            && fixed.contains(
                "| 2 | What is a decorator? | [Docs](https://docs.python.org/3/) | Meta |"
            )
    );
    assert_eq!(
        fixed.matches("asked at Facebook").count(),
        4,
        "bullets are prose"
    );
    assert_eq!(
        fixed.matches("Facebook-scale").count(),
        4,
        "titles are prose"
    );
    let after = rule_lines(&lint_json(&[], &bank).1);
    assert!(
        !after.iter().any(|(rule, _)| rule == "company-alias"),
        "{after:?}"
    );
}

/// Runs `lint --fix` on `bank`, which must then pass, and returns its text.
fn fix_in_place(bank: &std::path::Path) -> String {
    qbank().args(["lint", "--fix"]).arg(bank).assert().success();
    std::fs::read_to_string(bank).unwrap()
}

/// With an alias table in qbank.toml, its canonical name wins even where the
/// bank never writes it.
#[test]
fn a_configured_canonical_name_is_what_the_fix_writes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[companies.aliases]\n\"Meta\" = [\"Facebook\", \"FB\"]\n",
    )
    .unwrap();
    let bank = dir.path().join("bank.md");
    std::fs::write(
        &bank,
        "# Bank\n\n## Premium Interview Questions\n\n### What is a Closure? - FB Interview Question\n\n**Difficulty:** 🟡 Medium | **Tags:** `FB` | **Asked by:** Facebook, FB\n\n??? success \"View Answer\"\n\n    A closure.\n\n    !!! tip \"Interviewer's Insight\"\n        Scope.\n",
    )
    .unwrap();
    let found = rule_lines(&lint_json(&[], &bank).1);
    let aliases: Vec<_> = found
        .iter()
        .filter(|(rule, _)| rule == "company-alias")
        .collect();
    assert_eq!(aliases.len(), 2, "{found:?}");
    let fixed = fix_in_place(&bank);
    assert!(
        fixed.contains("### What is a Closure? - Meta Interview Question"),
        "{fixed}"
    );
    assert!(
        fixed.contains("**Tags:** `FB` | **Asked by:** Meta, Meta"),
        "{fixed}"
    );
}

#[test]
fn statistics_count_each_rule() {
    let output = qbank()
        .args(["lint", "--statistics"])
        .arg(lint_fixture("company-alias.bad.md"))
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["count", "rule", "severity", "fixable"]
    );
    assert!(
        lines[1..]
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["1", "company-alias", "warning", "1"]),
        "{table}"
    );
    assert!(!table.contains("-->"), "only the table: {table}");
    // Human output ends with the same table.
    let human = qbank()
        .arg("lint")
        .arg(lint_fixture("company-alias.bad.md"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).ends_with(table.as_ref()));
    qbank()
        .args(["lint", "--statistics", "--format", "json"])
        .arg(lint_fixture("company-alias.bad.md"))
        .assert()
        .code(2);
}

/// The lint JSON's (rule, line) pairs for `text` as a bank, with `args`.
fn found_in(text: &str, args: &[&str]) -> Vec<(String, u64)> {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.md");
    std::fs::write(&bank, text).unwrap();
    let output = qbank()
        .args(["lint", "--format", "json"])
        .args(args)
        .arg(&bank)
        .output()
        .unwrap();
    rule_lines(&serde_json::from_slice(&output.stdout).unwrap())
}

const TWO_WITHOUT_METADATA: &str = "---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Premium Interview Questions\n\n### First?\n\n??? success \"View Answer\"\n\n    A.\n\n    !!! tip \"Interviewer's Insight\"\n        I.\n\n### Second?\n\n??? success \"View Answer\"\n\n    B.\n\n    !!! tip \"Interviewer's Insight\"\n        I.\n";

#[test]
fn comments_silence_findings_and_unused_ones_are_reported() {
    let metadata = |found: &[(String, u64)]| -> Vec<u64> {
        found
            .iter()
            .filter(|(r, _)| r == "metadata")
            .map(|(_, l)| *l)
            .collect()
    };
    let plain = found_in(TWO_WITHOUT_METADATA, &[]);
    assert_eq!(metadata(&plain), [10, 19]);
    // Next line: the first question only. (Inserting the comment moves it.)
    let text = TWO_WITHOUT_METADATA.replace(
        "### First?",
        "<!-- qbank-disable-next-line metadata -->\n### First?",
    );
    assert_eq!(metadata(&found_in(&text, &[])), [20]);
    // A block, closed by enable.
    let text = TWO_WITHOUT_METADATA
        .replace("### First?", "<!-- qbank-disable metadata -->\n### First?")
        .replace("### Second?", "<!-- qbank-enable metadata -->\n### Second?");
    assert_eq!(metadata(&found_in(&text, &[])), [21]);
    // The whole file, and any rule when none is named.
    let text = format!("<!-- qbank-disable-file metadata -->\n{TWO_WITHOUT_METADATA}");
    assert!(metadata(&found_in(&text, &[])).is_empty());
    // A comment that silences nothing is reported where it stands.
    let text =
        format!("{TWO_WITHOUT_METADATA}\n<!-- qbank-disable-next-line tag-case -->\nText.\n");
    let found = found_in(&text, &[]);
    assert!(
        found.contains(&("unused-suppression".to_owned(), 28)),
        "{found:?}"
    );
}

#[test]
fn select_and_ignore_take_rule_ids() {
    let text = TWO_WITHOUT_METADATA.replace("---\ntitle: T\ndescription: D\n---\n\n", "");
    let rules = |args: &[&str]| -> Vec<String> {
        let mut rules: Vec<String> = found_in(&text, args).into_iter().map(|(r, _)| r).collect();
        rules.dedup();
        rules
    };
    assert_eq!(rules(&[]), ["front-matter-fields", "metadata"]);
    assert_eq!(rules(&["--select", "metadata"]), ["metadata"]);
    assert_eq!(
        rules(&["--ignore", "metadata,front-matter-fields"]),
        Vec::<String>::new()
    );
    qbank()
        .args(["lint", "--select", "no-such-rule", "x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"));
}

#[test]
fn a_baseline_keeps_old_findings_quiet_and_new_ones_loud() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank.md");
    let baseline = dir.path().join("qbank-baseline.json");
    // An error: a code fence that never closes.
    let broken = TWO_WITHOUT_METADATA.replace("    A.\n", "    ```python\n    x = 1\n");
    std::fs::write(&bank, &broken).unwrap();
    qbank().arg("lint").arg(&bank).assert().code(1);
    qbank()
        .arg("lint")
        .arg(&bank)
        .arg("--write-baseline")
        .arg(&baseline)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote"));
    // Lines inserted above move every finding: still accounted for.
    let moved = broken.replace("# T\n", "# T\n\nAn introduction.\n\nAnother paragraph.\n");
    std::fs::write(&bank, &moved).unwrap();
    qbank()
        .args(["lint", "--deny", "warnings", "--baseline"])
        .arg(&baseline)
        .arg(&bank)
        .assert()
        .success();
    // A new problem is reported, and fails.
    let worse = moved.replace("    B.\n", "    ```sql\n    SELECT 1\n");
    std::fs::write(&bank, &worse).unwrap();
    qbank()
        .args(["lint", "--format", "json", "--baseline"])
        .arg(&baseline)
        .arg(&bank)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("code-fence-unclosed"));
    // Only a baseline is replaced by one.
    qbank()
        .arg("lint")
        .arg(&bank)
        .arg("--write-baseline")
        .arg(&bank)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&bank).unwrap(), worse);
}

/// Metadata inside the answer is a premium question's mistake, and a code
/// example's right (its `View Code Example` body may hold it).
#[test]
fn metadata_inside_the_answer_depends_on_the_kind() {
    let inside = "    **Difficulty:** 🟢 Easy | **Tags:** `Functions` | **Asked by:** Google\n\n";
    let premium = TWO_WITHOUT_METADATA.replacen("    A.\n", &format!("{inside}    A.\n"), 1);
    let found = found_in(&premium, &[]);
    assert!(found.contains(&("metadata".to_owned(), 14)), "{found:?}");
    let example = format!(
        "---\ntitle: T\ndescription: D\n---\n\n# T\n\n## Code Examples\n\n### 1. Timing Decorator\n\n??? success \"View Code Example\"\n\n{inside}    ```python\n    import time\n    ```\n"
    );
    let found = found_in(&example, &[]);
    assert!(
        !found.iter().any(|(rule, _)| rule == "metadata"),
        "{found:?}"
    );
}
