//! The PDF backend: a printable study guide (answers and insights) or handout
//! (questions and ruled lines), laid out with genpdf from the IR blocks.
//!
//! genpdf is used for what it does well (pages, text, tables) and completed
//! where it falls short: text.rs wraps without dropping long words, code.rs
//! wraps code with a continuation marker, fonts.rs embeds DejaVu and handles
//! missing characters, and post.rs adds boxes, links, bookmarks, font subsets
//! and reproducible metadata to the finished file. Layout runs twice: the first
//! pass learns on which page each question lands, the second prints those
//! numbers in the contents.

mod annotate;
mod blocks;
mod code;
mod elements;
pub mod fonts;
mod front;
mod layout;
mod ledger;
mod look;
mod marks;
mod page;
mod post;
mod subset;
mod table;
mod text;

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::export::date::{BuildDate, EpochError};
use crate::export::{Backend, ExportError, Note, Rendered, Selection};
use crate::ir::Document;
use crate::output::sniff::Format;
use blocks::Setter;
use elements::{END_OF_MEASURE, EndOfMeasure};
pub use layout::Mode;
use layout::{Bookmark, Layout};
use ledger::Ledger;
pub use page::Paper;
use text::Faces;

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("layout failed: {0}")]
    Layout(#[from] genpdf::error::Error),
    #[error(transparent)]
    Epoch(#[from] EpochError),
    #[error("the contents' page numbers did not settle after {0} passes")]
    Unsettled(usize),
    #[error(transparent)]
    Post(#[from] post::PostError),
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

    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError> {
        let encode = |e: PdfError| ExportError::Encode {
            document: document.id.clone(),
            format: "pdf",
            message: e.to_string(),
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
        Ok(Rendered {
            bytes: printed.bytes,
            notes,
            pages: printed.pages,
        })
    }
}

/// One layout pass: the PDF genpdf wrote (none when measuring) and what the
/// layout learnt.
struct Pass {
    raw: Vec<u8>,
    ledger: Ledger,
    bookmarks: Vec<Bookmark>,
    substituted: BTreeMap<char, usize>,
}

fn lay_out(
    document: &Document,
    selection: &Selection,
    mode: Mode,
    paper: Paper,
    build_date: &str,
    measured: Option<&Ledger>,
) -> Result<Pass, PdfError> {
    let ledger = Ledger::shared();
    ledger.borrow_mut().measuring = measured.is_none();
    // Faces the measuring pass did not draw with are registered without
    // embedding: printpdf spends most of its time embedding fonts.
    let drawn: Option<BTreeSet<usize>> =
        measured.map(|m| m.printed.iter().map(|&(font, _)| font).collect());
    let mut pdf = genpdf::Document::new(fonts::sans_family(drawn.as_ref())?);
    let mono = pdf.add_font_family(fonts::mono_family(drawn.as_ref())?);
    let faces = Faces {
        sans: pdf.font_cache().default_font_family(),
        mono,
    };
    // The title as it shows: markup in the front matter's title is removed.
    let title = crate::render::raw_html::visible_text(&document.title).into_owned();
    pdf.set_title(title.clone());
    pdf.set_minimal_conformance();
    pdf.set_paper_size(paper.size());
    pdf.set_page_decorator(page::Pages {
        title,
        total: measured.map(|m| m.page),
        faces,
        ledger: ledger.clone(),
    });
    let mut layout = Layout {
        document,
        mode,
        setter: Setter {
            cache: pdf.font_cache(),
            faces,
            ledger: ledger.clone(),
            substituted: BTreeMap::new(),
            nesting: 0,
        },
        pages: measured.map(|m| m.anchor_pages.clone()),
        build_date: build_date.to_string(),
        bookmarks: Vec::new(),
        numbers: crate::export::book::display_numbers(document),
    };
    let root = layout.build(selection);
    let (bookmarks, substituted) = (layout.bookmarks, layout.setter.substituted);
    pdf.push(root);
    if measured.is_none() {
        pdf.push(EndOfMeasure);
    }
    let mut raw = Vec::new();
    match pdf.render(&mut raw) {
        Ok(()) => {}
        Err(e) if measured.is_none() && e.to_string() == END_OF_MEASURE => {}
        Err(e) => return Err(e.into()),
    }
    let ledger = ledger.take();
    Ok(Pass {
        raw,
        ledger,
        bookmarks,
        substituted,
    })
}

/// A finished PDF.
pub struct Printed {
    pub bytes: Vec<u8>,
    /// The characters that had to be substituted, with how often.
    pub substituted: BTreeMap<char, usize>,
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
    let build_date = epoch.long();
    let mut measured = lay_out(document, selection, mode, paper, &build_date, None)?.ledger;
    for _ in 0..MAX_PASSES {
        let pass = lay_out(
            document,
            selection,
            mode,
            paper,
            &build_date,
            Some(&measured),
        )?;
        if pass.ledger.anchor_pages != measured.anchor_pages || pass.ledger.page != measured.page {
            // Printing the numbers moved something; lay out again with the new ones.
            measured = pass.ledger;
            continue;
        }
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
        let finish = post::Finish {
            ledger: &pass.ledger,
            bookmarks: &pass.bookmarks,
            title: &crate::render::raw_html::visible_text(&document.title),
            date: &epoch.pdf(),
            file_id,
        };
        let bytes = post::finish(&pass.raw, &finish)?;
        return Ok(Printed {
            bytes,
            substituted: pass.substituted,
            pages: pass.ledger.page,
        });
    }
    Err(PdfError::Unsettled(MAX_PASSES + 1))
}
