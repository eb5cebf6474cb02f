//! What the printed page shows, read back with poppler: math typeset in the
//! math fonts (no TeX left), code coloured by token, and pages that never
//! end on a heading, a question's metadata or a label.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use assert_cmd::Command as Qbank;
use common::poppler::{page_fills, poppler};
use common::{fixture, root};
use regex::Regex;

/// A fixed build date, so that outputs are comparable.
const EPOCH: &str = "1795600000";

struct Printed {
    _dir: tempfile::TempDir,
    math: PathBuf,
    guide: PathBuf,
    handout: PathBuf,
    edge: PathBuf,
}

fn printed() -> &'static Printed {
    static PRINTED: OnceLock<Printed> = OnceLock::new();
    PRINTED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let export = |input: &Path, name: &str, extra: &[&str]| -> PathBuf {
            let output = dir.path().join(name);
            Qbank::cargo_bin("qbank")
                .unwrap()
                .env("SOURCE_DATE_EPOCH", EPOCH)
                .args(["export", "pdf"])
                .arg(input)
                .arg("-o")
                .arg(&output)
                .args(extra)
                .assert()
                .success();
            output
        };
        let seed = root().join("content/python.md");
        Printed {
            math: export(&fixture("math.md"), "math.pdf", &[]),
            guide: export(&seed, "guide.pdf", &[]),
            handout: export(&seed, "handout.pdf", &["--mode", "handout"]),
            edge: export(&fixture("pdf-edge-cases.md"), "edge.pdf", &[]),
            _dir: dir,
        }
    })
}

#[test]
fn math_is_typeset_in_embedded_math_fonts_and_no_tex_is_left() {
    let pdf = &printed().math;
    let fonts = poppler("pdffonts", &[], pdf);
    for face in ["KaTeX_Main-Regular", "KaTeX_Math-Italic"] {
        let row = fonts
            .lines()
            .find(|row| row.contains(&format!("+{face} ")))
            .unwrap_or_else(|| panic!("no {face} in\n{fonts}"));
        assert!(row.contains("yes yes yes"), "{row}");
    }
    let text = poppler("pdftotext", &[], pdf);
    for command in [r"\frac", r"\sqrt", r"\text", r"\left", r"\mathbb", r"\mu"] {
        assert!(!text.contains(command), "{command} printed:\n{text}");
    }
    assert!(
        text.contains("softmax") && text.contains("Attention"),
        "{text}"
    );
}

/// The words of page `page` with their boxes, from `pdftotext -bbox`.
fn words(pdf: &Path, page: usize) -> Vec<(String, [f64; 4])> {
    let n = page.to_string();
    let html = poppler("pdftotext", &["-bbox", "-f", &n, "-l", &n], pdf);
    let word = Regex::new(
        r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    word.captures_iter(&html)
        .map(|c| {
            let number = |i: usize| c[i].parse::<f64>().unwrap();
            (c[5].to_string(), [1, 2, 3, 4].map(number))
        })
        .collect()
}

#[test]
fn a_display_formula_is_centred_and_a_fraction_is_stacked() {
    let words = words(&printed().math, 3);
    let find = |text: &str| {
        words
            .iter()
            .find(|(w, _)| w.contains(text))
            .unwrap_or_else(|| panic!("no {text:?} on the page"))
            .1
    };
    // A4 is 595 pt wide with 51 pt margins: a centred formula starts well in.
    let attention = find("Attention");
    assert!(attention[0] > 120.0, "{attention:?}");
    // In softmax(QKᵀ/√d_k) the numerator QK sits above the denominator's d,
    // which starts under it.
    let numerator = find("QK");
    let denominator = words
        .iter()
        .find(|(w, b)| w.contains('d') && b[0] > numerator[0] - 5.0 && b[0] < numerator[2] + 5.0)
        .unwrap_or_else(|| panic!("no denominator under {numerator:?}"))
        .1;
    assert!(
        numerator[3] <= denominator[1],
        "{numerator:?} {denominator:?}"
    );
}

#[test]
fn code_keywords_print_in_a_colour_of_their_own() {
    let pdf = &printed().guide;
    let text = poppler("pdftotext", &[], pdf);
    let page = text
        .split('\u{c}')
        .position(|p| p.contains("import threading"))
        .expect("the GIL code")
        + 1;
    let fills = page_fills(pdf, page);
    // The palette's keyword red (`import`, `def`) beside black body text.
    assert!(fills.contains(&[0xCF, 0x22, 0x2E]), "{fills:?}");
    assert!(fills.contains(&[0, 0, 0]), "{fills:?}");
}

/// The lines of every page, top to bottom, each as its text elements
/// (left to right) with their font, from `pdftohtml -xml`; the running
/// header and footer left out.
fn page_lines(pdf: &Path) -> Vec<Vec<Vec<(String, String)>>> {
    let xml = Command::new("pdftohtml")
        .args(["-xml", "-i", "-q", "-stdout"])
        .arg(pdf)
        .output()
        .expect("pdftohtml (poppler-utils)");
    let xml = String::from_utf8_lossy(&xml.stdout).into_owned();
    let fontspec = Regex::new(r#"<fontspec id="(\d+)" size="[^"]*" family="([^"]*)""#).unwrap();
    let families: std::collections::HashMap<String, String> = fontspec
        .captures_iter(&xml)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();
    let text = Regex::new(
        r#"<text top="(\d+)" left="(\d+)" width="\d+" height="\d+" font="(\d+)">(.*?)</text>"#,
    )
    .unwrap();
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            let mut items: Vec<(i64, i64, String, String)> = text
                .captures_iter(page)
                .map(|c| {
                    let family = families.get(&c[3]).cloned().unwrap_or_default();
                    let plain = Regex::new("<[^>]+>").unwrap().replace_all(&c[4], "");
                    (
                        c[1].parse().unwrap(),
                        c[2].parse().unwrap(),
                        family,
                        plain.into_owned(),
                    )
                })
                .collect();
            items.sort();
            let mut lines: Vec<Vec<(String, String)>> = Vec::new();
            let mut last_top: Option<i64> = None;
            for (top, _, family, text) in items {
                if last_top.is_none_or(|last| (top - last).abs() > 3) {
                    lines.push(Vec::new());
                }
                last_top = Some(top);
                lines.last_mut().unwrap().push((family, text));
            }
            // The running header is the first line, the footer the last.
            let is_running = |line: &Vec<(String, String)>| {
                line.iter()
                    .any(|(_, t)| t.starts_with("Page ") && t.contains(" of "))
            };
            if lines.last().is_some_and(is_running) {
                lines.pop();
            }
            lines
        })
        .collect()
}

#[test]
fn no_page_ends_with_a_heading_a_metadata_line_or_a_label() {
    let p = printed();
    // A handout's last text line may be a metadata line: its ruled lines
    // follow it on the page, and they are not text.
    for (pdf, ruled) in [
        (&p.guide, false),
        (&p.handout, true),
        (&p.edge, false),
        (&p.math, false),
    ] {
        let pages = page_lines(pdf);
        assert!(pages.len() > 2);
        for (n, lines) in pages.iter().enumerate().skip(1) {
            let Some(last) = lines.last() else { continue };
            let text: String = last.iter().map(|(_, t)| t.as_str()).collect();
            // A heading, question title, label or box title: a line set
            // wholly in bold sans (code's bold keywords are monospaced).
            let all_bold = last
                .iter()
                .all(|(family, t)| t.trim().is_empty() || family.contains("DejaVuSans-Bold"));
            let metadata = !ruled && (text.contains("Tags:") || text.contains("Asked by:"));
            assert!(
                !all_bold && !metadata,
                "page {} of {} ends with {text:?}",
                n + 1,
                pdf.display()
            );
        }
    }
}
