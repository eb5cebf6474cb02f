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
    after_help = "Examples:\n  qbank build                      every content/*.md into exports/\n  qbank export json content/python.md -o python.json\n  qbank export json --format jsonl content/*.md | jq -r .title\n  qbank fix --check content/*.md   fail when a file needs an encoding repair\n  qbank schema > qbank.schema.json"
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
}

#[derive(Args)]
struct BuildArgs {
    /// Directory of question banks (*.md)
    #[arg(default_value = "content")]
    dir: PathBuf,
    /// Directory the exports go to, as <id>.<format>
    #[arg(short, long, default_value = "exports")]
    output: PathBuf,
    /// Comma-separated backends [default: all but jsonl]
    #[arg(long, value_delimiter = ',', value_parser = backend_by_name)]
    formats: Vec<&'static dyn Backend>,
}

#[derive(Subcommand)]
enum ExportFormat {
    /// The IR as JSON (schema: `qbank schema`)
    Json(JsonArgs),
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
            let target = Target::from_arg(args.io.output.as_deref());
            let written = commands::export::export(backend, &args.io.files, &target)?;
            for path in written {
                eprintln!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print!("{}", qbank::schema::schema_json());
            Ok(ExitCode::SUCCESS)
        }
        Command::Fix(args) => fix(args),
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
        eprintln!("error: {failure}");
    }
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
