//! Scripts in content are inert in every output, checked the way a browser
//! reads them: the HTML page, every EPUB XHTML file, every Anki field, every
//! JSON `html` field and the PDF's extracted text are each parsed with an
//! HTML5 parser (html5ever, through scraper) and searched for anything that
//! can run code or load a document. tests/fixtures/hostile.md puts scripts in
//! the front matter, the title, the tags, answers (raw HTML, links, images,
//! tables, lists, mutation-XSS tricks) and the insight.

mod common;

use std::path::Path;
use std::process::Command;

use common::fixture;
use scraper::{Html, node::Element};

/// Elements that run code, load another document or change how the page's
/// URLs resolve.
const LIVE: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form",
    "base", "template", "portal", "noscript",
];

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "xlink:href",
    "ping",
    "lowsrc",
];

/// A URL a browser follows without running code: http(s), mailto, or a
/// relative one. Browsers drop tabs and newlines inside URLs first.
fn is_safe_url(value: &str) -> bool {
    let url: String = value
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']).unwrap_or(url.len());
    match scheme_end {
        Some(end) if end < path_start => ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| url.starts_with(s)),
        _ => true,
    }
}

/// Every problem in one element, as messages.
fn problems(element: &Element, in_head: bool) -> Vec<String> {
    let name = element.name();
    let mut found = Vec::new();
    if LIVE.contains(&name) {
        found.push(format!("live <{name}>"));
    }
    // qbank's own stylesheet lives in the head; nowhere else.
    if name == "style" && !in_head {
        found.push("<style> outside the head".into());
    }
    if name == "meta" && element.attr("http-equiv").is_some() {
        found.push("<meta http-equiv>".into());
    }
    if name == "link" && (!in_head || element.attr("rel") != Some("stylesheet")) {
        found.push("<link> that is not the head's stylesheet".into());
    }
    for (key, value) in element.attrs() {
        let key = key.to_ascii_lowercase();
        if key.starts_with("on") || key == "srcdoc" {
            found.push(format!("<{name} {key}>"));
        }
        if URL_ATTRIBUTES.contains(&key.as_str()) && !is_safe_url(value) {
            found.push(format!("<{name} {key}=\"{value}\">"));
        }
        let lower = value.to_ascii_lowercase();
        if key == "style" && (lower.contains("url(") || lower.contains("expression(")) {
            found.push(format!("<{name} style=\"{value}\">"));
        }
    }
    found
}

/// Fails when `html`, parsed as an HTML5 document or fragment, has live markup.
fn assert_inert(html: &str, document: bool, what: &str) {
    let parsed = if document {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    let mut found = Vec::new();
    for node in parsed.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let in_head = node
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "head"));
        found.extend(problems(element, in_head));
    }
    assert!(found.is_empty(), "{what}: {found:#?}");
}

fn qbank_export(format: &str, input: &Path, output: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_qbank"))
        .args(["export", format])
        .arg(input)
        .arg("-o")
        .arg(output)
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .status()
        .unwrap();
    assert!(status.success(), "qbank export {format}");
}

struct Outputs {
    dir: tempfile::TempDir,
}

impl Outputs {
    fn of(bank: &Path) -> Outputs {
        let dir = tempfile::tempdir().unwrap();
        for (format, name) in [
            ("html", "out.html"),
            ("epub", "out.epub"),
            ("anki", "out.csv"),
            ("json", "out.json"),
            ("pdf", "out.pdf"),
        ] {
            qbank_export(format, bank, &dir.path().join(name));
        }
        Outputs { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn text(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }
}

fn json_html_fields(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value {
                    serde_json::Value::String(html) if key == "html" => out.push(html.clone()),
                    _ => json_html_fields(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_html_fields(v, out)),
        _ => {}
    }
}

fn assert_every_output_inert(bank: &Path) {
    let outputs = Outputs::of(bank);
    let name = bank.file_name().unwrap().to_string_lossy();

    assert_inert(&outputs.text("out.html"), true, &format!("{name}: html"));

    let book = std::fs::File::open(outputs.path("out.epub")).unwrap();
    let mut book = zip::ZipArchive::new(book).unwrap();
    let mut checked = 0;
    for i in 0..book.len() {
        let mut entry = book.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().into_owned();
        if entry_name.ends_with(".xhtml") {
            let text = std::io::read_to_string(&mut entry).unwrap();
            assert_inert(&text, true, &format!("{name}: epub {entry_name}"));
            checked += 1;
        }
    }
    assert!(checked >= 2, "the book has a chapter and a nav");

    let mut deck = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b'\t')
        .comment(Some(b'#'))
        .flexible(true)
        .from_path(outputs.path("out.csv"))
        .unwrap();
    let mut fields = 0;
    for record in deck.records() {
        for field in record.unwrap().iter() {
            // A card with code starts with qbank's own night-mode style,
            // exactly; any other <style> is content's, and fails.
            let field = field
                .strip_prefix(qbank::render::code::night_style())
                .unwrap_or(field);
            assert_inert(field, false, &format!("{name}: anki field"));
            fields += 1;
        }
    }
    assert!(fields > 0, "the deck has notes");

    let json: serde_json::Value = serde_json::from_str(&outputs.text("out.json")).unwrap();
    let mut html = Vec::new();
    json_html_fields(&json, &mut html);
    assert!(!html.is_empty(), "the JSON has html fields");
    for field in &html {
        assert_inert(field, false, &format!("{name}: json html"));
    }

    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(outputs.path("out.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Interviewer's Insight"),
        "the PDF has the answer"
    );
    assert_inert(&text, false, &format!("{name}: pdf text"));
}

#[test]
fn scripts_in_content_are_inert_in_every_output() {
    assert_every_output_inert(&fixture("hostile.md"));
}

#[test]
fn every_output_of_the_seed_is_inert_too() {
    assert_every_output_inert(&common::root().join("content/python.md"));
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let live = [
        "<p>x</p><script>x()</script>",
        "<img src=x onerror=x()>",
        "<a href=' java\tscript:x()'>a</a>",
        "<a href='data:text/html,x'>a</a>",
        "<svg><a>x</a></svg>",
        "<iframe srcdoc='x'></iframe>",
        "<p style='background: url(x)'>p</p>",
        "<form><button formaction='vbscript:x'>b</button></form>",
        "<noscript><p title='</noscript><img src=x onerror=x()>'></noscript>",
    ];
    for html in live {
        let caught = std::panic::catch_unwind(|| assert_inert(html, false, "probe"));
        assert!(caught.is_err(), "not caught: {html}");
    }
    let fine = [
        "<p>Text &lt;script&gt; shown</p>",
        "<a href='https://example.com/a:b'>a</a>",
        "<a href='#anchor'>a</a><a href='page.html?x=1:2'>b</a>",
        "<a href='mailto:me@example.com'>m</a>",
    ];
    for html in fine {
        assert_inert(html, false, html);
    }
}
