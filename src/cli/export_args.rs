//! The arguments of `qbank export FORMAT`: each backend's options, where the
//! output goes, what may be replaced, and which questions are kept.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Subcommand, ValueEnum};

use super::{Cli, SafetyArgs, first_seen};
use crate::help;

#[derive(Subcommand)]
pub(crate) enum ExportFormat {
    /// The IR as JSON (schema: `qbank schema`)
    #[command(after_help = help::EXPORT_JSON.after_help())]
    Json(JsonArgs),
    /// An Anki deck: import it with File > Import; re-import updates notes in place
    #[command(after_help = help::EXPORT_ANKI.after_help())]
    Anki(AnkiArgs),
    /// A printable study guide (answers, insights) or handout (questions, lines to write on)
    #[command(after_help = help::EXPORT_PDF.after_help())]
    Pdf(PdfArgs),
    /// One XHTML5 page per bank, without scripts, for browsers and e-book tools
    #[command(after_help = help::EXPORT_HTML.after_help())]
    Html(HtmlArgs),
    /// An EPUB 3 book; several banks to one `-o FILE.epub` make one book with a chapter each
    #[command(after_help = help::EXPORT_EPUB.after_help())]
    Epub(EpubArgs),
    /// Any other name, refused by `unknown_export_format`: clap's own
    /// "unrecognized subcommand" would not say which formats there are.
    #[command(external_subcommand)]
    Unknown(Vec<OsString>),
}

#[derive(Args)]
pub(crate) struct HtmlArgs {
    /// Fold each answer into a <details> element (browsers only: e-readers ignore it)
    #[arg(long)]
    pub(crate) collapsible: bool,
    /// Use this stylesheet instead of the built-in one
    #[arg(long, value_name = "FILE")]
    pub(crate) css: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) io: ExportIo,
}

#[derive(Args)]
pub(crate) struct EpubArgs {
    /// The book's title [default: the bank's title, or the banks' titles joined]
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// Use this stylesheet instead of the built-in one
    #[arg(long, value_name = "FILE")]
    pub(crate) css: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) io: ExportIo,
}

#[derive(Args)]
pub(crate) struct PdfArgs {
    /// `guide`: questions with answers and insights; `handout`: questions with ruled lines
    #[arg(long, value_enum, ignore_case = true, default_value_t = qbank::export::pdf::Mode::Guide)]
    pub(crate) mode: qbank::export::pdf::Mode,
    /// Paper size
    #[arg(long, value_enum, ignore_case = true, default_value_t = qbank::export::pdf::Paper::A4)]
    pub(crate) paper: qbank::export::pdf::Paper,
    #[command(flatten)]
    pub(crate) io: ExportIo,
}

#[derive(Args)]
pub(crate) struct AnkiArgs {
    /// Parent deck (may nest: A::B; empty for none); each bank becomes <DECK>::<bank title>
    #[arg(long, default_value = "qbank")]
    pub(crate) deck: String,
    /// Record the exported GUIDs here; if the file exists, first list the notes
    /// whose questions are gone since it was written
    #[arg(long, value_name = "PATH")]
    pub(crate) manifest: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) io: ExportIo,
}

#[derive(Args)]
pub(crate) struct JsonArgs {
    /// `pretty`: one JSON document per bank; `jsonl`: one question per line
    #[arg(long, value_enum, ignore_case = true, default_value_t = JsonFormat::Pretty)]
    pub(crate) format: JsonFormat,
    #[command(flatten)]
    pub(crate) io: ExportIo,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum JsonFormat {
    Pretty,
    Jsonl,
}

#[derive(Args)]
pub(crate) struct ExportIo {
    /// Banks, or directories searched for *.md; - reads one bank from standard input
    #[arg(required = true)]
    pub(crate) files: Vec<PathBuf>,
    /// Output file, directory (existing, or ending in /), or - for stdout [default: stdout]
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
    /// Leave code uncoloured (HTML, EPUB, Anki) and skip the highlight cache
    #[arg(long)]
    pub(crate) no_highlight: bool,
    #[command(flatten)]
    pub(crate) select: SelectArgs,
    #[command(flatten)]
    pub(crate) safety: SafetyArgs,
}

/// Which questions to export (every criterion narrows; none means all).
#[derive(Args)]
pub(crate) struct SelectArgs {
    /// Difficulties to keep, e.g. hard,medium
    #[arg(long, value_delimiter = ',', value_enum, ignore_case = true)]
    pub(crate) difficulty: Vec<DifficultyArg>,
    /// Tags to keep (any of them), e.g. Concurrency
    #[arg(long, value_delimiter = ',')]
    pub(crate) tag: Vec<String>,
    /// Companies to keep (any of them), e.g. Google
    #[arg(long, value_delimiter = ',')]
    pub(crate) company: Vec<String>,
    /// Kinds to keep [anki default: premium,code-example; others: all]
    #[arg(
        long,
        alias = "kinds",
        value_delimiter = ',',
        value_enum,
        ignore_case = true
    )]
    pub(crate) kind: Vec<KindArg>,
    /// Question ids to keep (with or without the `<document>/` prefix)
    #[arg(long, value_delimiter = ',')]
    pub(crate) id: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
pub(crate) enum DifficultyArg {
    Easy,
    Medium,
    Hard,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
pub(crate) enum KindArg {
    Premium,
    #[value(alias = "code_example")]
    CodeExample,
    Reference,
    Prompt,
}

impl SelectArgs {
    pub(crate) fn selection(&self) -> qbank::export::Selection {
        use qbank::ir::{Difficulty, Kind};
        qbank::export::Selection {
            difficulties: first_seen(&self.difficulty, |d| d)
                .into_iter()
                .map(|d| match d {
                    DifficultyArg::Easy => Difficulty::Easy,
                    DifficultyArg::Medium => Difficulty::Medium,
                    DifficultyArg::Hard => Difficulty::Hard,
                })
                .collect(),
            tags: self.tag.clone(),
            companies: self.company.clone(),
            kinds: first_seen(&self.kind, |k| k)
                .into_iter()
                .map(|k| match k {
                    KindArg::Premium => Kind::Premium,
                    KindArg::CodeExample => Kind::CodeExample,
                    KindArg::Reference => Kind::Reference,
                    KindArg::Prompt => Kind::Prompt,
                })
                .collect(),
            ids: self.id.clone(),
        }
    }
}

/// The usage error (exit 2) for `qbank export NAME ...` when NAME is no
/// format, naming the formats there are.
pub(crate) fn unknown_export_format(args: &[OsString]) -> clap::Error {
    let mut cli = Cli::command();
    // Built, `export` knows its full name for the usage line.
    cli.build();
    let export = cli
        .find_subcommand_mut("export")
        .expect("export is a subcommand");
    let formats: Vec<&str> = export
        .get_subcommands()
        .map(|format| format.get_name())
        .filter(|&name| name != "help")
        .collect();
    let name = args
        .first()
        .map(|a| a.to_string_lossy())
        .unwrap_or_default();
    let mut message = format!(
        "unknown export format `{name}` (available: {})",
        formats.join(", ")
    );
    if name.eq_ignore_ascii_case("jsonl") {
        message.push_str("; JSON lines are `qbank export json --format jsonl`");
    }
    export.error(clap::error::ErrorKind::InvalidSubcommand, message)
}
