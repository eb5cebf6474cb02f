//! The HTML page and an EPUB chapter in a real browser (chromium, headless):
//! what a reader sees at 390 px and on a desktop, light and dark.

mod common;

use common::browser::{Browser, Scheme, screenshot_dir};

/// Elements that stick out of the viewport outside any scrolling container.
const OVERFLOW: &str = r#"
const width = doc.documentElement.clientWidth;
const scrolls = (el) => {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = win.getComputedStyle(p).overflowX;
    if ((o === "auto" || o === "scroll") && p !== doc.documentElement && p !== doc.body) return true;
  }
  return false;
};
const out = [];
for (const el of doc.body.querySelectorAll("*")) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > width + 1 && !scrolls(el)) {
    out.push(el.tagName + "." + el.className + " " + Math.round(r.right) + ": " + (el.textContent || "").slice(0, 60));
  }
}
return { width, scrollWidth: doc.documentElement.scrollWidth, overflowing: out.slice(0, 20), count: out.length };
"#;

#[test]
fn the_seed_page_fits_a_phone() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let page = common::root().join("exports/python.html");
    for scheme in [Scheme::Light, Scheme::Dark] {
        let report = browser.inspect(&page, 390, scheme, OVERFLOW);
        assert_eq!(report["width"], 390, "{report:#}");
        assert_eq!(report["count"], 0, "{scheme:?}: {report:#}");
        browser.screenshot(
            &page,
            390,
            2000,
            scheme,
            &screenshot_dir().join(format!("python-390-{}.png", scheme.name())),
        );
    }
}

/// Words in table cells that the layout split across lines, except in code
/// and URLs, which may break.
const BROKEN_WORDS: &str = r#"
const broken = [];
for (const cell of doc.querySelectorAll("td, th")) {
  const walker = doc.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("code")) continue;
    // A line may break after a hyphen or a slash; URLs may break anywhere.
    for (const m of node.data.matchAll(/[^\s\-\/]+/g)) {
      if (/^(https?:|www\.)/.test(m[0])) continue;
      const range = doc.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
}
return { broken: broken.slice(0, 20), count: broken.length };
"#;

/// The seed's book, unpacked into `dir`: its chapters that hold tables.
fn chapters_with_tables(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let bytes = std::fs::read(common::root().join("exports/python.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    zip.extract(dir).unwrap();
    let mut chapters: Vec<_> = std::fs::read_dir(dir.join("EPUB/text"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("<table"))
        .collect();
    chapters.sort();
    chapters
}

#[test]
fn the_seed_book_reads_on_a_phone() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let chapters = chapters_with_tables(dir.path());
    assert!(chapters.len() >= 2, "{chapters:?}");
    for chapter in &chapters {
        let name = chapter.file_stem().unwrap().to_string_lossy();
        for scheme in [Scheme::Light, Scheme::Dark] {
            let overflow = browser.inspect(chapter, 390, scheme, OVERFLOW);
            assert_eq!(overflow["count"], 0, "{name} {scheme:?}: {overflow:#}");
            let words = browser.inspect(chapter, 390, scheme, BROKEN_WORDS);
            assert_eq!(words["count"], 0, "{name} {scheme:?}: {words:#}");
            let png = format!("{name}-epub-390-{}.png", scheme.name());
            browser.screenshot(chapter, 390, 1600, scheme, &screenshot_dir().join(png));
        }
    }
}

/// Every formula has a layout box, and no TeX shows outside the MathML
/// annotations and the marked fallbacks.
const MATH: &str = r#"
const boxes = [...doc.querySelectorAll("math")].map((m) => m.getBoundingClientRect());
const empty = boxes.filter((r) => r.width < 1 || r.height < 1).length;
const walker = doc.createTreeWalker(doc.body, 4);
const tex = [];
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.parentElement.closest("annotation, .math-error, style")) continue;
  if (/\\(frac|sqrt|mathbb|text)\b/.test(n.data)) tex.push(n.data.slice(0, 60));
}
return { maths: boxes.length, empty, tex };
"#;

fn export_math(format: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join(format!("math.{format}"));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_qbank"))
        .args(["export", format])
        .arg(common::fixture("math.md"))
        .arg("-o")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1795600000")
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    out
}

#[test]
fn math_is_typeset_in_the_page_and_the_book() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = export_math("html", dir.path());
    // The book's chapter with the formulas, next to the book's stylesheet.
    let book = std::fs::read(export_math("epub", dir.path())).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    std::fs::create_dir_all(dir.path().join("book/text")).unwrap();
    for name in ["EPUB/style.css", "EPUB/text/math_01.xhtml"] {
        let mut entry = zip.by_name(name).unwrap();
        let to = dir
            .path()
            .join("book")
            .join(name.trim_start_matches("EPUB/"));
        std::io::copy(&mut entry, &mut std::fs::File::create(to).unwrap()).unwrap();
    }
    let chapter = dir.path().join("book/text/math_01.xhtml");
    for (what, file) in [("page", &page), ("epub", &chapter)] {
        for (width, scheme) in [
            (1000, Scheme::Light),
            (1000, Scheme::Dark),
            (390, Scheme::Light),
        ] {
            let report = browser.inspect(file, width, scheme, MATH);
            assert_eq!(report["maths"], 16, "{what} {width} {scheme:?}: {report:#}");
            assert_eq!(report["empty"], 0, "{what} {width} {scheme:?}: {report:#}");
            assert_eq!(report["tex"], serde_json::json!([]), "{what}: {report:#}");
            let png = format!("math-{what}-{width}-{}.png", scheme.name());
            browser.screenshot(file, width, 1800, scheme, &screenshot_dir().join(png));
        }
    }
    // On a phone, wide display formulas scroll inside themselves.
    let report = browser.inspect(&page, 390, Scheme::Light, OVERFLOW);
    assert_eq!(report["count"], 0, "{report:#}");
}

/// Code tokens against the body text, and the code boxes' overflow.
const CODE_COLOURS: &str = r#"
const body = win.getComputedStyle(doc.body).color;
const colour = (sel) => { const el = doc.querySelector(sel); return el ? win.getComputedStyle(el).color : null; };
const lines = doc.querySelectorAll("pre .line").length;
const wrapped = [...doc.querySelectorAll("pre .line")].filter((l) => l.getClientRects().length && l.getBoundingClientRect().height > 30).length;
return { body, keyword: colour(".hl-k"), string: colour(".hl-s"), comment: colour(".hl-c"), number: colour(".hl-n"), lines, wrapped };
"#;

/// Builds the highlight fixture to HTML and EPUB in `out`; returns the page
/// and the EPUB chapter (the book unzipped beside it, so its stylesheet loads).
fn highlight_outputs(out: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let banks = out.join("banks");
    std::fs::create_dir_all(&banks).unwrap();
    std::fs::copy(common::fixture("highlight.md"), banks.join("highlight.md")).unwrap();
    assert_cmd::Command::cargo_bin("qbank")
        .unwrap()
        .args(["build", "--formats", "html,epub", "-o"])
        .arg(out)
        .arg(&banks)
        .assert()
        .success();
    let book = out.join("book");
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.join("highlight.epub")).unwrap()).unwrap();
    zip.extract(&book).unwrap();
    let chapter = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .filter(|n| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml"))
        .find(|n| {
            std::fs::read_to_string(book.join(n))
                .unwrap()
                .contains("hl-k")
        })
        .expect("a chapter with code");
    (out.join("highlight.html"), book.join(chapter))
}

#[test]
fn code_is_coloured_and_fits_a_phone() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let (page, chapter) = highlight_outputs(out.path());
    for (what, doc) in [("page", &page), ("epub", &chapter)] {
        for scheme in [Scheme::Light, Scheme::Dark] {
            let colours = browser.inspect(doc, 390, scheme, CODE_COLOURS);
            for token in ["keyword", "string", "comment", "number"] {
                assert!(
                    colours[token].is_string() && colours[token] != colours["body"],
                    "{what} {scheme:?}: {token} not coloured: {colours:#}"
                );
            }
            let report = browser.inspect(doc, 390, scheme, OVERFLOW);
            assert_eq!(report["count"], 0, "{what} {scheme:?}: {report:#}");
            if what == "epub" {
                // The book wraps long lines rather than scroll.
                assert!(colours["wrapped"].as_u64().unwrap() > 0, "{colours:#}");
            }
            for width in [390, 1000] {
                browser.screenshot(
                    doc,
                    width,
                    1800,
                    scheme,
                    &screenshot_dir()
                        .join(format!("highlight-{what}-{width}-{}.png", scheme.name())),
                );
            }
        }
    }
}
