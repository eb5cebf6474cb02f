//! `qbank export FORMAT FILE...`: some banks through one backend, to standard
//! output, to one file, or to one file per bank in a directory; for Anki,
//! also the manifest. Every destination is checked before a bank is read
//! (`output::guard`), and the files are staged before any is put in place, so
//! a refused or failed write leaves the deck and its manifest as they were.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::{BankDone, CommandError, Notices, load};
use crate::export::manifest::{self, Manifest};
use crate::export::{Backend, Rendered, Selection};
use crate::ir::Document;
use crate::output::guard::{self, Disposition, Inputs};
use crate::output::sniff::Format;

/// Where `export` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
    Directory(PathBuf),
}

impl Target {
    /// `-`, `/dev/stdout` or nothing: stdout; an existing directory or a path
    /// ending in `/`: a directory; anything else: a file.
    pub fn from_arg(arg: Option<&Path>) -> Target {
        match arg {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" || p == Path::new("/dev/stdout") => Target::Stdout,
            Some(p) if p.is_dir() || p.to_string_lossy().ends_with(['/', '\\']) => {
                Target::Directory(p.to_owned())
            }
            Some(p) => Target::File(p.to_owned()),
        }
    }
}

/// How an export may treat what it finds, and whom it tells.
pub struct ExportOptions<'a> {
    /// Replace existing outputs of another format (never Markdown).
    pub force: bool,
    /// Anki: record the exported GUIDs in this file, after naming the notes
    /// whose questions are gone since it was written.
    pub manifest: Option<&'a Path>,
    /// Colour code blocks (`--no-highlight` turns it off).
    pub highlight: bool,
    /// When two questions ask the same thing (`[similarity]`).
    pub similarity: crate::parse::similarity::Thresholds,
    /// Told of each bank as it is done.
    pub on_bank_done: &'a (dyn Fn(BankDone) + Sync),
}

/// What an export did.
pub struct Exported {
    pub written: Vec<PathBuf>,
    pub documents: Vec<Document>,
    pub notices: Notices,
    pub pages: usize,
    pub manifest: Option<ManifestWritten>,
}

/// The manifest an Anki export wrote.
pub struct ManifestWritten {
    pub path: PathBuf,
    pub notes: usize,
    /// Notes of the previous manifest whose questions are gone.
    pub gone: Manifest,
}

/// Exports `files` with `backend` to `target`.
pub fn export(
    backend: &dyn Backend,
    selection: &Selection,
    files: &[PathBuf],
    target: &Target,
    limits: &crate::limits::Limits,
    options: &ExportOptions,
) -> Result<Exported, CommandError> {
    // Several documents to one file or stream: concatenated, bundled (an
    // EPUB with a chapter each), or refused.
    let one_output = matches!(target, Target::File(_) | Target::Stdout);
    let bundler = match backend.bundler() {
        _ if !one_output || files.len() < 2 || backend.concatenates() => None,
        Some(bundler) => Some(bundler),
        None => {
            let destination = match target {
                Target::File(path) => format!("one {} file ({})", backend.name(), path.display()),
                _ => format!("one {} stream on standard output", backend.name()),
            };
            return Err(CommandError::Usage(format!(
                "{} documents cannot go into {destination}; name a directory with `-o DIR/`",
                files.len(),
            )));
        }
    };
    super::check_unique_ids(files)?;
    if target == &Target::Stdout
        && backend.binary()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(CommandError::Usage(format!(
            "{} is a binary format; name a file with `-o FILE` or redirect standard output",
            backend.name()
        )));
    }
    let plan = Plan::check(backend, files, target, options)?;
    let previous = match options.manifest {
        Some(path) => Some(previous_manifest(path, options.force)?),
        None => None,
    };
    let mut notices = Notices {
        forced: plan.forced.clone(),
        removed_temps: match target {
            Target::Stdout => Vec::new(),
            Target::File(path) => super::remove_stale_temps(crate::output::directory_of(path))?,
            Target::Directory(dir) => super::remove_stale_temps(dir)?,
        },
        ..Notices::default()
    };
    let bundling = bundler.is_some();
    let highlighting = super::Highlighting::new(options.highlight, &[backend]);
    let loaded: Vec<(Document, Notices, Option<Rendered>)> =
        crate::schedule::largest_first(files, |file| {
            let mut parsed = load(file, limits, &options.similarity)?;
            let mut bank = Notices::of_bank(&parsed);
            highlighting.apply(&mut parsed, &mut bank);
            let rendered = if bundling {
                None
            } else {
                Some(backend.render(&parsed.document, selection)?)
            };
            (options.on_bank_done)(BankDone {
                pages: rendered.as_ref().map_or(0, |r| r.pages),
            });
            Ok((parsed.document, bank, rendered))
        })
        .into_iter()
        .collect::<Result<_, CommandError>>()?;
    let mut documents = Vec::with_capacity(loaded.len());
    let mut outputs = Vec::with_capacity(loaded.len());
    let mut pages = 0;
    for (document, bank, rendered) in loaded {
        notices.extend(bank);
        if let Some(rendered) = rendered {
            pages += rendered.pages;
            let about = format!("{} ({})", document.source.path, backend.name());
            notices.add_notes(&about, rendered.notes);
            outputs.push((document.id.clone(), rendered.bytes));
        }
        documents.push(document);
    }
    if let Some(bundler) = bundler {
        let all: Vec<&Document> = documents.iter().collect();
        let book = bundler.render_bundle(&all, selection)?;
        pages += book.pages;
        notices.add_notes(backend.name(), book.notes);
        outputs.push((String::new(), book.bytes));
    }
    let manifest = match (options.manifest, previous) {
        (Some(path), Some(previous)) => {
            let current = manifest::of(&documents, selection);
            let (current, gone) = manifest::update(&previous, current, &documents);
            let text = manifest::to_text(&current);
            Some((path, text, current.len(), gone))
        }
        _ => None,
    };
    let written = plan.write(
        outputs,
        backend,
        manifest
            .as_ref()
            .map(|(path, text, _, _)| (*path, text.as_bytes())),
    )?;
    // Unwritten (the deck's reader went away): it must not record notes the
    // reader never received.
    let manifest = manifest.filter(|(path, _, _, _)| written.iter().any(|w| w == path));
    Ok(Exported {
        written,
        documents,
        notices,
        pages,
        manifest: manifest.map(|(path, _, notes, gone)| ManifestWritten {
            path: path.to_owned(),
            notes,
            gone,
        }),
    })
}

/// The previous manifest at `path`, empty if there is none. The guard has
/// made sure it is one (or `force` was given); one of a later format version
/// is refused, since rewriting it would lose what this qbank cannot read.
fn previous_manifest(path: &Path, force: bool) -> Result<Manifest, CommandError> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::new()),
        Err(source) => {
            return Err(CommandError::Source(crate::source::SourceError::Io {
                path: crate::source::display_path(path),
                source,
            }));
        }
    };
    match manifest::version_of(&text) {
        Some(version) if version > manifest::VERSION && !force => {
            Err(CommandError::Usage(format!(
                "{}: a manifest of version {version}, written by a newer qbank; this one writes version {}",
                path.display(),
                manifest::VERSION
            )))
        }
        _ => Ok(manifest::from_text(&text)),
    }
}

/// The destinations of an export, checked, with how each is to be written.
struct Plan {
    target: Target,
    /// Special files among the destinations: written through.
    write_through: Vec<PathBuf>,
    /// Files qbank did not write that `--force` lets it replace.
    forced: Vec<(String, String)>,
}

impl Plan {
    fn check(
        backend: &dyn Backend,
        files: &[PathBuf],
        target: &Target,
        options: &ExportOptions,
    ) -> Result<Plan, CommandError> {
        let inputs = Inputs::new(files);
        let mut destinations: Vec<(PathBuf, Format)> = match target {
            Target::Stdout => {
                guard::check_stdout(&inputs)?;
                Vec::new()
            }
            Target::File(path) => vec![(path.clone(), backend.format())],
            Target::Directory(dir) => {
                files
                    .iter()
                    .map(|file| {
                        let id = crate::source::document_id_of(file);
                        (dir.join(super::output_name(&id, backend)), backend.format())
                    })
                    // A link at a derived name is replaced, not followed.
                    .filter(|(path, _)| !path.is_symlink())
                    .collect()
            }
        };
        if let Some(manifest) = options.manifest {
            let same = |(path, _): &(PathBuf, Format)| guard::same_destination(path, manifest);
            if destinations.iter().any(same) {
                return Err(CommandError::Usage(format!(
                    "the deck and the manifest would both be {}; name two files",
                    manifest.display()
                )));
            }
            destinations.push((manifest.to_owned(), Format::Manifest));
        }
        let mut write_through = Vec::new();
        let mut forced = Vec::new();
        // Each directory written to, once (a directory target holds many).
        let mut directories: Vec<&Path> = Vec::new();
        for (path, _) in &destinations {
            let dir = crate::output::directory_of(path);
            if !directories.contains(&dir) {
                guard::writable_for(dir, path)?;
                directories.push(dir);
            }
        }
        for (path, format) in destinations {
            let binary = backend.binary() && format != Format::Manifest;
            match guard::check(&path, format, binary, &inputs, options.force)? {
                Disposition::WriteThrough => write_through.push(path),
                Disposition::Forced { was } => {
                    forced.push((crate::source::display_path(&path), was))
                }
                Disposition::Replace => {}
            }
        }
        Ok(Plan {
            target: target.clone(),
            write_through,
            forced,
        })
    }

    /// Stages every file, then puts them all in place: an error while
    /// staging leaves every destination as it was. Returns the files
    /// written; the manifest is not among them when standard output's reader
    /// went away before the deck was whole.
    fn write(
        &self,
        rendered: Vec<(String, Vec<u8>)>,
        backend: &dyn Backend,
        manifest: Option<(&Path, &[u8])>,
    ) -> Result<Vec<PathBuf>, CommandError> {
        // (path, bytes, whether qbank derived the name)
        let mut files: Vec<(PathBuf, Vec<u8>, bool)> = match &self.target {
            Target::Stdout => {
                if !write_stdout(&rendered)? {
                    return Ok(Vec::new());
                }
                Vec::new()
            }
            Target::File(path) => vec![(
                path.clone(),
                rendered.into_iter().flat_map(|(_, b)| b).collect(),
                false,
            )],
            Target::Directory(dir) => rendered
                .into_iter()
                .map(|(id, bytes)| {
                    let name = super::output_name(&id, backend);
                    (dir.join(name), bytes, true)
                })
                .collect(),
        };
        if let Some((path, bytes)) = manifest {
            files.push((path.to_owned(), bytes.to_vec(), false));
        }
        let mut staged = Vec::new();
        let mut through = Vec::new();
        for (path, bytes, derived) in files {
            if self.write_through.contains(&path) {
                through.push((path, bytes));
                continue;
            }
            let stage = match (&self.target, path.file_name()) {
                // Derived names replace links (`output::write_in`).
                (Target::Directory(dir), Some(name)) if derived => {
                    crate::output::stage_in(dir, &name.to_string_lossy(), &bytes)
                }
                _ => crate::output::stage(&path, &bytes),
            };
            staged.push(stage.map_err(|e| CommandError::write(&path, e))?);
        }
        let mut written = Vec::new();
        for (path, bytes) in through {
            crate::output::write_through(&path, &bytes)
                .map_err(|e| CommandError::write(&path, e))?;
            written.push(path);
        }
        for file in staged {
            let path = file.path().to_owned();
            file.commit().map_err(|e| CommandError::write(&path, e))?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Writes the outputs to standard output; false when the reader went away
/// (`| head`) before the end, which is no error but no whole output either.
fn write_stdout(rendered: &[(String, Vec<u8>)]) -> Result<bool, CommandError> {
    let mut stdout = std::io::stdout().lock();
    for (_, bytes) in rendered {
        match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(false),
            Err(e) => return Err(CommandError::write(Path::new("<stdout>"), e)),
            Ok(()) => {}
        }
    }
    Ok(true)
}
