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
