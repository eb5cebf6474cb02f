//! What an existing file is, from its first bytes: qbank replaces a file only
//! when it is a file of the format being written, so that `-o` pointing at a
//! bank, a manifest at a README, or a deck at someone's spreadsheet is refused
//! instead of destroying it. The checks are signatures, not parsers: cheap,
//! and strict where a format is common elsewhere (JSON, HTML).

use std::io::Read;
use std::path::Path;

/// The kinds of file qbank writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A document as JSON (`"schema_version"` in its first lines).
    Json,
    /// Questions as JSON lines.
    JsonLines,
    /// An Anki CSV with its `#separator:` header.
    AnkiCsv,
    Pdf,
    Epub,
    /// An XHTML page with qbank's generator line.
    Html,
    /// An Anki manifest with its header line.
    Manifest,
}

/// The first line of every manifest, then its version.
pub const MANIFEST_HEADER: &str = "# qbank anki-manifest ";

/// How many bytes of a file are looked at.
const HEAD: usize = 1024;

impl Format {
    /// How the format is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "a qbank JSON document",
            Format::JsonLines => "qbank JSON lines",
            Format::AnkiCsv => "an Anki CSV file",
            Format::Pdf => "a PDF document",
            Format::Epub => "an EPUB book",
            Format::Html => "an HTML page written by qbank",
            Format::Manifest => "a qbank Anki manifest",
        }
    }

    /// Whether `head`, the first bytes of a file, are this format's.
    pub fn matches(self, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        let trimmed = text.trim_start();
        match self {
            Format::Json => trimmed.starts_with('{') && text.contains("\"schema_version\""),
            Format::JsonLines => trimmed.starts_with("{\"id\":") && text.contains("\"kind\":"),
            Format::AnkiCsv => head.starts_with(b"#separator:"),
            Format::Pdf => head.starts_with(b"%PDF-"),
            // The EPUB container starts with a stored `mimetype` entry.
            Format::Epub => {
                head.starts_with(b"PK\x03\x04")
                    && head.get(30..38) == Some(b"mimetype".as_slice())
                    && head.windows(20).any(|w| w == b"application/epub+zip")
            }
            Format::Html => text.contains("<meta name=\"generator\" content=\"qbank"),
            Format::Manifest => head.starts_with(MANIFEST_HEADER.as_bytes()),
        }
    }
}

/// What `head` looks like, for a message that says why a file is refused.
pub fn describe(head: &[u8]) -> &'static str {
    const KNOWN: [Format; 7] = [
        Format::Json,
        Format::JsonLines,
        Format::AnkiCsv,
        Format::Pdf,
        Format::Epub,
        Format::Html,
        Format::Manifest,
    ];
    if let Some(format) = KNOWN.into_iter().find(|f| f.matches(head)) {
        return format.label();
    }
    let text = String::from_utf8_lossy(head);
    let first = text.trim_start();
    if head.contains(&0) || std::str::from_utf8(head).is_err() && head.len() < HEAD {
        "binary data"
    } else if first.starts_with("---") || first.starts_with('#') {
        "Markdown"
    } else if first.starts_with('{') || first.starts_with('[') {
        "JSON that qbank did not write"
    } else if first.starts_with('<') {
        "HTML or XML that qbank did not write"
    } else {
        "a text file"
    }
}

/// The first bytes of the file at `path` (fewer if it is shorter).
pub fn head_of(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD);
    std::fs::File::open(path)?
        .take(HEAD as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_format_and_nothing_else() {
        let samples: [(&[u8], Format); 7] = [
            (b"{\n  \"schema_version\": 2,\n  \"id\": \"python\"", Format::Json),
            (b"{\"id\":\"python/gil\",\"kind\":\"premium\"}\n", Format::JsonLines),
            (b"#separator:tab\n#html:true\n", Format::AnkiCsv),
            (b"%PDF-1.7\n%\xe2\xe3", Format::Pdf),
            (
                b"PK\x03\x04\n\0\0\0\0\0\xba*y]oa\xab,\x14\0\0\0\x14\0\0\0\x08\0\0\0mimetypeapplication/epub+zipPK",
                Format::Epub,
            ),
            (
                b"<!DOCTYPE html>\n<html><head>\n<meta charset=\"UTF-8\" />\n<meta name=\"generator\" content=\"qbank 0.1.0\" />",
                Format::Html,
            ),
            (b"# qbank anki-manifest 1\n", Format::Manifest),
        ];
        for (head, format) in samples {
            for (_, other) in samples {
                assert_eq!(
                    other.matches(head),
                    other == format,
                    "{format:?} vs {other:?}"
                );
            }
        }
        for foreign in [
            b"---\ntitle: Python\n---\n# Python".as_slice(),
            b"{\"name\": \"my-package\", \"version\": \"1.0.0\"}",
            b"<!DOCTYPE html><html><head><title>Mine</title>",
            b"PK\x03\x04 a zip that is not an EPUB",
            b"question,answer\nWhat?,That.\n",
        ] {
            assert!(
                samples.iter().all(|(_, f)| !f.matches(foreign)),
                "{}",
                String::from_utf8_lossy(foreign)
            );
        }
    }

    #[test]
    fn describes_what_it_refuses() {
        assert_eq!(describe(b"---\ntitle: x\n---\n"), "Markdown");
        assert_eq!(describe(b"# Python questions\n"), "Markdown");
        assert_eq!(describe(b"\x7fELF\x02\x01\x01\0"), "binary data");
        assert_eq!(describe(b"{\"name\": 1}"), "JSON that qbank did not write");
        assert_eq!(describe(b"%PDF-1.4"), "a PDF document");
        assert_eq!(describe(b"hello"), "a text file");
    }
}
