//! A real browser for the tests: Debian's chromium, headless, no downloaded
//! builds and no driver. A page is loaded into an `<iframe>` of a chosen
//! width inside a harness page (chromium's headless window is never narrower
//! than 500 px, an iframe is), a test script runs against the iframe's
//! document once it has loaded, and its JSON result comes back through
//! `--dump-dom`. The same harness takes screenshots, light or dark, which the
//! tests save under target/browser/ for review by hand.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The colour scheme the page is shown in (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn blink_setting(self) -> &'static str {
        // Blink's preferredColorScheme: 0 is dark, 1 is light.
        match self {
            Scheme::Dark => "preferredColorScheme=0",
            Scheme::Light => "preferredColorScheme=1",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scheme::Dark => "dark",
            Scheme::Light => "light",
        }
    }
}

pub struct Browser {
    program: PathBuf,
}

impl Browser {
    /// Chromium from `QBANK_CHROMIUM` or PATH. Outside CI a machine without
    /// it skips the browser tests (with a note); in CI its absence fails them,
    /// since .ci/run installs it.
    pub fn find() -> Option<Browser> {
        let candidates = std::env::var_os("QBANK_CHROMIUM")
            .map(PathBuf::from)
            .into_iter()
            .chain(["chromium", "chromium-browser"].map(PathBuf::from));
        for program in candidates {
            let works = Command::new(&program)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success());
            if works {
                return Some(Browser { program });
            }
        }
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed; .ci/run installs it (apt-get install chromium)"
        );
        eprintln!("note: chromium not found; browser checks skipped");
        None
    }

    /// Runs chromium on `url` with `args`. Each run has a profile and a
    /// temporary directory of its own (parallel runs must share neither);
    /// a run that chromium aborts at start-up, as it now and then does when
    /// it cannot set up its process singleton, is tried once more.
    fn run(
        &self,
        scheme: Scheme,
        args: &[String],
        url: &str,
        done: impl Fn(&Output) -> bool,
    ) -> Output {
        let mut output = None;
        for _ in 0..2 {
            let scratch = tempfile::tempdir().unwrap();
            let profile = scratch.path().join("profile");
            let run = Command::new(&self.program)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--allow-file-access-from-files",
                    "--disable-extensions",
                    "--disable-background-networking",
                    "--font-render-hinting=none",
                ])
                .arg(format!("--blink-settings={}", scheme.blink_setting()))
                .arg(format!("--user-data-dir={}", profile.display()))
                .args(args)
                .arg(url)
                .env("TMPDIR", scratch.path())
                .output()
                .expect("chromium runs");
            let ok = done(&run);
            output = Some(run);
            if ok {
                break;
            }
        }
        output.unwrap()
    }

    /// Loads `page` at `width` CSS pixels in `scheme`, runs `script` (the body
    /// of a function of `doc` and `win`, the iframe's document and window,
    /// returning a JSON-serialisable value) and returns what it returned.
    pub fn inspect(
        &self,
        page: &Path,
        width: u32,
        scheme: Scheme,
        script: &str,
    ) -> serde_json::Value {
        let dir = tempfile::tempdir().unwrap();
        let harness = dir.path().join("harness.html");
        std::fs::write(&harness, harness_page(page, width, 2400, Some(script))).unwrap();
        let args = [
            "--virtual-time-budget=10000".to_owned(),
            "--dump-dom".to_owned(),
        ];
        let output = self.run(scheme, &args, &file_url(&harness), |o| {
            String::from_utf8_lossy(&o.stdout).contains("qbank-report")
        });
        let dom = String::from_utf8_lossy(&output.stdout);
        let report = dom
            .split_once("<pre id=\"qbank-report\">")
            .and_then(|(_, rest)| rest.split_once("</pre>"))
            .map(|(json, _)| unescape(json))
            .unwrap_or_else(|| {
                panic!(
                    "no report from chromium for {}: {}",
                    page.display(),
                    String::from_utf8_lossy(&output.stderr)
                )
            });
        serde_json::from_str(&report).unwrap_or_else(|e| panic!("{e}: {report}"))
    }

    /// Saves a screenshot of `page` at `width` × `height` CSS pixels to `png`.
    pub fn screenshot(&self, page: &Path, width: u32, height: u32, scheme: Scheme, png: &Path) {
        let dir = tempfile::tempdir().unwrap();
        let harness = dir.path().join("harness.html");
        std::fs::write(&harness, harness_page(page, width, height, None)).unwrap();
        std::fs::create_dir_all(png.parent().unwrap()).unwrap();
        let args = [
            "--virtual-time-budget=10000".to_owned(),
            format!("--window-size={},{}", width.max(500), height),
            format!("--screenshot={}", png.display()),
        ];
        let output = self.run(scheme, &args, &file_url(&harness), |_| png.is_file());
        assert!(
            png.is_file(),
            "no screenshot of {}: {}",
            page.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Where the tests leave screenshots for review by hand.
pub fn screenshot_dir() -> PathBuf {
    super::root().join("target/browser")
}

fn file_url(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap();
    let mut url = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn harness_page(page: &Path, width: u32, height: u32, script: Option<&str>) -> String {
    let run = script.map_or(String::new(), |body| {
        format!(
            r#"<script>
const frame = document.getElementById("page");
function check(doc, win) {{ {body} }}
function report(value) {{
  const pre = document.createElement("pre");
  pre.id = "qbank-report";
  pre.textContent = JSON.stringify(value);
  document.body.appendChild(pre);
}}
frame.addEventListener("load", () => {{
  try {{ report(check(frame.contentDocument, frame.contentWindow)); }}
  catch (e) {{ report({{ error: String(e) }}); }}
}});
</script>"#
        )
    });
    format!(
        r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>html,body{{margin:0;padding:0}} iframe{{border:0;display:block}}</style></head>
<body><iframe id="page" src="{src}" width="{width}" height="{height}"></iframe>
{run}
</body></html>"#,
        src = file_url(page)
    )
}
