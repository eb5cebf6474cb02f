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
