//! Whether an existing file is one qbank wrote, and what it looks like
//! otherwise: qbank replaces a file only when it made it, so that `-o`
//! pointing at a bank, a manifest at a README, a deck at an Anki export of
//! your own or `build --clean` in a folder of PDFs destroys nothing. Each
//! format carries a mark of its maker: the PDF's `/Creator(qbank)`, the
//! EPUB's archive comment, the HTML page's generator line, the deck's and the
//! manifest's header lines, the JSON's first keys. These are signatures, not
//! parsers: cheap, and enough to tell qbank's files from anyone else's.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The kinds of file qbank writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A document as pretty JSON.
    Json,
    /// Questions as JSON lines.
    JsonLines,
    /// An Anki CSV with qbank's header.
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

/// The header line that ends every deck qbank writes; Anki's own exports have
/// no `#columns:` line.
pub const DECK_COLUMNS: &str = "#columns:Front\tBack\tDeck\tTags\tGUID\n";

/// How many bytes of a file's start (and, for EPUB, end) are looked at.
const SAMPLE: usize = 1024;

const ALL: [Format; 7] = [
    Format::Json,
    Format::JsonLines,
    Format::AnkiCsv,
    Format::Pdf,
    Format::Epub,
    Format::Html,
    Format::Manifest,
];

impl Format {
    /// How the format is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "a JSON document",
            Format::JsonLines => "JSON lines",
            Format::AnkiCsv => "an Anki deck",
            Format::Pdf => "a PDF",
            Format::Epub => "an EPUB book",
            Format::Html => "an HTML page",
            Format::Manifest => "an Anki manifest",
        }
    }

    /// Whether `sample` is this format as qbank writes it.
    fn made_by_qbank(self, sample: &Sample) -> bool {
        let head = &sample.head;
        let text = String::from_utf8_lossy(head);
        match self {
            Format::Json => {
                text.starts_with("{\n  \"schema_version\": ") && text.contains(",\n  \"id\": \"")
            }
            Format::JsonLines => text.starts_with("{\"id\":\"") && text.contains("\",\"kind\":\""),
            Format::AnkiCsv => text.starts_with("#separator:tab\n") && text.contains(DECK_COLUMNS),
            Format::Pdf => head.starts_with(b"%PDF-") && sample.pdf_creator_is_qbank,
            Format::Epub => is_epub(head) && find(&sample.tail, b"qbank").is_some(),
            Format::Html => text.contains("<meta name=\"generator\" content=\"qbank"),
            Format::Manifest => head.starts_with(MANIFEST_HEADER.as_bytes()),
        }
    }

    /// Whether qbank may replace `existing` with a file of this format:
    /// qbank wrote it, in this format or in its sibling (a JSON document
    /// and JSON lines replace each other).
    pub fn may_replace(self, existing: &Sample) -> bool {
        let siblings: &[Format] = match self {
            Format::Json | Format::JsonLines => &[Format::Json, Format::JsonLines],
            _ => std::slice::from_ref(&self),
        };
        siblings.iter().any(|f| f.made_by_qbank(existing))
    }
}

/// What is known of an existing file.
pub struct Sample {
    head: Vec<u8>,
    tail: Vec<u8>,
    pdf_creator_is_qbank: bool,
}

impl Sample {
    /// Reads what the checks need: the first and last bytes, and for a PDF a
    /// scan for qbank's `/Creator`, which sits in the document information
    /// near the end (a PDF has no fixed place for it).
    pub fn of(path: &Path) -> std::io::Result<Sample> {
        let mut file = std::fs::File::open(path)?;
        let mut head = Vec::with_capacity(SAMPLE);
        (&mut file).take(SAMPLE as u64).read_to_end(&mut head)?;
        let length = file.metadata()?.len();
        let mut tail = Vec::with_capacity(SAMPLE);
        file.seek(SeekFrom::Start(length.saturating_sub(SAMPLE as u64)))?;
        (&mut file).take(SAMPLE as u64).read_to_end(&mut tail)?;
        let pdf_creator_is_qbank = head.starts_with(b"%PDF-") && {
            file.seek(SeekFrom::Start(0))?;
            contains(file, b"/Creator(qbank)")?
        };
        Ok(Sample {
            head,
            tail,
            pdf_creator_is_qbank,
        })
    }

    #[cfg(test)]
    fn from_bytes(bytes: &[u8]) -> Sample {
        Sample {
            head: bytes[..bytes.len().min(SAMPLE)].to_vec(),
            tail: bytes[bytes.len().saturating_sub(SAMPLE)..].to_vec(),
            pdf_creator_is_qbank: find(bytes, b"/Creator(qbank)").is_some(),
        }
    }

    /// What the file looks like, for a message that says why it is refused.
    pub fn describe(&self) -> String {
        if let Some(format) = ALL.into_iter().find(|f| f.made_by_qbank(self)) {
            return format!("{} qbank wrote", format.label());
        }
        let head = &self.head;
        let text = String::from_utf8_lossy(head);
        let first = text.trim_start();
        let looks = if head.starts_with(b"%PDF-") {
            "a PDF"
        } else if is_epub(head) {
            "an EPUB book"
        } else if head.starts_with(b"PK\x03\x04") {
            "a zip archive"
        } else if head.contains(&0) || std::str::from_utf8(head).is_err() && head.len() < SAMPLE {
            "binary data"
        } else if first.starts_with("#!") {
            "a script"
        } else if first.starts_with("#separator:") {
            "an Anki export"
        } else if first.starts_with("---") {
            "YAML or Markdown"
        } else if first.starts_with("# ") {
            "Markdown"
        } else if first.starts_with('{') || first.starts_with('[') {
            "JSON"
        } else if first.starts_with('<') {
            "HTML or XML"
        } else {
            "a text file"
        };
        format!("{looks} qbank did not write")
    }
}

/// An EPUB's container starts with a stored `mimetype` entry.
fn is_epub(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
        && head.get(30..38) == Some(b"mimetype".as_slice())
        && find(head, b"application/epub+zip").is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether `reader` holds `needle`, read in blocks that overlap by its length.
fn contains(mut reader: impl Read, needle: &[u8]) -> std::io::Result<bool> {
    let mut block = vec![0; 64 * 1024];
    let mut kept = 0;
    loop {
        let read = reader.read(&mut block[kept..])?;
        if read == 0 {
            return Ok(false);
        }
        let filled = kept + read;
        if find(&block[..filled], needle).is_some() {
            return Ok(true);
        }
        kept = (needle.len() - 1).min(filled);
        block.copy_within(filled - kept..filled, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPUB_HEAD: &[u8] = b"PK\x03\x04\n\0\0\0\0\0\xba*y]oa\xab,\x14\0\0\0\x14\0\0\0\x08\0\0\0mimetypeapplication/epub+zipPK";

    fn ours() -> Vec<(Vec<u8>, Format)> {
        let epub = [EPUB_HEAD, b"...PK\x05\x06\0\0\x0b\0qbank 0.1.0"].concat();
        vec![
            (b"{\n  \"schema_version\": 2,\n  \"id\": \"python\",".to_vec(), Format::Json),
            (b"{\"id\":\"python/gil\",\"kind\":\"premium\"}\n".to_vec(), Format::JsonLines),
            (
                [b"#separator:tab\n#html:true\n#notetype:Basic\n".as_slice(), DECK_COLUMNS.as_bytes()].concat(),
                Format::AnkiCsv,
            ),
            (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<</Creator(qbank)>>".to_vec(), Format::Pdf),
            (epub, Format::Epub),
            (
                b"<!DOCTYPE html>\n<html><head>\n<meta charset=\"UTF-8\" />\n<meta name=\"generator\" content=\"qbank 0.1.0\" />".to_vec(),
                Format::Html,
            ),
            (b"# qbank anki-manifest 1\n".to_vec(), Format::Manifest),
        ]
    }

    #[test]
    fn recognises_what_qbank_wrote_in_each_format() {
        for (bytes, format) in ours() {
            let sample = Sample::from_bytes(&bytes);
            for (_, other) in ours() {
                let json_family = [format, other]
                    .iter()
                    .all(|f| matches!(f, Format::Json | Format::JsonLines));
                assert_eq!(
                    other.may_replace(&sample),
                    other == format || json_family,
                    "{format:?} replaced by {other:?}"
                );
            }
        }
    }

    #[test]
    fn files_of_the_same_format_from_elsewhere_are_not_qbanks() {
        for (bytes, format, looks) in [
            (
                b"%PDF-1.4\n% scanned by my printer".as_slice(),
                Format::Pdf,
                "a PDF",
            ),
            (EPUB_HEAD, Format::Epub, "an EPUB book"),
            (
                b"#separator:tab\n#html:false\nbonjour\thello\n",
                Format::AnkiCsv,
                "an Anki export",
            ),
            (
                b"{\"schema_version\": 2, \"my\": \"config\"}",
                Format::Json,
                "JSON",
            ),
            (
                b"<!DOCTYPE html><html><head><title>Mine</title>",
                Format::Html,
                "HTML or XML",
            ),
            (b"#!/bin/sh\necho hi\n", Format::Manifest, "a script"),
            (b"---\nkey: value\n", Format::Json, "YAML or Markdown"),
            (b"# Python questions\n", Format::Pdf, "Markdown"),
            (b"\x7fELF\x02\x01\x01\0", Format::Pdf, "binary data"),
            (b"question,answer\n", Format::AnkiCsv, "a text file"),
        ] {
            let sample = Sample::from_bytes(bytes);
            assert!(!format.may_replace(&sample), "{looks}");
            assert_eq!(sample.describe(), format!("{looks} qbank did not write"));
        }
    }

    #[test]
    fn a_pattern_across_blocks_is_found() {
        let mut bytes = vec![b'x'; 64 * 1024 - 5];
        bytes.extend_from_slice(b"/Creator(qbank)");
        bytes.extend(vec![b'y'; 100]);
        assert!(contains(bytes.as_slice(), b"/Creator(qbank)").unwrap());
        assert!(!contains(&bytes[..bytes.len() - 110], b"/Creator(qbank)").unwrap());
    }
}
