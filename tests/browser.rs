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
