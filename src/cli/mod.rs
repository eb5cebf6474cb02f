//! The command line's shape: every subcommand, argument and help text (clap
//! derive); the arguments of `qbank export` are in `export_args.rs`. main.rs runs
//! what is parsed here.

mod export_args;

pub(crate) use export_args::*;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use qbank::export::{self, Backend};

use crate::help;
use crate::ui::{ColorWhen, Ui, Verbosity};

#[derive(Parser)]
#[command(
    name = "qbank",
    version,
    about = "Parse interview-question banks (MkDocs Markdown) into a typed IR and export them",
    long_about = "qbank reads question banks written in the MkDocs Material dialect \
(front matter, `###` questions with a `**Difficulty:** | **Tags:** | **Asked by:**` line, \
answers in `??? success \"View Answer\"` admonitions) and turns them into other shapes.",
    after_help = help::QBANK.after_help()
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// How much qbank says, and in colour or not; for every command.
#[derive(Args)]
pub(crate) struct OutputArgs {
    /// Print errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Also list what each warning counts (every character, every file)
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    /// Colour messages: auto (on a terminal unless NO_COLOR is set;
    /// CLICOLOR_FORCE or FORCE_COLOR force it), always, never
    #[arg(long, global = true, value_enum, ignore_case = true, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,
}

impl OutputArgs {
    pub(crate) fn ui(&self) -> Ui {
        let verbosity = if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        Ui::new(verbosity, self.color)
    }
}

/// Resource limits, for every command; they override `[limits]` in qbank.toml.
#[derive(Args)]
pub(crate) struct LimitArgs {
    /// Largest file read, e.g. 512K, 8M [default: 8M]; larger files are a content error
    #[arg(long, global = true, value_name = "SIZE", value_parser = qbank::limits::parse_size)]
    pub(crate) max_file_size: Option<u64>,
    /// Deepest nesting of admonitions, quotes, lists and inline markup kept,
    /// 1 to 28 [default: 16]; deeper content becomes plain text and a content error
    #[arg(long, global = true, value_name = "N", value_parser = qbank::limits::parse_depth)]
    pub(crate) max_depth: Option<usize>,
}

impl LimitArgs {
    /// `base` (defaults, or qbank.toml's) with what the command line sets.
    pub(crate) fn over(&self, base: qbank::limits::Limits) -> qbank::limits::Limits {
        qbank::limits::Limits {
            max_file_size: self.max_file_size.unwrap_or(base.max_file_size),
            max_depth: self.max_depth.unwrap_or(base.max_depth),
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Export every bank under the given paths through every backend
    #[command(after_help = help::BUILD.after_help())]
    Build(BuildArgs),
    /// Export some files through one backend
    #[command(subcommand, after_help = help::EXPORT.after_help())]
    Export(ExportFormat),
    /// Print the JSON Schema of the exported JSON
    #[command(after_help = help::SCHEMA.after_help())]
    Schema,
    /// Write back encoding repairs (mojibake, byte-order mark)
    #[command(after_help = help::FIX.after_help())]
    Fix(FixArgs),
    /// Check banks for metadata consistency and broken links
    #[command(after_help = help::LINT.after_help())]
    Lint(LintArgs),
    /// Print a shell completion script to standard output
    #[command(after_help = help::COMPLETIONS.after_help())]
    Completions(CompletionsArgs),
    /// Write a man page for qbank and for each of its commands into a directory
    #[command(after_help = help::MAN.after_help())]
    Man(ManArgs),
}

#[derive(Args)]
pub(crate) struct ManArgs {
    /// Where qbank.1, qbank-build.1, qbank-export-pdf.1, ... go (created if
    /// missing; pages already there are replaced)
    pub(crate) dir: PathBuf,
}

#[derive(Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete qbank's commands, options and values in
    #[arg(value_enum, ignore_case = true)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Args)]
pub(crate) struct LintArgs {
    /// Files or directories (their *.md) to lint
    #[arg(default_value = "content")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, ignore_case = true, default_value_t = LintFormat::Human)]
    pub(crate) format: LintFormat,
    /// Apply the safe fixes, then report what remains
    #[arg(long)]
    pub(crate) fix: bool,
    /// Also check that http(s) links resolve (link-dead, link-insecure)
    #[arg(long)]
    pub(crate) online: bool,
    /// With --online: a regular expression of URLs not to check (repeatable)
    #[arg(long, value_name = "PATTERN", requires = "online")]
    pub(crate) exclude: Vec<String>,
    /// With --online: do not read or write the cache of live links
    #[arg(long, requires = "online")]
    pub(crate) no_cache: bool,
    /// Configuration file [default: qbank.toml found from the first path upwards]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Treat warnings as errors for the exit code
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"], ignore_case = true)]
    pub(crate) deny: Option<String>,
    /// Explain a rule, or list them all when no rule is given; takes no paths
    /// and no other lint option
    // Refused with what it would silently ignore. Conflicts disregard
    // default values, so `paths` (default content/) conflicts only when given.
    #[arg(
        long,
        value_name = "RULE",
        num_args = 0..=1,
        default_missing_value = "",
        conflicts_with_all = ["paths", "fix", "online", "format", "deny"]
    )]
    pub(crate) explain: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
    Gitlab,
}

#[derive(Args)]
pub(crate) struct BuildArgs {
    /// Banks, or directories searched for *.md (hidden and git-ignored
    /// paths skipped); - reads one bank from standard input
    #[arg(default_value = "content")]
    pub(crate) paths: Vec<PathBuf>,
    /// Directory the exports go to, as <id>.<format>
    #[arg(short, long, default_value = "exports")]
    pub(crate) output: PathBuf,
    /// Comma-separated formats: json, jsonl, anki, pdf, html, epub [default: all but jsonl]
    #[arg(long, value_delimiter = ',', value_parser = backend_by_name)]
    pub(crate) formats: Vec<&'static dyn Backend>,
    /// Remove the exports an earlier build wrote whose bank no longer exists
    #[arg(long)]
    pub(crate) clean: bool,
    #[command(flatten)]
    pub(crate) safety: SafetyArgs,
}

/// What an export may replace, and how a bank on standard input is named.
#[derive(Args)]
pub(crate) struct SafetyArgs {
    /// Replace existing files qbank did not write (never Markdown, never an
    /// input)
    #[arg(long)]
    pub(crate) force: bool,
    /// The document id of the bank read from standard input (`-`), as a
    /// file name gives one [default: stdin]
    #[arg(long, value_name = "ID")]
    pub(crate) stdin_id: Option<String>,
}

impl BuildArgs {
    /// The backends to run: each named one once (`--formats json,json` runs
    /// json once), in the order given; by default all but jsonl.
    pub(crate) fn backends(&self) -> Vec<&'static dyn Backend> {
        if self.formats.is_empty() {
            return export::default_formats();
        }
        first_seen(&self.formats, |backend| backend.name())
    }
}

#[derive(Args)]
pub(crate) struct FixArgs {
    /// Banks to repair in place, or directories searched for *.md; - repairs
    /// standard input to standard output
    #[arg(default_value = "content")]
    pub(crate) files: Vec<PathBuf>,
    /// Change nothing; exit 1 when a file needs a repair
    #[arg(long)]
    pub(crate) check: bool,
}

/// A backend by its name, in any case (`JSON` is `json`), as the enumerated
/// options take theirs.
pub(crate) fn backend_by_name(name: &str) -> Result<&'static dyn Backend, String> {
    export::by_name(&name.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("unknown format `{name}` (available: {})", export::names()))
}

/// `items` without repeats (same `key`), in the order first given: a value
/// listed twice (`--difficulty hard,Hard`) asks for it once.
fn first_seen<T: Copy, K: PartialEq>(items: &[T], key: impl Fn(T) -> K) -> Vec<T> {
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for &item in items {
        if !kept.iter().any(|&k| key(k) == key(item)) {
            kept.push(item);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("qbank").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
            .command
    }

    #[test]
    fn formats_run_once_each_in_the_order_given() {
        let Command::Build(args) = parse(&["build", "--formats", "pdf,JSON,json, Pdf"]) else {
            panic!("not a build");
        };
        let names: Vec<&str> = args.backends().iter().map(|b| b.name()).collect();
        assert_eq!(names, ["pdf", "json"]);
    }

    #[test]
    fn selections_keep_each_value_once() {
        use qbank::ir::{Difficulty, Kind};
        let Command::Export(ExportFormat::Json(args)) = parse(&[
            "export",
            "json",
            "--difficulty",
            "hard,Hard,easy,hard",
            "--kind",
            "Premium,premium,code_example,CODE-EXAMPLE",
            "x.md",
        ]) else {
            panic!("not an export json");
        };
        let selection = args.io.select.selection();
        assert_eq!(selection.difficulties, [Difficulty::Hard, Difficulty::Easy]);
        assert_eq!(selection.kinds, [Kind::Premium, Kind::CodeExample]);
    }
}
