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
    // Which addresses --online may connect to: judged on the address a name
    // resolves to, and again at every redirect. Excluded links are not
    // checked, and counted in the summary.
    /// With --online: do not check links to private addresses (10/8,
    /// 172.16/12, 192.168/16, fc00::/7)
    #[arg(long, requires = "online")]
    pub(crate) exclude_private: bool,
    /// With --online: do not check links to loopback addresses (127/8, ::1)
    #[arg(long, requires = "online")]
    pub(crate) exclude_loopback: bool,
    /// With --online: do not check links to link-local addresses (169.254/16,
    /// fe80::/10, e.g. cloud metadata at 169.254.169.254). This is the
    /// default; --include-link-local checks them
    #[arg(long, requires = "online")]
    pub(crate) exclude_link_local: bool,
    /// With --online: --exclude-private, --exclude-loopback and
    /// --exclude-link-local
    #[arg(long, requires = "online")]
    pub(crate) exclude_all_private: bool,
    /// With --online: check links to link-local addresses too (excluded by
    /// default and by `exclude-link-local` in qbank.toml)
    #[arg(long, requires = "online", conflicts_with_all = ["exclude_link_local", "exclude_all_private"])]
    pub(crate) include_link_local: bool,
    /// Configuration file [default: qbank.toml found from the first path upwards]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Treat warnings as errors for the exit code
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"], ignore_case = true)]
    pub(crate) deny: Option<String>,
    /// Report only these rules (comma-separated ids)
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = rule_id)]
    pub(crate) select: Vec<String>,
    /// Do not report these rules (comma-separated ids)
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = rule_id)]
    pub(crate) ignore: Vec<String>,
    /// Record today's findings in FILE and exit 0; with `--baseline FILE`
    /// later runs report only new ones
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Report only findings that FILE (from `--write-baseline`) does not
    /// account for; a finding moved by edits elsewhere stays accounted for
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Print only how many diagnostics each rule has (the table human
    /// output ends with)
    #[arg(long, conflicts_with = "format")]
    pub(crate) statistics: bool,
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

impl LintArgs {
    /// The address classes `--online` excludes: `base` (qbank.toml's
    /// `[links]`) with the flags applied.
    pub(crate) fn address_policy(
        &self,
        base: qbank::lint::online::Policy,
    ) -> qbank::lint::online::Policy {
        let all = self.exclude_all_private;
        qbank::lint::online::Policy {
            private: base.private || self.exclude_private || all,
            loopback: base.loopback || self.exclude_loopback || all,
            link_local: !self.include_link_local
                && (base.link_local || self.exclude_link_local || all),
        }
    }
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
    /// Directory the exports go to: one file per bank and format (<id>.html, <id>.anki.csv...)
    #[arg(short, long, default_value = "exports")]
    pub(crate) output: PathBuf,
    /// Comma-separated formats: json, jsonl, anki, pdf, html, epub [default: all but jsonl]
    #[arg(long, value_delimiter = ',', value_parser = backend_by_name)]
    pub(crate) formats: Vec<&'static dyn Backend>,
    /// Remove the exports an earlier build wrote whose bank no longer exists
    #[arg(long)]
    pub(crate) clean: bool,
    /// Leave code uncoloured (HTML, EPUB, Anki) and skip the highlight cache
    #[arg(long)]
    pub(crate) no_highlight: bool,
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

/// A lint rule id, as `--explain` lists them.
fn rule_id(id: &str) -> Result<String, String> {
    let id = id.trim().to_ascii_lowercase();
    match qbank::rules::find(&id) {
        Some(rule) => Ok(rule.id.to_owned()),
        None => Err(format!(
            "unknown rule `{id}`; `qbank lint --explain` lists them"
        )),
    }
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
    fn address_flags_apply_over_the_configuration() {
        use qbank::lint::online::Policy;
        let policy = |args: &[&str], base: Policy| {
            let Command::Lint(lint) = parse(args) else {
                panic!("not a lint");
            };
            lint.address_policy(base)
        };
        let all = Policy {
            private: true,
            loopback: true,
            link_local: true,
        };
        let default = Policy::default();
        assert_eq!(policy(&["lint", "--online"], default), default);
        assert_eq!(
            policy(&["lint", "--online", "--exclude-all-private"], default),
            all
        );
        // --include-link-local wins over qbank.toml's exclude-all-private.
        assert_eq!(
            policy(&["lint", "--online", "--include-link-local"], all),
            Policy {
                link_local: false,
                ..all
            }
        );
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
