//! The generated forms of the help: a man page per command (clap_mangen,
//! with the guide's examples and exit codes laid out by hand in roff) and the
//! shell completion scripts (clap_complete).

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::Guide;
use super::guides::*;

/// The script that makes `shell` complete qbank's command line.
pub(crate) fn completions(shell: clap_complete::Shell) -> String {
    let mut command = crate::cli::Cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    // The script is made of qbank's own names and help texts, all UTF-8.
    String::from_utf8_lossy(&script).into_owned()
}

/// The guide of a command, by its man page name (`qbank-export-pdf`).
fn guide_of(page: &str) -> Option<&'static Guide> {
    Some(match page {
        "qbank" => &QBANK,
        "qbank-build" => &BUILD,
        "qbank-export" => &EXPORT,
        "qbank-export-json" => &EXPORT_JSON,
        "qbank-export-anki" => &EXPORT_ANKI,
        "qbank-export-pdf" => &EXPORT_PDF,
        "qbank-export-html" => &EXPORT_HTML,
        "qbank-export-epub" => &EXPORT_EPUB,
        "qbank-schema" => &SCHEMA,
        "qbank-fix" => &FIX,
        "qbank-lint" => &LINT,
        "qbank-completions" => &COMPLETIONS,
        "qbank-man" => &MAN,
        _ => return None,
    })
}

impl Guide {
    /// The EXAMPLES and EXIT STATUS sections of a man page, laid out as in
    /// `--help`. (clap_mangen would print the `--help` text as one filled
    /// paragraph.)
    fn roff(&self) -> roff::Roff {
        use roff::{bold, roman};
        let mut page = roff::Roff::new();
        // Left-aligned: justified, an unbreakable --max-file-size spreads its
        // line's words apart. `.ad` alone restores the reader's setting.
        page.control("ad", ["l"]);
        page.control("SH", ["EXAMPLES"]);
        for (command, what) in self.examples {
            // A command is an unfilled, unhyphenated example block: it
            // stays one line to copy, as it does in `--help`.
            page.control("PP", [])
                .text([roman(*what)])
                .control("RS", ["4"])
                .control("EX", [])
                .text([bold(*command)])
                .control("EE", [])
                .control("RE", []);
        }
        page.control("SH", ["EXIT STATUS"]);
        for (code, meaning) in self.exit_codes {
            page.control("TP", [])
                .text([bold(code.to_string())])
                .text([roman(*meaning)]);
        }
        page.control("ad", []);
        page
    }
}

/// Writes `qbank.1` and a page per command (`qbank-lint.1`,
/// `qbank-export-pdf.1`, ...) into `dir`, which is created if missing.
/// Returns how many pages it wrote.
pub(crate) fn write_man_pages(dir: &Path) -> Result<usize> {
    qbank::output::guard::writable(dir)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
    // `help` is not a command of its own: no page for it.
    let mut command = crate::cli::Cli::command().disable_help_subcommand(true);
    // Building gives each subcommand its page name, qbank-export-pdf.
    command.build();
    let mut written = 0;
    write_pages(&command, dir, &mut written)?;
    Ok(written)
}

fn write_pages(command: &clap::Command, dir: &Path, written: &mut usize) -> Result<()> {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name());
    let path = dir.join(format!("{name}.1"));
    if !replaceable(&path) {
        anyhow::bail!(
            "{} exists and is not a man page qbank wrote; qbank replaces only its own: move it, or name another directory",
            path.display()
        );
    }
    let page = man_page(command, name)
        .with_context(|| format!("{}: cannot render the man page", path.display()))?;
    write_new(&path, &page).with_context(|| format!("{}: cannot write", path.display()))?;
    *written += 1;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, written)?;
    }
    Ok(())
}

/// Whether the page at `path` may be replaced: there is none, a link (which
/// is replaced, not followed), or a page whose title line names qbank.
fn replaceable(path: &Path) -> bool {
    use std::io::Read;
    if path.is_symlink() {
        return true;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return !path.exists();
    };
    let mut head = Vec::new();
    let _ = file.take(1024).read_to_end(&mut head);
    let head = String::from_utf8_lossy(&head);
    head.lines()
        .any(|line| line.starts_with(".TH ") && line.contains("\"qbank "))
}

/// Atomically, and replacing a link rather than following it
/// (`output::write_in`): a page never lands outside `dir`, and a failed run
/// leaves the previous page whole.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = qbank::output::directory_of(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    qbank::output::write_in(dir, &name, bytes).map(drop)
}

/// clap_mangen's sections, with the guide's EXAMPLES and EXIT STATUS before
/// the version.
fn man_page(command: &clap::Command, name: &str) -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(command.clone())
        .title(name.to_uppercase())
        // Not "pdf 0.1.0", which Man takes from a subcommand's own name.
        .source(format!("qbank {}", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut page)?;
    }
    if let Some(guide) = guide_of(name) {
        guide.roff().to_writer(&mut page)?;
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    Ok(page)
}
