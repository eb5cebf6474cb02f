//! What each command says about itself beyond its options: working examples
//! and exit codes. One table per command feeds both the end of its `--help`
//! and (see `write_man_pages`) the EXAMPLES and EXIT STATUS sections of its man page,
//! so the two cannot drift apart. Also the generated forms of the help: shell
//! completion scripts and man pages.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

/// The examples and exit codes of one command.
pub(crate) struct Guide {
    /// Command lines that work as written from the root of this repository,
    /// each with what it does.
    pub(crate) examples: &'static [(&'static str, &'static str)],
    /// Every exit status the command can end with, and what it means there.
    pub(crate) exit_codes: &'static [(u8, &'static str)],
}

/// Width the help texts are wrapped at: a terminal of 80 columns, as clap's
/// own option list is when the terminal is not wider.
const WIDTH: usize = 80;

impl Guide {
    /// The text after the option list in `--help`.
    pub(crate) fn after_help(&self) -> String {
        let mut text = String::from("Examples:\n");
        // Each description above its command as a shell comment: commands
        // are too long for a column beside them, and the lines still paste
        // into a shell.
        for (command, what) in self.examples {
            text.push_str(&format!("  # {}\n  {command}\n", wrap(what, 4, "  # ")));
        }
        text.push_str("\nExit codes:\n");
        for (code, meaning) in self.exit_codes {
            text.push_str(&format!("  {code}  {}\n", wrap(meaning, 5, "     ")));
        }
        text.pop();
        text
    }
}

/// `text` broken at spaces to fit in `WIDTH` after an indent of `indent`
/// columns (the caller writes the first line's), continuation lines starting
/// with `prefix`.
fn wrap(text: &str, indent: usize, prefix: &str) -> String {
    let mut out = String::new();
    let mut used = indent;
    for word in text.split(' ') {
        if used > indent && used + 1 + word.len() > WIDTH {
            out.push('\n');
            out.push_str(prefix);
            used = prefix.len();
        } else if used > indent {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += word.len();
    }
    out
}

/// Exit codes of the commands that read banks and write exports.
const EXPORT_EXIT: &[(u8, &str)] = &[
    (0, "every bank exported"),
    (
        1,
        "a bank's content is at fault: invalid UTF-8 or binary, over --max-file-size, two banks \
         with one id",
    ),
    (
        2,
        "a usage or I/O problem: a missing bank or an empty directory, an output that cannot be \
         written or is refused (an input, Markdown, a file of another format without --force)",
    ),
];

pub(crate) const QBANK: Guide = Guide {
    examples: &[
        ("qbank build", "every bank under content/ into exports/"),
        (
            "qbank export json content/python.md -o python.json",
            "one bank as JSON",
        ),
        (
            "qbank export json --format jsonl content/*.md | jq -r .title",
            "one question per line",
        ),
        (
            "qbank export pdf content/python.md -o python-handout.pdf --mode handout",
            "questions with lines to write on",
        ),
        (
            "qbank export epub content/*.md -o interview-questions.epub",
            "one book, a chapter per bank",
        ),
        ("qbank lint --deny warnings", "fail on warnings too"),
        (
            "qbank fix --check content/*.md",
            "fail when a file needs an encoding repair",
        ),
        ("qbank schema > qbank.schema.json", "the JSON's contract"),
        (
            "qbank completions bash > ~/.local/share/bash-completion/completions/qbank",
            "tab completion in bash",
        ),
        (
            "qbank man target/man",
            "a man page per command; then man -l target/man/qbank-lint.1",
        ),
        (
            "qbank export pdf --help",
            "each command's options and examples",
        ),
    ],
    exit_codes: &[
        (0, "success"),
        (
            1,
            "a content problem: invalid UTF-8, a file over the size limit, lint errors, \
             `fix --check` finding something to repair",
        ),
        (2, "a usage or I/O problem"),
    ],
};

pub(crate) const BUILD: Guide = Guide {
    examples: &[
        (
            "qbank build",
            "every bank under content/ (subdirectories too) into exports/, in every format but jsonl",
        ),
        (
            "qbank build content -o /tmp/out --formats json,jsonl",
            "only the JSON documents and JSON lines",
        ),
        (
            "qbank build --clean",
            "also remove the exports of banks that no longer exist",
        ),
        (
            "qbank build -q content/python.md -o /tmp/out",
            "one bank; print nothing but errors",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT: Guide = Guide {
    examples: &[
        (
            "qbank export json content/python.md -o python.json",
            "one bank, one file",
        ),
        (
            "qbank export anki content/*.md -o decks/",
            "one file per bank in decks/",
        ),
        (
            "qbank export pdf content/python.md -o python.pdf --difficulty hard",
            "only the hard questions",
        ),
        (
            "qbank export html content/python.md -o python.html --force",
            "overwrite python.html even if it is not HTML",
        ),
        ("qbank export pdf --help", "a format's own options"),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_JSON: Guide = Guide {
    examples: &[
        (
            "qbank export json content/python.md -o python.json",
            "one document per bank",
        ),
        (
            "qbank export json content/*.md -o out/",
            "out/<id>.json for each bank",
        ),
        (
            "qbank export json --format jsonl content/*.md | jq -r .title",
            "one question per line, banks concatenated",
        ),
        (
            "qbank export json --difficulty hard --tag Concurrency content/python.md",
            "a selection, to standard output",
        ),
        (
            "qbank export json - --stdin-id python < content/python.md",
            "a bank read from standard input, with the id its file name would give",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_ANKI: Guide = Guide {
    examples: &[
        (
            "qbank export anki content/python.md -o python.anki.csv",
            "import it in Anki with File > Import",
        ),
        (
            "qbank export anki --deck Interviews content/python.md -o python.anki.csv",
            "decks under Interviews::",
        ),
        (
            "qbank export anki --kind premium,code-example,reference,prompt content/python.md -o all.anki.csv",
            "every kind of question, not only premium questions and code examples",
        ),
        (
            "qbank export anki content/python.md -o python.anki.csv --manifest python.guids",
            "also name the notes whose questions are gone since the last export",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_PDF: Guide = Guide {
    examples: &[
        (
            "qbank export pdf content/python.md -o python.pdf",
            "a study guide on A4",
        ),
        (
            "qbank export pdf content/python.md -o python-handout.pdf --mode handout",
            "questions with ruled lines, no answers",
        ),
        (
            "qbank export pdf content/python.md -o hard.pdf --difficulty hard --paper letter",
            "the hard questions on US Letter",
        ),
        (
            "qbank export pdf content/*.md -o pdf/",
            "pdf/<id>.pdf for each bank",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_HTML: Guide = Guide {
    examples: &[
        (
            "qbank export html content/python.md -o python.html",
            "one page, answers shown",
        ),
        (
            "qbank export html content/python.md -o python.html --collapsible",
            "answers folded in <details>",
        ),
        (
            "qbank export html content/python.md -o python.html --css site.css",
            "your stylesheet instead of the built-in one",
        ),
        (
            "qbank export html content/*.md -o site/",
            "site/<id>.html for each bank",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_EPUB: Guide = Guide {
    examples: &[
        (
            "qbank export epub content/python.md -o python.epub",
            "one bank, one book",
        ),
        (
            "qbank export epub content/*.md -o interview-questions.epub --title \"Interview questions\"",
            "one book, a chapter per bank",
        ),
        (
            "qbank export epub content/*.md -o books/",
            "books/<id>.epub for each bank",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const SCHEMA: Guide = Guide {
    examples: &[
        (
            "qbank schema > qbank.schema.json",
            "the JSON Schema (2020-12) of `qbank export json`",
        ),
        (
            "qbank schema | diff - schema/qbank.schema.json",
            "check the committed copy is current",
        ),
    ],
    exit_codes: &[
        (0, "printed"),
        (
            2,
            "a usage or I/O problem (standard output cannot be written)",
        ),
    ],
};

pub(crate) const FIX: Guide = Guide {
    examples: &[
        (
            "qbank fix content/python.md",
            "repair mojibake and drop a byte-order mark, in place",
        ),
        (
            "qbank fix --check content",
            "change nothing; fail when a bank needs a repair (for CI)",
        ),
        (
            "qbank fix - < download.md > bank.md",
            "repair standard input to standard output",
        ),
    ],
    exit_codes: &[
        (0, "every file repaired or already clean"),
        (
            1,
            "with --check, a file needs a repair; or a file cannot be repaired (invalid UTF-8, \
             over --max-file-size)",
        ),
        (
            2,
            "a usage or I/O problem: a missing file, a file that cannot be written",
        ),
    ],
};

pub(crate) const LINT: Guide = Guide {
    examples: &[
        ("qbank lint", "lint content/"),
        ("qbank lint --deny warnings", "warnings fail too"),
        (
            "qbank lint --format github content",
            "annotations in a GitHub Actions log",
        ),
        (
            "qbank lint --format sarif > qbank.sarif",
            "for code scanning",
        ),
        (
            "qbank lint --fix",
            "apply the safe fixes (encoding, emoji, numbering), then report",
        ),
        (
            "qbank lint --online --exclude '^https://internal\\.'",
            "also check that links resolve, but not those",
        ),
        (
            "qbank lint --explain",
            "list the rules; --explain RULE explains one",
        ),
    ],
    exit_codes: &[
        (0, "no errors (warnings allowed)"),
        (1, "errors, or warnings with --deny warnings"),
        (2, "a usage or I/O problem"),
    ],
};

pub(crate) const COMPLETIONS: Guide = Guide {
    examples: &[
        (
            "qbank completions bash > ~/.local/share/bash-completion/completions/qbank",
            "bash, with the bash-completion package: new shells complete qbank",
        ),
        (
            "qbank completions zsh > ~/.zfunc/_qbank",
            "zsh, with fpath+=(~/.zfunc) before compinit in ~/.zshrc",
        ),
        (
            "qbank completions fish > ~/.config/fish/completions/qbank.fish",
            "fish",
        ),
        ("qbank completions powershell >> $PROFILE", "PowerShell"),
    ],
    exit_codes: &[
        (0, "printed"),
        (
            2,
            "a usage or I/O problem: an unknown shell, standard output cannot be written",
        ),
    ],
};

/// The script that makes `shell` complete qbank's command line.
pub(crate) fn completions(shell: clap_complete::Shell) -> String {
    let mut command = crate::cli::Cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    // The script is made of qbank's own names and help texts, all UTF-8.
    String::from_utf8_lossy(&script).into_owned()
}

pub(crate) const MAN: Guide = Guide {
    examples: &[
        (
            "qbank man target/man",
            "then read one with man -l target/man/qbank-export-pdf.1",
        ),
        (
            "qbank man ~/.local/share/man/man1",
            "for `man qbank-lint`, when ~/.local/bin is on your PATH",
        ),
    ],
    exit_codes: &[
        (0, "written"),
        (
            2,
            "a usage or I/O problem: the directory cannot be created or written",
        ),
    ],
};

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
    let page = man_page(command, name)
        .with_context(|| format!("{}: cannot render the man page", path.display()))?;
    write_new(&path, &page).with_context(|| format!("{}: cannot write", path.display()))?;
    *written += 1;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, written)?;
    }
    Ok(())
}

/// Replaces whatever `path` names by a new file: a symbolic link there is
/// removed, never followed, so nothing is written outside the directory.
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
