//! The `qbank` command line: argument parsing, printing and exit codes only.
//! Exit codes: 0 ok, 1 content problems, 2 usage or I/O errors.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use qbank::commands::{self, CommandError, build::BuildOptions, export::Target};
use qbank::export::{self, Backend, json::Json};

#[derive(Parser)]
#[command(
    name = "qbank",
    version,
    about = "Parse interview-question banks (MkDocs Markdown) into a typed IR and export them",
    long_about = "qbank reads question banks written in the MkDocs Material dialect \
(front matter, `###` questions with a `**Difficulty:** | **Tags:** | **Asked by:**` line, \
answers in `??? success \"View Answer\"` admonitions) and turns them into other shapes.",
    after_help = "Examples:\n  qbank build                      every content/*.md into exports/\n  qbank export json content/python.md -o python.json\n  qbank export json --format jsonl content/*.md | jq -r .title\n  qbank export anki content/python.md -o python.anki.csv --difficulty hard\n  qbank fix --check content/*.md   fail when a file needs an encoding repair\n  qbank schema > qbank.schema.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Export every Markdown file of a directory through every backend
    Build(BuildArgs),
    /// Export some files through one backend
    #[command(subcommand)]
    Export(ExportFormat),
    /// Print the JSON Schema of the exported JSON
    Schema,
    /// Write back encoding repairs (mojibake, byte-order mark)
    Fix(FixArgs),
    /// Check banks for metadata consistency and broken links
    #[command(after_help = LINT_HELP)]
    Lint(LintArgs),
}

const LINT_HELP: &str = "Exit codes: 0 no errors (warnings allowed), 1 errors (or warnings with --deny warnings), 2 usage or I/O problems.\n\nExamples:\n  qbank lint                          lint content/\n  qbank lint --format github content  annotations in a GitHub Actions log\n  qbank lint --format sarif > qbank.sarif\n  qbank lint --fix                    apply safe fixes (encoding, emoji, numbering)\n  qbank lint --online                 also check that links resolve\n  qbank lint --explain                list the rules; --explain RULE explains one";

#[derive(Args)]
struct LintArgs {
    /// Files or directories (their *.md) to lint
    #[arg(default_value = "content")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// Apply the safe fixes, then report what remains
    #[arg(long)]
    fix: bool,
    /// Also check that http(s) links resolve (link-dead, link-insecure)
    #[arg(long)]
    online: bool,
    /// Regular expression of URLs not to check online (repeatable)
    #[arg(long, value_name = "PATTERN")]
    exclude: Vec<String>,
    /// Do not read or write the cache of live links
    #[arg(long)]
    no_cache: bool,
    /// Configuration file [default: qbank.toml found from the first path upwards]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Treat warnings as errors for the exit code
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    deny: Option<String>,
    /// Explain a rule, or list them all when no rule is given
    #[arg(long, value_name = "RULE", num_args = 0..=1, default_missing_value = "")]
    explain: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Args)]
struct BuildArgs {
    /// Directory of question banks (*.md)
    #[arg(default_value = "content")]
    dir: PathBuf,
    /// Directory the exports go to, as <id>.<format>
    #[arg(short, long, default_value = "exports")]
    output: PathBuf,
    /// Comma-separated formats: json, jsonl, anki [default: json,anki]
    #[arg(long, value_delimiter = ',', value_parser = backend_by_name)]
    formats: Vec<&'static dyn Backend>,
}

#[derive(Subcommand)]
enum ExportFormat {
    /// The IR as JSON (schema: `qbank schema`)
    Json(JsonArgs),
    /// An Anki deck: import it with File > Import; re-import updates notes in place
    Anki(AnkiArgs),
}

#[derive(Args)]
struct AnkiArgs {
    /// Parent deck (may nest: A::B; empty for none); each bank becomes <DECK>::<bank title>
    #[arg(long, default_value = "qbank")]
    deck: String,
    /// Record the exported GUIDs here; if the file exists, first list the notes
    /// whose questions are gone since it was written
    #[arg(long, value_name = "PATH")]
    manifest: Option<PathBuf>,
    #[command(flatten)]
    io: ExportIo,
}

#[derive(Args)]
struct JsonArgs {
    /// `pretty`: one JSON document per bank; `jsonl`: one question per line
    #[arg(long, value_enum, default_value_t = JsonFormat::Pretty)]
    format: JsonFormat,
    #[command(flatten)]
    io: ExportIo,
}

#[derive(Clone, Copy, ValueEnum)]
enum JsonFormat {
    Pretty,
    Jsonl,
}

#[derive(Args)]
struct ExportIo {
    /// Question banks to export
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output file, directory (existing, or ending in /), or - for stdout [default: stdout]
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    select: SelectArgs,
}

/// Which questions to export (every criterion narrows; none means all).
#[derive(Args)]
struct SelectArgs {
    /// Difficulties to keep, e.g. hard,medium
    #[arg(long, value_delimiter = ',', value_enum)]
    difficulty: Vec<DifficultyArg>,
    /// Tags to keep (any of them), e.g. Concurrency
    #[arg(long, value_delimiter = ',')]
    tag: Vec<String>,
    /// Companies to keep (any of them), e.g. Google
    #[arg(long, value_delimiter = ',')]
    company: Vec<String>,
    /// Kinds to keep [anki default: premium,code-example; others: all]
    #[arg(long, alias = "kinds", value_delimiter = ',', value_enum)]
    kind: Vec<KindArg>,
    /// Question ids to keep (with or without the `<document>/` prefix)
    #[arg(long, value_delimiter = ',')]
    id: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DifficultyArg {
    Easy,
    Medium,
    Hard,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Premium,
    #[value(alias = "code_example")]
    CodeExample,
    Reference,
    Prompt,
}

impl SelectArgs {
    fn selection(&self) -> qbank::export::Selection {
        use qbank::ir::{Difficulty, Kind};
        qbank::export::Selection {
            difficulties: self
                .difficulty
                .iter()
                .map(|d| match d {
                    DifficultyArg::Easy => Difficulty::Easy,
                    DifficultyArg::Medium => Difficulty::Medium,
                    DifficultyArg::Hard => Difficulty::Hard,
                })
                .collect(),
            tags: self.tag.clone(),
            companies: self.company.clone(),
            kinds: self
                .kind
                .iter()
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

#[derive(Args)]
struct FixArgs {
    /// Files to repair in place
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Change nothing; exit 1 when a file needs a repair
    #[arg(long)]
    check: bool,
}

fn backend_by_name(name: &str) -> Result<&'static dyn Backend, String> {
    export::by_name(name.trim())
        .ok_or_else(|| format!("unknown format `{name}` (available: {})", export::names()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit_code_for(&err))
        }
    }
}

/// Writes to standard output; a reader that went away (`| head`) ends the
/// output quietly instead of failing.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

fn exit_code_for(err: &anyhow::Error) -> u8 {
    let content = err.chain().any(|cause| {
        cause
            .downcast_ref::<CommandError>()
            .is_some_and(CommandError::is_content_problem)
    });
    if content { 1 } else { 2 }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Export(ExportFormat::Json(args)) => {
            let backend: &dyn Backend = match args.format {
                JsonFormat::Pretty => &Json::PRETTY,
                JsonFormat::Jsonl => &Json::LINES,
            };
            export(backend, &args.io)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportFormat::Anki(args)) => {
            let backend = qbank::export::anki::Anki {
                deck_root: args.deck.clone().into(),
            };
            let documents = export(&backend, &args.io)?;
            if let Some(path) = &args.manifest {
                anki_manifest(path, &documents, &args.io.select.selection())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            emit(&qbank::schema::schema_json())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Fix(args) => fix(args),
        Command::Lint(args) => lint(args),
    }
}

/// `--explain`: every rule in a table, or one rule's help.
fn explain(rule: &str) -> Result<ExitCode> {
    use qbank::lint::rules;
    use std::fmt::Write;

    let mut text = String::new();
    if rule.is_empty() {
        for r in rules::RULES {
            let fixable = if r.fixable { " (fixable)" } else { "" };
            let _ = writeln!(
                text,
                "{:<22} {:<8} {}{fixable}",
                r.id,
                r.severity.label(),
                r.summary
            );
        }
    } else {
        let Some(r) = rules::find(rule) else {
            eprintln!("error: unknown rule `{rule}`; `qbank lint --explain` lists them");
            return Ok(ExitCode::from(2));
        };
        let fixable = if r.fixable {
            ", fixable with --fix"
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "{} ({}, {}{fixable})\n\n{}\n",
            r.id,
            r.severity.label(),
            r.summary,
            r.help
        );
        let _ = writeln!(
            text,
            "Change its severity or turn it off in qbank.toml: [rules] {} = \"off\" | \"info\" | \"warning\" | \"error\"",
            r.id
        );
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn lint(args: LintArgs) -> Result<ExitCode> {
    use qbank::diag::Severity;
    use qbank::lint::{self, Config, report};
    use std::io::IsTerminal;

    if let Some(rule) = &args.explain {
        return explain(rule);
    }
    let config_path = args
        .config
        .clone()
        .or_else(|| Config::discover(&args.paths[0]));
    let config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let files = lint::expand(&args.paths)?;
    let online = if args.online {
        let cache = if args.no_cache {
            None
        } else {
            lint::online::default_cache_path()
        };
        let progress = std::io::stderr().is_terminal() && args.format == LintFormat::Human;
        Some(lint::online::Options::from_config(
            &config.links,
            &args.exclude,
            cache,
            progress,
        )?)
    } else {
        None
    };
    let mut result = lint::lint(&files, &config, online.as_ref())?;
    if args.fix {
        for fixed in lint::fix::apply(&result.diagnostics)? {
            let what: Vec<String> = fixed
                .by_rule
                .iter()
                .map(|(rule, n)| format!("{n} {rule}"))
                .collect();
            eprintln!("fixed {}: {}", fixed.file, what.join(", "));
        }
        result = lint::lint(&files, &config, online.as_ref())?;
    }
    match args.format {
        LintFormat::Human => {
            let colour = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let sources: std::collections::HashMap<&str, Vec<String>> = result
                .diagnostics
                .iter()
                .map(|d| d.file.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter_map(|file| {
                    let src = qbank::source::Source::read(std::path::Path::new(file)).ok()?;
                    Some((
                        file,
                        (1..=src.line_count())
                            .map(|n| src.line(n).to_owned())
                            .collect(),
                    ))
                })
                .collect();
            let line_of =
                |file: &str, line: usize| sources.get(file)?.get(line.checked_sub(1)?).cloned();
            emit(&report::human(&result, colour, &line_of))?;
            eprintln!("{}", report::summary(&result));
        }
        LintFormat::Json => emit(&report::json(&result))?,
        LintFormat::Sarif => emit(&lint::sarif::sarif(&result))?,
        LintFormat::Github => emit(&report::github(&result))?,
    }
    let failing = result.count(Severity::Error) > 0
        || (args.deny.is_some() && result.count(Severity::Warning) > 0);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs an export and returns the documents it read.
fn export(backend: &dyn Backend, io: &ExportIo) -> Result<Vec<qbank::ir::Document>> {
    let target = Target::from_arg(io.output.as_deref());
    let selection = io.select.selection();
    let exported = commands::export::export(backend, &selection, &io.files, &target)?;
    for path in &exported.written {
        eprintln!("wrote {}", path.display());
    }
    note_content_errors(&exported.with_errors);
    let selected: usize = exported
        .documents
        .iter()
        .map(|d| selection.apply(&d.questions).count())
        .sum();
    if selected == 0 && selection != qbank::export::Selection::default() {
        eprintln!("warning: the selection matched no question");
    }
    Ok(exported.documents)
}

/// Compares with the previous manifest at `path`, then replaces it.
fn anki_manifest(
    path: &std::path::Path,
    documents: &[qbank::ir::Document],
    selection: &qbank::export::Selection,
) -> Result<()> {
    use qbank::export::manifest;
    let current = manifest::of(documents, selection);
    let previous = std::fs::read_to_string(path)
        .map(|text| manifest::from_text(&text))
        .unwrap_or_default();
    let (current, gone) = manifest::update(&previous, current, documents);
    if !gone.is_empty() {
        eprintln!(
            "{} note(s) in Anki have no question any more; search for them and delete them:",
            gone.len()
        );
        for (guid, (id, title)) in gone {
            eprintln!("  {guid}  {id}  \"{title}\"");
        }
    }
    qbank::output::write_atomic(path, manifest::to_text(&current).as_bytes())
        .with_context(|| format!("{}: cannot write the manifest", path.display()))?;
    eprintln!("wrote {} ({} notes)", path.display(), current.len());
    Ok(())
}

/// Names banks whose content has errors that may show in the outputs.
fn note_content_errors(with_errors: &[(String, usize)]) {
    for (path, errors) in with_errors {
        eprintln!(
            "note: {path} has content errors ({errors} found while parsing) that may show in the exports; `qbank lint {path}` lists them all"
        );
    }
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let formats = if args.formats.is_empty() {
        export::default_formats()
    } else {
        args.formats
    };
    let report = commands::build::build(&BuildOptions {
        input: &args.dir,
        output: &args.output,
        formats: &formats,
    })
    .with_context(|| format!("building {}", args.dir.display()))?;
    for failure in &report.failures {
        eprintln!("error: {}", qbank::diag::with_causes(failure));
    }
    note_content_errors(&report.with_errors);
    let names: Vec<&str> = formats.iter().map(|b| b.name()).collect();
    eprintln!(
        "built {} document(s), {} questions, {} file(s) [{}] into {} in {} ms",
        report.documents,
        report.questions,
        report.written.len(),
        names.join(","),
        args.output.display(),
        report.elapsed_ms
    );
    Ok(
        match report.failures.iter().map(|f| f.is_content_problem()).min() {
            None if report.documents == 0 => {
                eprintln!("warning: no *.md files in {}", args.dir.display());
                ExitCode::SUCCESS
            }
            None => ExitCode::SUCCESS,
            Some(false) => ExitCode::from(2),
            Some(true) => ExitCode::from(1),
        },
    )
}

fn fix(args: FixArgs) -> Result<ExitCode> {
    let mut needed = false;
    for file in &args.files {
        let outcome = commands::fix::fix(file, args.check)?;
        if outcome.repairs.is_empty() {
            eprintln!("{}: clean", outcome.path);
            continue;
        }
        needed = true;
        let verb = if args.check { "needs a fix" } else { "fixed" };
        eprintln!("{}: {verb}: {}", outcome.path, outcome.repairs.join("; "));
    }
    Ok(if needed && args.check {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
