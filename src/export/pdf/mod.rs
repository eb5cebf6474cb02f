//! The PDF backend: a printable study guide (answers and insights) or handout
//! (questions and ruled lines), laid out from the IR blocks.
//!
//! The layout (layout.rs, front.rs, blocks.rs and the elements they build)
//! draws one page at a time into a small page model (canvas.rs); the writer
//! (writer.rs) turns each finished page into a compressed content stream and
//! drops it, and subsets the fonts at the end. Layout runs twice: the first
//! pass learns on which page each question lands, the second prints those
//! numbers in the contents and writes the file.

mod blocks;
mod canvas;
mod code;
mod elements;
mod embed;
pub mod fonts;
mod front;
mod layout;
mod look;
mod math;
mod page;
mod stream;
mod table;
mod text;
mod wrap;
mod writer;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::export::date::{BuildDate, EpochError};
use crate::export::{Backend, ExportError, Note, Rendered, Selection};
use crate::ir::Document;
use crate::output::sniff::Format;
use blocks::Setter;
use canvas::{Canvas, Element};
pub use layout::Mode;
use layout::{Bookmark, Layout};
use page::Pages;
pub use page::Paper;
use writer::{Meta, Plan, Writer};

#[derive(Debug, Error)]
pub enum PdfError {
    #[error(transparent)]
    Epoch(#[from] EpochError),
    #[error("nothing more fits on page {0}: the layout cannot go on")]
    Stuck(usize),
    #[error("cannot subset a font")]
    Font(#[from] subsetter::Error),
}

pub struct Pdf {
    pub mode: Mode,
    pub paper: Paper,
}

impl Pdf {
    pub const GUIDE: Pdf = Pdf {
        mode: Mode::Guide,
        paper: Paper::A4,
    };
}

impl Backend for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn description(&self) -> &'static str {
        "a printable study guide (or handout, with --mode handout) as PDF"
    }

    fn binary(&self) -> bool {
        true
    }

    fn shows_highlighting(&self) -> bool {
        true
    }

    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError> {
        let encode = |e: PdfError| ExportError::Encode {
            document: document.id.clone(),
            format: "pdf",
            source: Box::new(e),
        };
        let epoch = BuildDate::from_env()
            .map_err(PdfError::from)
            .map_err(encode)?;
        let printed = render(document, selection, self.mode, self.paper, epoch).map_err(encode)?;
        let mut notes = Vec::new();
        let substituted = &printed.substituted;
        if !substituted.is_empty() {
            let times: usize = substituted.values().sum();
            notes.push(Note {
                summary: format!(
                    "{} the bundled fonts lack {} printed as code points ({times} in all)",
                    match substituted.len() {
                        1 => "1 character".to_owned(),
                        n => format!("{n} characters"),
                    },
                    if substituted.len() == 1 { "is" } else { "are" },
                ),
                details: substituted
                    .iter()
                    .map(|(c, n)| format!("{c} U+{:04X} (\u{d7}{n})", u32::from(*c)))
                    .collect(),
            });
        }
        if !printed.unset_math.is_empty() {
            let times: usize = printed.unset_math.values().sum();
            notes.push(Note {
                summary: format!(
                    "{times} formula(s) could not be typeset and print as text (lint's math-invalid says why)"
                ),
                details: printed
                    .unset_math
                    .iter()
                    .map(|(tex, n)| format!("{} (\u{d7}{n})", shorten(tex, 80)))
                    .collect(),
            });
        }
        if let Some(passes) = printed.unsettled {
            notes.push(Note {
                summary: format!(
                    "the contents' page numbers still moved after {passes} layout passes; some may be a page off"
                ),
                details: Vec::new(),
            });
        }
        Ok(Rendered {
            bytes: printed.bytes,
            notes,
            pages: printed.pages,
        })
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}\u{2026}", &text[..at]),
        None => text.to_string(),
    }
}

/// What a layout pass learnt: where every anchor landed, the page count; and the file, when the pass wrote one.
struct Pass {
    anchors: Vec<Option<(usize, f64)>>,
    pages: usize,
    bookmarks: Vec<Bookmark>,
    substituted: BTreeMap<char, usize>,
    unset_math: BTreeMap<String, usize>,
    writer: Option<Writer>,
}

/// Settings that stay the same across a document's passes.
struct Job<'a> {
    document: &'a Document,
    selection: &'a Selection,
    mode: Mode,
    paper: Paper,
    build_date: String,
}

/// Pages that consume no content (`Canvas::progress`) this many times in a
/// row mean an element can never fit: the pass stops with an error rather
/// than loop. (A table's repeated header is not progress.)
const MAX_EMPTY_PAGES: usize = 3;

/// One layout pass: measuring (`measured` is `None`) or writing, using the
/// anchors and page count a measuring pass learnt.
fn lay_out(job: &Job<'_>, measured: Option<&Pass>) -> Result<Pass, PdfError> {
    let document = job.document;
    let mut layout = Layout {
        document,
        mode: job.mode,
        setter: Setter {
            canvas: Canvas {
                measuring: measured.is_none(),
                ..Canvas::default()
            },
            highlights: &document.highlights,
            substituted: BTreeMap::new(),
            unset_math: BTreeMap::new(),
            nesting: 0,
        },
        pages: measured.map(|m| m.anchors.clone()),
        build_date: job.build_date.clone(),
        bookmarks: Vec::new(),
        numbers: crate::export::book::display_numbers(document),
    };
    let mut root = layout.build(job.selection);
    let (bookmarks, substituted) = (layout.bookmarks, layout.setter.substituted);
    let unset_math = layout.setter.unset_math;
    let mut canvas = layout.setter.canvas;
    // The title as it shows: markup in the front matter's title is removed.
    let title = crate::render::raw_html::visible_text(&document.title);
    let pages = Pages::new(&title, measured.map(|m| m.pages), job.paper);
    let mut writer = measured.map(|m| {
        Writer::new(&Plan {
            pages: m.pages,
            anchors: &m.anchors,
            links: &canvas.links,
            paper: job.paper.size(),
        })
    });
    let mut empty = 0;
    loop {
        canvas.page += 1;
        canvas.items.clear();
        let area = pages.decorate(&mut canvas);
        let progress = canvas.progress;
        let result = root.render(&mut canvas, area);
        if let Some(writer) = writer.as_mut() {
            writer.page(&canvas.items);
        }
        if !result.more {
            break;
        }
        empty = if canvas.progress == progress {
            empty + 1
        } else {
            0
        };
        if empty >= MAX_EMPTY_PAGES {
            return Err(PdfError::Stuck(canvas.page));
        }
    }
    Ok(Pass {
        anchors: canvas.anchors,
        pages: canvas.page,
        bookmarks,
        substituted,
        unset_math,
        writer,
    })
}

/// A finished PDF.
pub struct Printed {
    pub bytes: Vec<u8>,
    /// The characters that had to be substituted, with how often.
    pub substituted: BTreeMap<char, usize>,
    /// Formulas printed in their Unicode form, with how often.
    pub unset_math: BTreeMap<String, usize>,
    /// The passes made when the contents' page numbers still moved after
    /// the last: some may be a page off.
    pub unsettled: Option<usize>,
    pub pages: usize,
}

/// The PDF of `document`.
pub fn render(
    document: &Document,
    selection: &Selection,
    mode: Mode,
    paper: Paper,
    epoch: BuildDate,
) -> Result<Printed, PdfError> {
    const MAX_PASSES: usize = 3;
    let job = Job {
        document,
        selection,
        mode,
        paper,
        build_date: epoch.long(),
    };
    let mut measured = lay_out(&job, None)?;
    let mut pass = lay_out(&job, Some(&measured))?;
    let mut passes = 2;
    // Printing the page numbers can move what they number (a longer number
    // wraps a contents entry); lay out again with the new ones, a few times.
    while pass.anchors != measured.anchors || pass.pages != measured.pages {
        if passes > MAX_PASSES {
            break;
        }
        // Only the anchors and the page count go on: not the file.
        measured = Pass {
            writer: None,
            ..pass
        };
        pass = lay_out(&job, Some(&measured))?;
        passes += 1;
    }
    let settled = pass.anchors == measured.anchors && pass.pages == measured.pages;
    let mut id = Sha256::new();
    for part in [
        document.source.sha256.as_str(),
        &format!("{mode:?} {paper:?} {selection:?} {}", epoch.0),
        env!("CARGO_PKG_VERSION"),
    ] {
        id.update(part.as_bytes());
        id.update([0]);
    }
    let file_id: [u8; 16] = id.finalize()[..16].try_into().expect("sha-256 is 32 bytes");
    let title = crate::render::raw_html::visible_text(&document.title);
    let meta = Meta {
        title: &title,
        date: &epoch.pdf(),
        file_id,
    };
    let writer = pass.writer.expect("a writing pass has a writer");
    let bytes = writer.finish(&pass.bookmarks, &meta)?;
    Ok(Printed {
        bytes,
        substituted: pass.substituted,
        unset_math: pass.unset_math,
        pages: pass.pages,
        unsettled: (!settled).then_some(passes),
    })
}
