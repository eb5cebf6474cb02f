//! The HTML and EPUB exports, checked by real consumers: an XML parser
//! (roxmltree) for well-formedness and structure, the zip reader for the OCF
//! container, and epubcheck, the validator e-book stores run.

mod common;

use std::collections::HashSet;
use std::io::Read;

use assert_cmd::Command as Qbank;
use common::{assert_epubcheck_clean, assert_inert, fixture, parse_xml as parse, root};

const EPOCH: &str = "1795600000";

#[allow(deprecated)] // cargo_bin: the replacement macro needs a newer assert_cmd API
fn qbank() -> Qbank {
    Qbank::cargo_bin("qbank").unwrap()
}

/// `qbank export FORMAT ARGS... -o <tmp>/out` and the bytes written.
fn export(format: &str, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("out.{format}"));
    qbank()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["export", format])
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    std::fs::read(&out).unwrap()
}

fn seed() -> String {
    root()
        .join("content/python.md")
        .to_string_lossy()
        .into_owned()
}

fn path(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Every `#anchor` href names an element of the same document, and ids are unique.
fn assert_links_resolve(document: &roxmltree::Document<'_>, what: &str) {
    let mut ids = HashSet::new();
    for id in document.descendants().filter_map(|n| n.attribute("id")) {
        assert!(ids.insert(id), "{what}: id {id:?} twice");
    }
    for href in document.descendants().filter_map(|n| n.attribute("href")) {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(ids.contains(anchor), "{what}: #{anchor} goes nowhere");
        }
    }
}

/// Question anchors of a bank, from its JSON export.
fn question_anchors(file: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&export("json", &[file])).unwrap();
    json["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let id = q["id"].as_str().unwrap();
            id.split_once('/').unwrap().1.to_owned()
        })
        .collect()
}

#[test]
fn the_seed_page_is_well_formed_xhtml_with_every_question_anchor() {
    let bytes = export("html", &[&seed()]);
    let text = String::from_utf8(bytes).unwrap();
    let page = parse(&text);
    let html = page.root_element();
    assert_eq!(
        (html.tag_name().name(), html.tag_name().namespace()),
        ("html", Some(XHTML))
    );
    assert_eq!(html.attribute("lang"), Some("en"));
    let ids: HashSet<&str> = page
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let anchors = question_anchors(&seed());
    assert_eq!(anchors.len(), 197);
    for anchor in &anchors {
        assert!(ids.contains(anchor.as_str()), "no element with id {anchor}");
    }
    assert_inert(&page, "seed html");
    assert_links_resolve(&page, "seed html");
    // Only the five XML entities: anything else is not XML without a DTD.
    let entity = regex::Regex::new(r"&([A-Za-z][A-Za-z0-9]*);").unwrap();
    for found in entity.captures_iter(&text) {
        assert!(
            ["amp", "lt", "gt", "quot", "apos"].contains(&&found[1]),
            "named entity &{};",
            &found[1]
        );
    }
    let count = |name: &str| {
        page.descendants()
            .filter(|n| n.tag_name().name() == name)
            .count()
    };
    assert_eq!(count("h1"), 1);
    assert_eq!(count("aside"), 44, "an insight per premium question");
    assert_eq!(count("details"), 0, "answers are plain sections by default");
    assert!(count("thead") >= 1);
    // Each question's heading is an <h3> directly in its <section>, and each
    // group's an <h2>.
    for section in page
        .descendants()
        .filter(|n| n.tag_name().name() == "section")
    {
        let class = section.attribute("class").unwrap_or_default();
        let heading = section.children().find(|n| n.is_element()).unwrap();
        let expected = match class {
            "group" | "resources" => "h2",
            c if c.starts_with("question") => "h3",
            _ => continue,
        };
        assert_eq!(heading.tag_name().name(), expected, "{class}");
    }
    let code = page
        .descendants()
        .find(|n| n.tag_name().name() == "code" && n.attribute("class").is_some())
        .unwrap();
    assert_eq!(code.parent().unwrap().tag_name().name(), "pre");
    assert_eq!(code.attribute("class"), Some("language-python"));
}

#[test]
fn collapsible_answers_and_a_replaced_stylesheet() {
    let dir = tempfile::tempdir().unwrap();
    let css = dir.path().join("mine.css");
    std::fs::write(&css, "body { color: teal }").unwrap();
    let text = String::from_utf8(export(
        "html",
        &[&seed(), "--collapsible", "--css", &css.to_string_lossy()],
    ))
    .unwrap();
    let page = parse(&text);
    let details: Vec<_> = page
        .descendants()
        .filter(|n| n.tag_name().name() == "details")
        .collect();
    assert_eq!(details.len(), 47, "every premium question and code example");
    for detail in details {
        let first = detail.children().find(|n| n.is_element()).unwrap();
        assert_eq!(first.tag_name().name(), "summary");
    }
    let style = page
        .descendants()
        .find(|n| n.tag_name().name() == "style")
        .unwrap();
    assert!(style.text().unwrap().contains("body { color: teal }"));
    assert!(
        !text.contains("prefers-color-scheme"),
        "the built-in sheet is gone"
    );
}

#[test]
fn anchors_links_and_raw_html_in_the_edge_cases() {
    let text = String::from_utf8(export("html", &[&path("book-edge-cases.md")])).unwrap();
    let page = parse(&text);
    assert_links_resolve(&page, "edge html");
    assert_inert(&page, "edge html");
    assert_eq!(page.root_element().attribute("lang"), Some("pt-BR"));
    let href = |label: &str| {
        page.descendants()
            .find(|n| n.tag_name().name() == "a" && n.text() == Some(label))
            .and_then(|n| n.attribute("href"))
    };
    assert_eq!(href("the first question"), Some("#2d-arrays-and-slicing"));
    assert_eq!(href("group"), Some("#premium-interview-questions"));
    // Anchors MkDocs gives headings lead to the same places.
    assert_eq!(href("a question's heading"), Some("#what-s-new"));
    assert_eq!(
        href("a repeated heading"),
        Some("#premium-interview-questions_1")
    );
    assert_eq!(
        href("back to resources"),
        Some("#resources"),
        "the question"
    );
    assert_eq!(href("Docs"), Some("https://docs.example.com/"));
    // URLs become valid URIs; scripts go with their content.
    assert_eq!(href("a spaced URL"), Some("https://example.com/a%20b"));
    assert_eq!(
        href("odd characters"),
        Some("https://example.com/a%7Bb%7D%7Cc%5Ed#x%23y")
    );
    assert!(!text.contains("alert(1)") && text.contains("inline script content"));
    // Each use of a heading keeps its own introduction; a heading without
    // text is a group called "Questions".
    assert_eq!(text.matches("A second introduction").count(), 1);
    let groups: Vec<&str> = page
        .descendants()
        .filter(|n| n.attribute("class") == Some("group"))
        .map(|n| {
            n.children()
                .find(|c| c.is_element())
                .unwrap()
                .text()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        groups,
        [
            "Premium Interview Questions",
            "🚀",
            "Questions",
            "Premium Interview Questions"
        ]
    );
    // Links that cannot resolve in one page are text.
    assert!(text.contains("a missing anchor, a relative page and"));
    assert!(text.contains("H<sub>2</sub>O; press <kbd>Ctrl</kbd>+<kbd>C</kbd>"));
    assert!(text.contains("<sup>broken tag never closed.</sup>"));
    // A heading written at `##` in an answer sits under its question's <h3>.
    assert!(text.contains("<h4>A heading written too high</h4>"));
    // The resources section yields its usual id to the question.
    assert!(text.contains("<section class=\"resources\" id=\"resources-2\">"));
}

/// The entries of a zip: name, compression and bytes, in order.
fn zip_entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), file.compression(), data)
        })
        .collect()
}

fn text_of<'a>(entries: &'a [(String, zip::CompressionMethod, Vec<u8>)], name: &str) -> &'a str {
    let entry = entries
        .iter()
        .find(|e| e.0 == name)
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(&entry.2).unwrap()
}

#[test]
fn the_seed_book_is_an_epub_container_with_reproducible_metadata() {
    let bytes = export("epub", &[&seed()]);
    // Readers sniff the type at a fixed offset: "mimetype", stored, first.
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    let entries = zip_entries(&bytes);
    assert_eq!(entries[0].0, "mimetype");
    assert_eq!(entries[0].1, zip::CompressionMethod::Stored);
    assert_eq!(entries[1].0, "META-INF/container.xml");
    let package_text = text_of(&entries, "EPUB/package.opf");
    let package = parse(package_text);
    let meta = |name: &str| {
        package
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(meta("title"), "Python Interview Questions");
    assert_eq!(meta("language"), "en");
    assert!(meta("identifier").starts_with("urn:uuid:"));
    let modified = package
        .descendants()
        .find(|n| n.attribute("property") == Some("dcterms:modified"))
        .unwrap();
    assert_eq!(modified.text(), Some("2026-11-25T09:46:40Z"));
    // A file per group, all well-formed and inert; every question's anchor is
    // in one of them.
    let mut ids = HashSet::new();
    for (name, _, data) in &entries {
        if name.ends_with(".xhtml") {
            let text = std::str::from_utf8(data).unwrap();
            let document = parse(text);
            assert_inert(&document, name);
            ids.extend(
                document
                    .descendants()
                    .filter_map(|n| n.attribute("id"))
                    .map(str::to_owned),
            );
        }
    }
    let content_files = entries.iter().filter(|e| e.0.ends_with(".xhtml")).count();
    assert_eq!(content_files, 10, "nav, title page, 7 groups, resources");
    for anchor in question_anchors(&seed()) {
        assert!(ids.contains(&anchor), "no element with id {anchor}");
    }
    // The identifier depends on the bank, not on the date.
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later.epub");
    qbank()
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .args(["export", "epub", &seed(), "-o"])
        .arg(&later)
        .assert()
        .success();
    let later = zip_entries(&std::fs::read(&later).unwrap());
    let later_package = text_of(&later, "EPUB/package.opf");
    let identifier = |text: &str| {
        let start = text.find("urn:uuid:").unwrap();
        text[start..start + 45].to_owned()
    };
    assert_eq!(identifier(package_text), identifier(later_package));
    assert_ne!(package_text, later_package);
}

#[test]
fn exports_are_byte_identical() {
    for format in ["html", "epub"] {
        let first = export(format, &[&seed()]);
        let second = export(format, &[&seed()]);
        assert!(first == second, "{format} differs between two runs");
    }
}

#[test]
fn scripts_in_content_are_inert_in_html_and_epub() {
    let hostile = path("hostile.md");
    let text = String::from_utf8(export("html", &[&hostile])).unwrap();
    let page = parse(&text);
    assert_inert(&page, "hostile html");
    assert!(
        !text.contains("alert(\"answer\")"),
        "script content is dropped"
    );
    assert!(text.contains("and link"), "text around dropped tags stays");
    for (name, _, data) in zip_entries(&export("epub", &[&hostile])) {
        if name.ends_with(".xhtml") || name.ends_with(".opf") {
            assert_inert(&parse(std::str::from_utf8(&data).unwrap()), &name);
        }
    }
}

#[test]
fn the_seed_book_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("python.epub");
    std::fs::write(&book, export("epub", &[&seed()])).unwrap();
    assert_epubcheck_clean(&book);
}

#[test]
fn several_banks_make_one_book_that_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.epub");
    let files = [
        seed(),
        path("shapes.md"),
        path("book-edge-cases.md"),
        path("hostile.md"),
        path("pdf-edge-cases.md"),
    ];
    qbank()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["export", "epub"])
        .args(&files)
        .arg("-o")
        .arg(&book)
        .assert()
        .success();
    let bytes = std::fs::read(&book).unwrap();
    let entries = zip_entries(&bytes);
    for id in [
        "python",
        "shapes",
        "book-edge-cases",
        "hostile",
        "pdf-edge-cases",
    ] {
        assert!(
            entries
                .iter()
                .any(|e| e.0 == format!("EPUB/text/{id}.xhtml")),
            "no chapter for {id}"
        );
    }
    let nav = parse(text_of(&entries, "EPUB/nav.xhtml"));
    let chapters: Vec<&str> = nav
        .descendants()
        .find(|n| n.tag_name().name() == "ol")
        .unwrap()
        .children()
        .filter(|n| n.is_element())
        .map(|li| {
            li.children()
                .find(|n| n.is_element())
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(chapters[0], "Python Interview Questions");
    assert_eq!(chapters.len(), 5);
    assert_epubcheck_clean(&book);
}

#[test]
#[should_panic(expected = "live <script>")]
fn the_inertness_check_finds_scripts() {
    assert_inert(&parse("<div><p>x</p><script>x()</script></div>"), "probe");
}

#[test]
#[should_panic(expected = "<img onerror>")]
fn the_inertness_check_finds_event_handlers() {
    assert_inert(&parse("<div><img onerror=\"x()\" /></div>"), "probe");
}

#[test]
fn banks_whose_ids_look_like_book_files_do_not_collide() {
    // `nav` against the navigation document, `a-01` against `a`'s first group.
    let dir = tempfile::tempdir().unwrap();
    for name in ["nav.md", "a.md", "a-01.md", "a-resources.md"] {
        std::fs::copy(fixture("shapes.md"), dir.path().join(name)).unwrap();
    }
    let book = dir.path().join("book.epub");
    qbank()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["export", "epub"])
        .args(["nav.md", "a.md", "a-01.md", "a-resources.md"].map(|n| dir.path().join(n)))
        .arg("-o")
        .arg(&book)
        .assert()
        .success();
    let entries = zip_entries(&std::fs::read(&book).unwrap());
    let mut names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count);
    for chapter in ["nav", "a", "a-01", "a-resources"] {
        assert!(names.contains(&format!("EPUB/text/{chapter}.xhtml").as_str()));
    }
}
