//! poppler's command-line tools, which read qbank's PDFs back as a reader's
//! viewer would. poppler-utils must be installed (`.ci/run` does it).

use std::path::Path;
use std::process::Command;

/// A poppler tool's standard output; `pdftotext` gets `-` to write there.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} ({e}); install poppler-utils"));
    assert!(
        output.status.success(),
        "{tool} failed on {}",
        pdf.display()
    );
    // Lossy: poppler writes a title's non-BMP characters as CESU-8 in -bbox output.
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The fill colours of one page as poppler's cairo renderer paints them
/// (`pdftocairo -svg`), as bytes.
pub fn page_fills(pdf: &Path, page: usize) -> Vec<[u8; 3]> {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("page.svg");
    let n = page.to_string();
    let status = Command::new("pdftocairo")
        .args(["-svg", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&svg)
        .status()
        .expect("pdftocairo (poppler-utils)");
    assert!(status.success());
    let text = std::fs::read_to_string(svg).unwrap();
    let fill = regex::Regex::new(r"fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)").unwrap();
    fill.captures_iter(&text)
        .map(|c| [1, 2, 3].map(|i| (c[i].parse::<f64>().unwrap() * 2.55).round() as u8))
        .collect()
}
