//! The read stage: bytes on disk become a [`Source`], UTF-8 text with a line
//! index. A BOM is stripped, CRLF and lone CR become LF, and mojibake is repaired
//! when the repair is lossless; each of these facts is recorded so that lint can
//! report it. Invalid UTF-8 is an error naming the file, line and byte offset.

pub mod discover;
pub mod mojibake;
pub mod stdin;

use std::path::Path;

use sha2::{Digest, Sha256};
use thiserror::Error;

pub use discover::{expand, markdown_files_in};
pub use mojibake::CodePage;

/// Errors of the read stage.
#[derive(Debug, Error)]
pub enum SourceError {
    #[error("{path}: cannot read")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: larger than the limit of {limit} ({size}); raise it with --max-file-size",
        limit = crate::limits::human_size(*limit),
        size = crate::limits::human_size(*size)
    )]
    TooLarge {
        path: String,
        /// Bytes on disk, or read before giving up when the size is not known.
        size: u64,
        limit: u64,
    },
    #[error("{path}: {kind}, not a text file; qbank reads Markdown question banks")]
    Binary { path: String, kind: &'static str },
    #[error(
        "{path}: UTF-16 text; qbank reads UTF-8: convert it first, e.g. with `iconv -f UTF-16 -t UTF-8`"
    )]
    Utf16 { path: String },
    #[error("{path}: cannot list the directory")]
    List {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no question banks (*.md) here or in its subdirectories{}", skipped_note(*skipped))]
    NoBanks { path: String, skipped: usize },
    #[error("{path}: no such file or directory")]
    Missing { path: String },
    #[error(
        "{path}:{line}: invalid UTF-8 at byte offset {offset} (qbank reads UTF-8 only; convert the file first, e.g. with iconv)"
    )]
    InvalidUtf8 {
        path: String,
        line: usize,
        /// 1-based byte column within the line.
        column: usize,
        offset: usize,
    },
}

/// What a search that found no bank passed over, if anything.
fn skipped_note(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        1 => "; 1 is hidden or ignored (.gitignore, .ignore): name it to read it".to_owned(),
        n => format!("; {n} are hidden or ignored (.gitignore, .ignore): name them to read them"),
    }
}

impl SourceError {
    /// True when the input itself is at fault (exit code 1), false for I/O (exit code 2).
    pub fn is_content_problem(&self) -> bool {
        matches!(
            self,
            SourceError::InvalidUtf8 { .. }
                | SourceError::TooLarge { .. }
                | SourceError::Binary { .. }
                | SourceError::Utf16 { .. }
        )
    }
}

/// What the reader had to change to obtain clean UTF-8 text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadFixes {
    pub had_bom: bool,
    pub had_crlf: bool,
    /// The code page of repaired mojibake and the number of characters it removed.
    pub mojibake: Option<(CodePage, usize)>,
}

/// One input file as clean text, with a line index for 1-based line numbers.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user named it, with `/` separators (`<stdin>` for `-`).
    pub path: String,
    /// The document id: the slug of the file stem, or `--stdin-id` for stdin.
    pub id: String,
    pub text: String,
    /// SHA-256 of the bytes as read from disk, lowercase hex.
    pub sha256: String,
    pub fixes: ReadFixes,
    line_starts: Vec<usize>,
}

impl Source {
    /// Reads and decodes a file of at most `max_size` bytes.
    pub fn read(path: &Path, max_size: u64) -> Result<Source, SourceError> {
        let bytes = read_bytes(path, max_size)?;
        let mut src = Source::from_bytes(display_path(path), &bytes)?;
        src.id = document_id_of(path);
        Ok(src)
    }

    /// Decodes bytes that came from `path` (used in messages and in the IR).
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Result<Source, SourceError> {
        let path = path.into();
        let sha256 = hex(&Sha256::digest(bytes));
        // UTF-16 holds NULs in ASCII text: tell it apart from binary data.
        if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
            return Err(SourceError::Utf16 { path });
        }
        if let Some(kind) = binary_kind(bytes) {
            return Err(SourceError::Binary { path, kind });
        }
        let mut fixes = ReadFixes::default();
        let mut body = bytes;
        // Every leading BOM: a file saved by two tools that each added one has
        // two, and the second would hide the front matter's `---`.
        while let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF") {
            fixes.had_bom = true;
            body = rest;
        }
        let text = std::str::from_utf8(body).map_err(|err| {
            let offset = err.valid_up_to() + (bytes.len() - body.len());
            let before = &bytes[..offset];
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            let column = offset
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1)
                + 1;
            SourceError::InvalidUtf8 {
                path: path.clone(),
                line,
                column,
                offset,
            }
        })?;
        let mut text = if text.contains('\r') {
            fixes.had_crlf = true;
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        if let Some(repair) = mojibake::repair(&text) {
            fixes.mojibake = Some((repair.code_page, repair.changed_chars));
            text = repair.text;
            // A BOM garbled with the rest comes back as one.
            if let Some(rest) = text.strip_prefix('\u{FEFF}') {
                fixes.had_bom = true;
                text = rest.trim_start_matches('\u{FEFF}').to_owned();
            }
        }
        Ok(Source::with_fixes(path, text, sha256, fixes))
    }

    fn with_fixes(path: String, text: String, sha256: String, fixes: ReadFixes) -> Source {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&start| start < text.len())
            .collect();
        Source {
            id: crate::parse::document_id_for(&path),
            path,
            text,
            sha256,
            fixes,
            line_starts,
        }
    }

    /// Number of lines (a final line without `\n` counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Line `n` (1-based) without its line ending; empty past the end.
    pub fn line(&self, n: usize) -> &str {
        let Some(&start) = self.line_starts.get(n.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(n)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end]
            .strip_suffix('\n')
            .unwrap_or(&self.text[start..end])
    }
}

/// The bytes of a file of at most `max_size` bytes. Reading stops one byte past
/// the limit, so a file that grows, a pipe or a device cannot exhaust memory.
pub fn read_bytes(path: &Path, max_size: u64) -> Result<Vec<u8>, SourceError> {
    use std::io::Read;
    let io = |source| SourceError::Io {
        path: display_path(path),
        source,
    };
    let too_large = |size| SourceError::TooLarge {
        path: display_path(path),
        size,
        limit: max_size,
    };
    if stdin::is_stdin(path) {
        let bytes = stdin::bytes(max_size).map_err(io)?;
        if bytes.len() as u64 > max_size {
            return Err(too_large(bytes.len() as u64));
        }
        return Ok(bytes);
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let declared = file.metadata().map_err(io)?.len();
    if declared > max_size {
        return Err(too_large(declared));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_size {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether `path` names a Markdown file: `.md` or `.markdown`, in any case.
/// Discovery reads these, and no export ever writes over one.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A path for messages and JSON: as given, with `/` separators on every
/// platform; `<stdin>` for `-`.
pub fn display_path(path: &Path) -> String {
    if stdin::is_stdin(path) {
        return stdin::DISPLAY_NAME.to_owned();
    }
    path.to_string_lossy().replace('\\', "/")
}

/// The document id of the bank at `path`: the slug of its file stem, or the
/// `--stdin-id` given to standard input.
pub fn document_id_of(path: &Path) -> String {
    if stdin::is_stdin(path) {
        return stdin::document_id();
    }
    crate::parse::document_id_for(&display_path(path))
}

/// What kind of binary file `bytes` hold, if they are not text: any file with
/// a NUL byte (git and grep decide so from the start only, but a NUL anywhere
/// makes the file unreadable as Markdown), or one that is not UTF-8 and starts
/// with a known signature. A message that says "gzip data" helps more than
/// one about invalid UTF-8; text that happens to start like a signature
/// ("GIF87 ...") is still text.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x7fELF", "an ELF executable"),
        (b"\x1f\x8b", "gzip data"),
        (b"PK\x03\x04", "a zip archive (or EPUB, DOCX)"),
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"BZh", "bzip2 data"),
        (b"\xfd7zXZ\x00", "xz data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"SQLite format 3\x00", "an SQLite database"),
    ];
    let signature = || {
        SIGNATURES
            .iter()
            .find(|(magic, _)| bytes.starts_with(magic))
            .map(|(_, kind)| *kind)
    };
    if bytes.contains(&0) {
        return Some(signature().unwrap_or("binary data"));
    }
    signature().filter(|_| std::str::from_utf8(bytes).is_err())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_normalises_line_endings() {
        let src = Source::from_bytes("a.md", b"\xEF\xBB\xBFone\r\ntwo\rthree\n").unwrap();
        assert_eq!(src.text, "one\ntwo\nthree\n");
        assert!(src.fixes.had_bom && src.fixes.had_crlf);
        assert_eq!(src.line_count(), 3);
        assert_eq!(
            (src.line(1), src.line(2), src.line(3), src.line(4)),
            ("one", "two", "three", "")
        );
    }

    #[test]
    fn strips_every_leading_bom() {
        let src = Source::from_bytes("a.md", b"\xEF\xBB\xBF\xEF\xBB\xBF---\n").unwrap();
        assert_eq!(src.text, "---\n");
        assert!(src.fixes.had_bom);
    }

    #[test]
    fn reading_stops_past_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, vec![b'a'; 2048]).unwrap();
        assert_eq!(read_bytes(&path, 2048).unwrap().len(), 2048);
        let err = read_bytes(&path, 2047).unwrap_err();
        assert!(err.is_content_problem());
        assert!(
            err.to_string().ends_with(
                "big.md: larger than the limit of 2047 bytes (2 KiB); raise it with --max-file-size"
            ),
            "{err}"
        );
        // A device has no size on disk: reading stops one byte past the limit.
        let err = read_bytes(Path::new("/dev/zero"), 4096).unwrap_err();
        assert!(
            matches!(err, SourceError::TooLarge { size: 4097, .. }),
            "{err}"
        );
    }

    #[test]
    fn binary_files_are_named_and_text_like_a_signature_is_text() {
        let kind = |bytes: &[u8]| match Source::from_bytes("x.md", bytes) {
            Err(SourceError::Binary { kind, .. }) => Some(kind),
            _ => None,
        };
        assert_eq!(kind(b"\x1f\x8b\x08\x00\xff"), Some("gzip data"));
        assert_eq!(kind(b"\x7fELF\x02\x01\x01\x00"), Some("an ELF executable"));
        assert_eq!(kind(b"# Bank\n\nA NUL \x00 here\n"), Some("binary data"));
        assert_eq!(kind(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"), Some("a PDF document"));
        assert_eq!(kind(b"GIF89a is a format\n"), None);
        assert!(matches!(
            Source::from_bytes("x.md", b"\xff\xfe#\0 \0T\0"),
            Err(SourceError::Utf16 { .. })
        ));
        assert_eq!(kind(b"PK\x03\x04 as text\n"), None);
        // Latin-1 text keeps its invalid-UTF-8 message, with the line.
        assert!(matches!(
            Source::from_bytes("x.md", b"caf\xe9\n"),
            Err(SourceError::InvalidUtf8 { line: 1, .. })
        ));
    }

    #[test]
    fn last_line_without_newline_counts() {
        let src = Source::from_bytes("a.md", b"one\n\nthree").unwrap();
        assert_eq!(src.line_count(), 3);
        assert_eq!(src.line(2), "");
        assert_eq!(src.line(3), "three");
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = Source::from_bytes("bad.md", b"ok\nstill ok\nbad \xff here").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.md:3: invalid UTF-8 at byte offset 16 (qbank reads UTF-8 only; convert the file first, e.g. with iconv)"
        );
        assert!(err.is_content_problem());
    }

    #[test]
    fn offset_counts_the_bom() {
        let err = Source::from_bytes("bad.md", b"\xEF\xBB\xBFab\xc3").unwrap_err();
        assert!(matches!(
            err,
            SourceError::InvalidUtf8 {
                offset: 5,
                line: 1,
                ..
            }
        ));
    }

    #[test]
    fn sha256_is_of_the_raw_bytes() {
        let src = Source::from_bytes("a.md", b"").unwrap();
        assert_eq!(
            src.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
