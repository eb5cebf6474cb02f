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
