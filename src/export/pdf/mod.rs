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

use crate::export::{Backend, ExportError, Rendered, Selection};
use crate::ir::Document;
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
    #[error("SOURCE_DATE_EPOCH is not a number of seconds: {0:?}")]
    Epoch(String),
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

    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError> {
        let encode = |e: PdfError| ExportError::Encode {
            document: document.id.clone(),
            format: "pdf",
            message: e.to_string(),
        };
        let epoch = source_date_epoch().map_err(encode)?;
        let (bytes, substituted) =
            render(document, selection, self.mode, self.paper, epoch).map_err(encode)?;
        let mut notes = Vec::new();
        if !substituted.is_empty() {
            let list: Vec<String> = substituted
                .iter()
                .map(|(c, n)| format!("{c} U+{:04X} (\u{d7}{n})", u32::from(*c)))
                .collect();
            notes.push(format!(
                "{} character(s) the bundled fonts lack are printed as their code points: {}",
                substituted.len(),
                list.join(", ")
            ));
        }
        Ok(Rendered { bytes, notes })
    }
}

/// Seconds since 1970 for the PDF's dates: SOURCE_DATE_EPOCH when set (for
/// reproducible builds), else now. An empty value counts as unset.
pub fn source_date_epoch() -> Result<i64, PdfError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => {
            value.trim().parse().map_err(|_| PdfError::Epoch(value))
        }
        _ => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)),
    }
}

/// Year, month, day and seconds of the day of a Unix time (proleptic Gregorian, UTC).
fn civil(epoch: i64) -> (i64, u32, u32, i64) {
    let days = epoch.div_euclid(86_400);
    let seconds = epoch.rem_euclid(86_400);
    // Days since 0000-03-01, in 400-year eras of 146,097 days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day, seconds)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn long_date(epoch: i64) -> String {
    let (year, month, day, _) = civil(epoch);
    format!("{day} {} {year}", MONTHS[month as usize - 1])
}

fn pdf_date(epoch: i64) -> String {
    let (year, month, day, seconds) = civil(epoch);
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("D:{year:04}{month:02}{day:02}{h:02}{m:02}{s:02}Z")
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
    pdf.set_title(document.title.clone());
    pdf.set_minimal_conformance();
    pdf.set_paper_size(paper.size());
    pdf.set_page_decorator(page::Pages {
        title: document.title.clone(),
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
        },
        pages: measured.map(|m| m.anchor_pages.clone()),
        build_date: build_date.to_string(),
        bookmarks: Vec::new(),
        numbers: layout::display_numbers(document),
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

/// The PDF of `document`, and the characters that had to be substituted.
pub fn render(
    document: &Document,
    selection: &Selection,
    mode: Mode,
    paper: Paper,
    epoch: i64,
) -> Result<(Vec<u8>, BTreeMap<char, usize>), PdfError> {
    const MAX_PASSES: usize = 3;
    let build_date = long_date(epoch);
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
            &format!("{mode:?} {paper:?} {selection:?} {epoch}"),
            env!("CARGO_PKG_VERSION"),
        ] {
            id.update(part.as_bytes());
            id.update([0]);
        }
        let file_id: [u8; 16] = id.finalize()[..16].try_into().expect("sha-256 is 32 bytes");
        let finish = post::Finish {
            ledger: &pass.ledger,
            bookmarks: &pass.bookmarks,
            title: &document.title,
            date: &pdf_date(epoch),
            file_id,
        };
        let bytes = post::finish(&pass.raw, &finish)?;
        return Ok((bytes, pass.substituted));
    }
    Err(PdfError::Unsettled(MAX_PASSES + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(civil(0), (1970, 1, 1, 0));
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
        assert_eq!(long_date(1_795_600_000), "25 November 2026");
        assert_eq!(pdf_date(-1), "D:19691231235959Z");
    }
}
