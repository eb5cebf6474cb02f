//! The PDF backend, read back with poppler's tools (pdftotext, pdfinfo,
//! pdffonts, pdftohtml): what a reader of the printed guide or handout sees.
//! poppler-utils must be installed (`.ci/run` does it).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use assert_cmd::Command as Qbank;
use common::poppler::{page_fills, poppler};
use common::{fixture, parse_file, root};
use qbank::ir::Kind;
use regex::Regex;

/// A fixed build date (2026-11-25 UTC), so that outputs are comparable.
const EPOCH: &str = "1795600000";

fn export(input: &Path, output: &Path, extra: &[&str]) -> String {
    let assert = Qbank::cargo_bin("qbank")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["export", "pdf"])
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(extra)
        .assert()
        .success();
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

struct Rendered {
    _dir: tempfile::TempDir,
    guide: PathBuf,
    handout: PathBuf,
    edge: PathBuf,
    edge_stderr: String,
}

/// The seed's guide and handout and the edge-case fixture, rendered once.
fn rendered() -> &'static Rendered {
    static RENDERED: OnceLock<Rendered> = OnceLock::new();
    RENDERED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let guide = dir.path().join("guide.pdf");
        let handout = dir.path().join("handout.pdf");
        let edge = dir.path().join("edge.pdf");
        let seed = root().join("content/python.md");
        export(&seed, &guide, &[]);
        export(&seed, &handout, &["--mode", "handout"]);
        // -v: the characters are listed one by one only in a verbose run.
        let edge_stderr = export(&fixture("pdf-edge-cases.md"), &edge, &["-v"]);
        Rendered {
            _dir: dir,
            guide,
            handout,
            edge,
            edge_stderr,
        }
    })
}

/// poppler's XML escapes, undone.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Text with every run of whitespace made one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn premium_titles() -> Vec<String> {
    let parsed = parse_file(&root().join("content/python.md"));
    parsed
        .document
        .questions_of(Kind::Premium)
        .map(|q| q.title.clone())
        .collect()
}

#[test]
fn the_guide_has_every_title_the_gil_code_and_the_insights() {
    let text = squeeze(&poppler("pdftotext", &[], &rendered().guide));
    let titles = premium_titles();
    assert_eq!(titles.len(), 44);
    for title in &titles {
        assert!(text.contains(&squeeze(title)), "missing title {title:?}");
    }
    assert!(text.contains("def cpu_bound_task(n):"));
    assert!(text.matches("Interviewer's Insight").count() >= 44);
    assert!(text.contains("Quick Reference: 100+ Interview Questions"));
    assert!(text.contains("Questions asked in Netflix interview"));
    assert!(text.contains("Official Python Documentation"));
}

/// Words on a page with their boxes, from `pdftotext -bbox`.
struct Word {
    page: usize,
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
    text: String,
}

struct Layout {
    pages: Vec<(f64, f64)>,
    words: Vec<Word>,
}

fn bbox(pdf: &Path) -> Layout {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let page = Regex::new(r#"<page width="([\d.]+)" height="([\d.]+)">"#).unwrap();
    let word = Regex::new(
        r#"<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let mut layout = Layout {
        pages: Vec::new(),
        words: Vec::new(),
    };
    for line in html.lines() {
        if let Some(c) = page.captures(line) {
            layout
                .pages
                .push((c[1].parse().unwrap(), c[2].parse().unwrap()));
        } else if let Some(c) = word.captures(line) {
            layout.words.push(Word {
                page: layout.pages.len(),
                x_min: c[1].parse().unwrap(),
                y_min: c[2].parse().unwrap(),
                x_max: c[3].parse().unwrap(),
                y_max: c[4].parse().unwrap(),
                text: unescape(&c[5]),
            });
        }
    }
    layout
}

#[test]
fn the_gil_code_keeps_its_indentation() {
    let layout = bbox(&rendered().guide);
    let def = layout
        .words
        .iter()
        .position(|w| w.text == "cpu_bound_task(n):")
        .expect("the GIL code's def line");
    let keyword = &layout.words[def - 1];
    assert_eq!(keyword.text, "def");
    // The body's first word, one line down, is indented by four monospace columns.
    let body = layout.words[def + 1..]
        .iter()
        .find(|w| w.y_min > keyword.y_min + 1.0)
        .unwrap();
    assert_eq!(body.text, "\"\"\"CPU-intensive");
    let column = (keyword.x_max - keyword.x_min) / 3.0;
    let indent = (body.x_min - keyword.x_min) / column;
    assert!((indent - 4.0).abs() < 0.1, "indented {indent:.2} columns");
}

#[test]
fn the_handout_has_every_title_and_no_answer() {
    let text = squeeze(&poppler("pdftotext", &[], &rendered().handout));
    for title in premium_titles() {
        assert!(text.contains(&squeeze(&title)), "missing title {title:?}");
    }
    for answer_text in [
        "Interviewer's Insight",
        "def cpu_bound_task",
        "The Global Interpreter Lock is a mutex",
        "Strong answer signals",
    ] {
        assert!(
            !text.contains(answer_text),
            "the handout shows {answer_text:?}"
        );
    }
    assert!(text.contains("Handout"));
}

#[test]
fn every_font_is_embedded_subset_and_mapped_to_unicode() {
    for pdf in [&rendered().guide, &rendered().handout, &rendered().edge] {
        let fonts = poppler("pdffonts", &[], pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            // name type type encoding emb sub uni object generation
            let n = columns.len();
            assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
            let (_, name) = columns[0].split_once('+').expect("a subset tag");
            assert!(
                name.starts_with("DejaVuSans") || name == "NotoEmoji" || name.starts_with("KaTeX_"),
                "{row}"
            );
        }
    }
}

#[test]
fn no_word_is_drawn_outside_the_page() {
    for pdf in [&rendered().guide, &rendered().handout, &rendered().edge] {
        let layout = bbox(pdf);
        assert!(!layout.words.is_empty());
        for w in &layout.words {
            let (width, height) = layout.pages[w.page - 1];
            assert!(
                w.x_min >= 0.0 && w.y_min >= 0.0 && w.x_max <= width && w.y_max <= height,
                "{:?} at ({}, {})-({}, {}) on page {} of {}",
                w.text,
                w.x_min,
                w.y_min,
                w.x_max,
                w.y_max,
                w.page,
                pdf.display()
            );
        }
    }
}

#[test]
fn extracted_text_has_no_replacement_characters() {
    for pdf in [&rendered().guide, &rendered().handout, &rendered().edge] {
        let text = poppler("pdftotext", &[], pdf);
        assert!(!text.contains('\u{FFFD}'), "U+FFFD in {}", pdf.display());
    }
}

#[test]
fn contents_page_numbers_are_where_the_questions_start() {
    let text = poppler("pdftotext", &["-layout"], &rendered().guide);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let entry = Regex::new(r"^\s*(\d+)\. (.+?)\s{2,}(\d+)$").unwrap();
    let mut checked = 0;
    for line in pages[1..3].iter().flat_map(|p| p.lines()) {
        let Some(c) = entry.captures(line) else {
            continue;
        };
        let (number, title, page): (&str, &str, usize) = (&c[1], &c[2], c[3].parse().unwrap());
        let heading = squeeze(&format!("{number}. {title}"));
        assert!(
            squeeze(pages[page - 1]).contains(&heading),
            "{heading:?} is not on page {page}"
        );
        assert!(
            !squeeze(pages[page - 2]).contains(&heading) || page == 3,
            "{heading:?} is already on page {}",
            page - 1
        );
        checked += 1;
    }
    assert_eq!(checked, 44 + 3, "premium questions and code examples");
}

/// The text of the edge-case PDF with line breaks, spaces and the code's
/// continuation markers removed, so that broken lines join up again. (Layout
/// mode, because pdftotext's default mode removes a hyphen at a line's end.)
fn joined_edge_text() -> String {
    let text = poppler("pdftotext", &["-layout"], &rendered().edge);
    text.replace('\u{21AA}', "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn long_urls_code_lines_and_tables_lose_no_character() {
    let source = std::fs::read_to_string(fixture("pdf-edge-cases.md")).unwrap();
    let url = source
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("https://"))
        .unwrap();
    assert_eq!(url.len(), 300);
    let code = source
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("result = compute("))
        .unwrap();
    assert_eq!(code.len(), 200);
    let joined = joined_edge_text();
    let without_spaces = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(joined.contains(url), "the 300-character URL is cut");
    assert!(
        joined.contains(&without_spaces(code)),
        "the 200-character code line is cut"
    );
    assert!(joined.contains(&"pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3)));
    for row in 1..=50 {
        let cells = format!("{row}Row{row}topicvalue-{}", row * 7);
        assert!(joined.contains(&cells), "table row {row} is missing");
    }
}

#[test]
fn a_wrapped_code_line_is_marked_as_continued() {
    let text = poppler("pdftotext", &["-layout"], &rendered().edge);
    let continued = text
        .lines()
        .filter(|l| l.trim_start().starts_with('\u{21AA}'))
        .count();
    // Two for the 200-character line, two for the indented one.
    assert_eq!(continued, 4);
}

#[test]
fn a_wrapped_indented_code_line_continues_under_its_indentation() {
    let layout = bbox(&rendered().edge);
    let nested = layout
        .words
        .iter()
        .position(|w| w.text == "nested")
        .unwrap();
    let first = &layout.words[nested];
    let marker = layout.words[nested..]
        .iter()
        .find(|w| w.text == "\u{21AA}")
        .expect("the nested line wraps");
    assert!(marker.y_min > first.y_min, "the marker is on a later line");
    assert!(
        (marker.x_min - first.x_min).abs() < 0.5,
        "marker at x={}, line starts at x={}",
        marker.x_min,
        first.x_min
    );
}

#[test]
fn characters_the_fonts_lack_are_shown_and_reported() {
    let text = poppler("pdftotext", &[], &rendered().edge);
    assert!(
        text.contains("Traffic lights \u{25CF} \u{25CF} \u{25CF}"),
        "{text}"
    );
    // Emoji are drawn from the emoji font; a keycap is its frame and digit
    // (frame first: glyphs that share a place come out in drawing order).
    assert!(
        text.contains("a rocket \u{1F680}, step \u{20E3}1, a chart \u{1F4CA}"),
        "{text}"
    );
    assert!(!text.contains("[U+1F"), "{text}");
    assert!(text.contains("Chinese [U+4E2D][U+6587] text"));
    assert!(text.contains("€5 and ≤ 10") && text.contains("naïve"));
    let fonts = poppler("pdffonts", &[], &rendered().edge);
    assert!(fonts.contains("+NotoEmoji"), "{fonts}");
    let stderr = &rendered().edge_stderr;
    assert!(stderr.contains("printed as code points"), "{stderr}");
    assert!(stderr.contains("U+4E2D"), "{stderr}");
    assert!(!stderr.contains("U+1F680"), "an emoji is drawn: {stderr}");
    assert!(
        !stderr.contains("U+1F534"),
        "a red circle has a faithful equivalent: {stderr}"
    );
}

#[test]
fn same_input_same_bytes_and_dates_from_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again.pdf");
    export(&root().join("content/python.md"), &again, &[]);
    assert!(std::fs::read(&again).unwrap() == std::fs::read(&rendered().guide).unwrap());
    let info = poppler("pdfinfo", &[], &again);
    let field = |name: &str| -> String {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(field("Title:"), "Python Interview Questions");
    assert!(field("CreationDate:").contains("Nov 25"), "{info}");
    assert!(field("CreationDate:").contains("2026"), "{info}");
    let text = poppler("pdftotext", &["-f", "1", "-l", "1"], &again);
    assert!(text.contains("Built 25 November 2026"), "{text}");
}

#[test]
fn running_header_and_footer_are_on_every_page_but_the_cover() {
    let text = poppler("pdftotext", &[], &rendered().guide);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let total = pages.len();
    assert!(total > 50, "{total} pages");
    assert!(!pages[0].contains("Page 1 of"));
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("Page {} of {total}", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            page.contains("Python Interview Questions"),
            "page {}",
            i + 1
        );
    }
}

/// Bookmarks and links, as `pdftohtml -xml` reports them.
#[test]
fn bookmarks_per_question_and_clickable_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("guide");
    let status = Command::new("pdftohtml")
        .args(["-xml", "-i", "-q", "-nodrm"])
        .arg(&rendered().guide)
        .arg(&out)
        .status()
        .expect("pdftohtml (poppler-utils)");
    assert!(status.success());
    let xml = std::fs::read_to_string(out.with_extension("xml")).unwrap();
    let items = Regex::new(r#"<item page="(\d+)">([^<]*)</item>"#).unwrap();
    let bookmarks: BTreeMap<String, usize> = items
        .captures_iter(&xml)
        .map(|c| (unescape(&c[2]), c[1].parse().unwrap()))
        .collect();
    for title in premium_titles() {
        let entry = bookmarks
            .keys()
            .find(|k| k.ends_with(&title))
            .unwrap_or_else(|| panic!("no bookmark for {title:?}"));
        assert!(bookmarks[entry] >= 3);
    }
    assert!(bookmarks.contains_key("Resources"));
    assert!(
        xml.contains(r#"href="https://docs.python.org/3/""#),
        "resource link"
    );
    let internal = Regex::new(r#"href="[^"]*#(\d+)""#).unwrap();
    assert!(
        internal.captures_iter(&xml).count() >= 47,
        "contents entries link to pages"
    );
}

#[test]
fn letter_paper_is_letter_sized() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("letter.pdf");
    export(&fixture("pdf-edge-cases.md"), &pdf, &["--paper", "letter"]);
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let layout = bbox(&pdf);
    assert!(
        layout
            .words
            .iter()
            .all(|w| w.x_max <= 612.0 && w.y_max <= 792.0)
    );
}

fn has_fill(fills: &[[u8; 3]], rgb: [u8; 3]) -> bool {
    fills
        .iter()
        .any(|f| f.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 2))
}

#[test]
fn a_long_code_block_continues_across_pages_on_its_background() {
    let pdf = &rendered().edge;
    let text = poppler("pdftotext", &[], pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let page_of = |needle: &str| pages.iter().position(|p| p.contains(needle)).unwrap() + 1;
    let (first, last) = (page_of("code line 001"), page_of("code line 120"));
    assert!(last > first, "120 code lines fit on one page?");
    let numbers: Vec<u32> = Regex::new(r"code line (\d{3})")
        .unwrap()
        .captures_iter(&text)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=120).collect::<Vec<_>>(),
        "lines lost or out of order"
    );
    for page in first..=last {
        let fills = page_fills(pdf, page);
        assert!(
            has_fill(&fills, [0xF2, 0xF3, 0xF5]),
            "no code background on page {page}"
        );
    }
}

#[test]
fn the_insight_is_set_apart_in_a_shaded_box() {
    let pdf = &rendered().edge;
    let text = poppler("pdftotext", &[], pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let page = pages
        .iter()
        .position(|p| p.contains("Nothing the reader needs"))
        .unwrap()
        + 1;
    let fills = page_fills(pdf, page);
    assert!(
        has_fill(&fills, [0xFF, 0xF8, 0xE1]),
        "no insight background"
    );
    assert!(has_fill(&fills, [0xF5, 0xA6, 0x23]), "no insight bar");
}

#[test]
fn a_long_table_repeats_its_header_and_never_splits_a_row() {
    let text = poppler("pdftotext", &["-layout"], &rendered().edge);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let row = Regex::new(r"^\s*(\d+)\s+Row (\d+) topic\s+value-(\d+)\s*$").unwrap();
    let header = Regex::new(r"(?m)^\s*No\.\s+Topic\s+Value\s*$").unwrap();
    let mut seen = Vec::new();
    let mut pages_with_rows = 0;
    for page in &pages {
        let rows: Vec<u32> = page
            .lines()
            .filter_map(|l| row.captures(l))
            .map(|c| {
                let n: u32 = c[1].parse().unwrap();
                assert_eq!(
                    (c[2].parse::<u32>().unwrap(), c[3].parse::<u32>().unwrap()),
                    (n, n * 7)
                );
                n
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        pages_with_rows += 1;
        assert!(
            header.is_match(page),
            "a page of the table has no header row"
        );
        seen.extend(rows);
    }
    assert!(pages_with_rows >= 2, "the 50-row table fits on one page?");
    assert_eq!(
        seen,
        (1..=50).collect::<Vec<_>>(),
        "every row whole, once, in order"
    );
}

#[test]
fn labels_and_insight_titles_are_not_left_at_the_foot_of_a_page() {
    let text = poppler("pdftotext", &["-layout"], &rendered().guide);
    let footer = Regex::new(r"^\s*Page \d+ of \d+\s*$").unwrap();
    for (i, page) in text.split('\u{c}').enumerate() {
        let last = page
            .lines()
            .rfind(|l| !l.trim().is_empty() && !footer.is_match(l))
            .unwrap_or_default()
            .trim();
        for label in [
            "Interviewer's Insight",
            "Strong answer signals:",
            "Interviewer's Insight:",
        ] {
            assert_ne!(last, label, "page {} ends with a label alone", i + 1);
        }
    }
}

/// The link targets of a PDF, as `pdftohtml -xml` reports them.
fn link_targets(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("links");
    let status = Command::new("pdftohtml")
        .args(["-xml", "-i", "-q"])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("pdftohtml (poppler-utils)");
    assert!(status.success());
    let xml = std::fs::read_to_string(out.with_extension("xml")).unwrap();
    let href = Regex::new(r#"<a href="([^"]*)""#).unwrap();
    href.captures_iter(&xml).map(|c| unescape(&c[1])).collect()
}

#[test]
fn only_absolute_links_are_clickable_and_their_targets_are_ascii() {
    let targets = link_targets(&rendered().edge);
    assert!(
        targets.iter().any(|t| t == "https://example.com/caf%C3%A9"),
        "{targets:?}"
    );
    assert!(
        !targets
            .iter()
            .any(|t| t.contains("page.html") || t.ends_with("#top"))
    );
    let text = poppler("pdftotext", &[], &rendered().edge);
    assert!(text.contains("a relative page") && text.contains("an anchor"));
}

#[test]
fn a_link_is_one_rectangle_per_line_not_one_per_word() {
    let targets = link_targets(&rendered().guide);
    let docs = targets
        .iter()
        .filter(|t| *t == "https://docs.python.org/3/")
        .count();
    // The resource's title and its URL: two lines, two rectangles.
    assert_eq!(docs, 2, "{targets:?}");
}

#[test]
fn a_table_with_only_a_header_still_shows_it() {
    let text = squeeze(&poppler("pdftotext", &[], &rendered().edge));
    assert!(text.contains("Only Header"), "{text}");
}

#[test]
fn the_file_identifier_follows_selection_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let id = |extra: &[&str], epoch: &str| -> String {
        let pdf = dir.path().join("id.pdf");
        Qbank::cargo_bin("qbank")
            .unwrap()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["export", "pdf"])
            .arg(fixture("pdf-edge-cases.md"))
            .arg("-o")
            .arg(&pdf)
            .args(extra)
            .assert()
            .success();
        let bytes = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let id = Regex::new(r"/ID\s*\[\s*<([0-9A-Fa-f]+)>").unwrap();
        id.captures(&text).expect("a file identifier")[1].to_string()
    };
    let all = id(&[], EPOCH);
    assert_eq!(all, id(&[], EPOCH));
    assert_ne!(all, id(&["--difficulty", "hard"], EPOCH));
    assert_ne!(all, id(&[], "0"));
}

#[test]
fn the_handout_keeps_a_problem_the_answer_states() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("problems.md");
    std::fs::write(
        &bank,
        "# Problems\n\n## Questions\n\n### 1. Two Sum\n\n**Difficulty:** 🟢 Easy | **Tags:** `Arrays` | **Asked by:** Google\n\n\
         ??? success \"View Answer\"\n\n    **Problem:** Find two numbers in nums that add up to target.\n\n    \
         Use a hash map of seen values.\n\n\
         ### 2. Coupons\n\n**Difficulty:** 🟡 Medium | **Tags:** `Probability` | **Asked by:** Meta\n\n\
         ??? success \"View Answer\"\n\n    **Problem:**\n\n    How many draws until every type is seen?\n\n    \
         About n times the n-th harmonic number.\n",
    )
    .unwrap();
    let handout = dir.path().join("handout.pdf");
    export(&bank, &handout, &["--mode", "handout"]);
    let text = squeeze(&poppler("pdftotext", &[], &handout));
    for statement in [
        "Find two numbers in nums that add up to target.",
        "How many draws until every type is seen?",
    ] {
        assert!(
            text.contains(&squeeze(statement)),
            "{statement:?} in {text}"
        );
    }
    for answer in ["Use a hash map", "harmonic number"] {
        assert!(!text.contains(answer), "the handout shows {answer:?}");
    }
}
