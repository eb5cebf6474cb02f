//! The post-pass over the PDF genpdf wrote: what genpdf cannot do, done on
//! the finished file with lopdf. Marks left by the layout become shaded boxes,
//! link annotations and bookmark destinations; fonts are subset; the random
//! ids and the wall-clock dates printpdf writes are replaced by values derived
//! from the input and SOURCE_DATE_EPOCH, so the same input gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use thiserror::Error;

use super::annotate::{add_links, add_outline, catalog_mut, text_string};
use super::fonts;
use super::layout::Bookmark;
use super::ledger::{Fill, Ledger};
use super::marks::{self, MarkKind};
use super::subset::{self, Subset};

#[derive(Debug, Error)]
pub enum PostError {
    #[error("cannot read the PDF genpdf wrote: {0}")]
    Read(String),
    #[error("font: {0}")]
    Font(String),
}

fn read_error(e: impl std::fmt::Display) -> PostError {
    PostError::Read(e.to_string())
}

/// What the post-pass needs besides the PDF.
pub struct Finish<'a> {
    pub ledger: &'a Ledger,
    pub bookmarks: &'a [Bookmark],
    pub title: &'a str,
    /// `D:YYYYMMDDHHmmSSZ`.
    pub date: &'a str,
    /// Sixteen bytes that identify the input, for the file identifier.
    pub file_id: [u8; 16],
}

/// A mark found in a page: kind, id and its two points in PDF units.
pub(super) struct Mark {
    pub kind: MarkKind,
    pub id: u32,
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// Index in the page's operations where it stood.
    pub at: usize,
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn point(operation: Option<&Operation>, operator: &str) -> Option<(f64, f64)> {
    let operation = operation.filter(|o| o.operator == operator)?;
    Some((
        number(operation.operands.first()?)?,
        number(operation.operands.get(1)?)?,
    ))
}

/// The font resource a `Tf` operation selects.
fn font_name(op: &Operation) -> Vec<u8> {
    let name = op.operands.first().and_then(|o| o.as_name().ok());
    name.unwrap_or_default().to_vec()
}

/// Removes the marks from a page's operations and returns them.
fn take_marks(operations: Vec<Operation>) -> (Vec<Operation>, Vec<Mark>) {
    let mut kept = Vec::with_capacity(operations.len());
    let mut found = Vec::new();
    let mut i = 0;
    while i < operations.len() {
        let op = &operations[i];
        if op.operator == "K" {
            let channels: Option<Vec<f64>> = op.operands.iter().map(number).collect();
            let mark = channels.as_deref().and_then(marks::decode);
            let from = point(operations.get(i + 1), "m");
            let to = point(operations.get(i + 2), "l");
            if let (Some((kind, id)), Some(from), Some(to)) = (mark, from, to) {
                found.push(Mark {
                    kind,
                    id,
                    from,
                    to,
                    at: kept.len(),
                });
                // K, m, l, S and the stroke colour reset genpdf writes after a coloured line.
                i += 4;
                if operations.get(i).is_some_and(|o| o.operator == "RG") {
                    i += 1;
                }
                continue;
            }
        }
        kept.push(operations[i].clone());
        i += 1;
    }
    (kept, found)
}

/// A number as PDF writes it, to a hundredth of a point.
pub(super) fn real(v: f64) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

fn rgb((r, g, b): (u8, u8, u8)) -> Vec<Object> {
    [r, g, b]
        .iter()
        .map(|&c| real(f64::from(c) / 255.0))
        .collect()
}

fn rect_fill(colour: (u8, u8, u8), x: f64, y: f64, w: f64, h: f64) -> Vec<Operation> {
    vec![
        Operation::new("q", vec![]),
        Operation::new("rg", rgb(colour)),
        Operation::new("re", vec![real(x), real(y), real(w), real(h)]),
        Operation::new("f", vec![]),
        Operation::new("Q", vec![]),
    ]
}

/// The fill operations for each box on a page, keyed by where they go.
fn box_fills(marks: &[Mark], fills: &[Fill]) -> BTreeMap<usize, Vec<Operation>> {
    let mut inserts: BTreeMap<usize, Vec<Operation>> = BTreeMap::new();
    for (i, start) in marks
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MarkKind::BoxStart)
    {
        let end = marks[i + 1..]
            .iter()
            .find(|m| m.kind == MarkKind::BoxEnd && m.id == start.id);
        let (Some(end), Some(fill)) = (end, fills.get(start.id as usize)) else {
            continue;
        };
        let (x0, y0) = start.from;
        let (x1, y1) = end.to;
        let ops = inserts.entry(start.at).or_default();
        ops.extend(rect_fill(fill.background, x0, y1, x1 - x0, y0 - y1));
        if let Some(bar) = fill.bar {
            ops.extend(rect_fill(bar, x0, y1, 2.0, y0 - y1));
        }
    }
    inserts
}

/// The font resources of a page: name → font object.
fn page_fonts(doc: &lopdf::Document, page: ObjectId) -> BTreeMap<Vec<u8>, ObjectId> {
    let resolve = |o: &Object| -> Option<Dictionary> {
        match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
            Object::Dictionary(d) => Some(d.clone()),
            _ => None,
        }
    };
    let fonts = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| resolve(p.get(b"Resources").ok()?))
        .and_then(|r| resolve(r.get(b"Font").ok()?));
    fonts
        .map(|f| {
            f.iter()
                .filter_map(|(name, o)| Some((name.clone(), o.as_reference().ok()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// Which bundled face an embedded font is. printpdf names fonts by their
/// position in its own list, which built-in stand-ins shift, so the font file's
/// length (`Length1`, distinct for each DejaVu face) says it instead.
fn bundled_face(doc: &lopdf::Document, font: ObjectId) -> Option<usize> {
    let dict = doc.get_dictionary(font).ok()?;
    let descendant = match dict
        .get(b"DescendantFonts")
        .ok()?
        .as_array()
        .ok()?
        .first()?
    {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let descriptor = doc
        .get_dictionary(
            descendant
                .get(b"FontDescriptor")
                .ok()?
                .as_reference()
                .ok()?,
        )
        .ok()?;
    let file = doc
        .get_object(descriptor.get(b"FontFile2").ok()?.as_reference().ok()?)
        .ok()?
        .as_stream()
        .ok()?;
    let length = file.dict.get(b"Length1").ok()?.as_i64().ok()?;
    (0..fonts::FONT_COUNT).find(|&i| fonts::font_file(i).len() as i64 == length)
}

pub fn finish(raw: &[u8], finish: &Finish<'_>) -> Result<Vec<u8>, PostError> {
    let mut doc = lopdf::Document::load_mem(raw).map_err(read_error)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();

    // Read every page: take its marks out, note the glyphs each font draws.
    let mut contents = Vec::with_capacity(pages.len());
    let mut used: BTreeMap<Vec<u8>, BTreeSet<u16>> = BTreeMap::new();
    let mut anchors: BTreeMap<u32, (ObjectId, f64)> = BTreeMap::new();
    let mut annotations: Vec<(ObjectId, Mark)> = Vec::new();
    for &page in &pages {
        let content = doc.get_and_decode_page_content(page).map_err(read_error)?;
        let (mut operations, found) = take_marks(content.operations);
        for (at, fills) in box_fills(&found, &finish.ledger.fills).into_iter().rev() {
            operations.splice(at..at, fills);
        }
        let mut font = Vec::new();
        for op in &operations {
            match op.operator.as_str() {
                "Tf" => font = font_name(op),
                // genpdf writes all text with TJ (printpdf's positioned glyphs).
                "TJ" => {
                    let glyphs = used.entry(font.clone()).or_default();
                    let strings = match op.operands.first() {
                        Some(Object::Array(items)) => items.iter().collect::<Vec<_>>(),
                        Some(other) => vec![other],
                        None => vec![],
                    };
                    for s in strings.into_iter().filter_map(|o| o.as_str().ok()) {
                        glyphs.extend(s.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])));
                    }
                }
                _ => {}
            }
        }
        for mark in found {
            match mark.kind {
                MarkKind::Anchor => {
                    anchors.entry(mark.id).or_insert((page, mark.from.1));
                }
                MarkKind::Link => annotations.push((page, mark)),
                MarkKind::BoxStart | MarkKind::BoxEnd => {}
            }
        }
        contents.push(operations);
    }

    // Subset each face that draws something; drop the others.
    let font_ids = pages
        .first()
        .map(|&p| page_fonts(&doc, p))
        .unwrap_or_default();
    let mut subsets: BTreeMap<Vec<u8>, Subset> = BTreeMap::new();
    for (name, glyphs) in &used {
        if glyphs.contains(&0) {
            // fonts.rs substitutes every character the faces lack; a .notdef
            // box on the page means a string bypassed it.
            return Err(PostError::Font(format!(
                "{} draws a missing glyph",
                String::from_utf8_lossy(name)
            )));
        }
        let Some(&font_id) = font_ids.get(name) else {
            continue;
        };
        let Some(index) = bundled_face(&doc, font_id) else {
            return Err(PostError::Font(format!(
                "{} is not a bundled face",
                String::from_utf8_lossy(name)
            )));
        };
        let subset = subset::plan(index, glyphs, &finish.ledger.printed)?;
        subset.apply(&mut doc, font_id)?;
        subsets.insert(name.clone(), subset);
    }

    for (&page, mut operations) in pages.iter().zip(contents) {
        let mut font: Vec<u8> = Vec::new();
        for op in &mut operations {
            if op.operator == "Tf" {
                font = font_name(op);
            } else if op.operator == "TJ"
                && let Some(subset) = subsets.get(&font)
                && let Some(Object::Array(items)) = op.operands.first_mut()
            {
                let mut merged = subset::merge_strings(std::mem::take(items));
                for item in &mut merged {
                    if let Object::String(bytes, _) = item {
                        subset.remap_string(bytes);
                    }
                }
                *items = merged;
            }
        }
        let encoded = Content { operations }.encode().map_err(read_error)?;
        doc.change_page_content(page, encoded).map_err(read_error)?;
        set_page_fonts(&mut doc, page, &font_ids, &subsets);
    }

    add_links(&mut doc, annotations, &finish.ledger.links, &anchors);
    add_outline(&mut doc, finish.bookmarks, &anchors);
    set_metadata(&mut doc, finish);

    doc.prune_objects();
    doc.renumber_objects();
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(read_error)?;
    Ok(out)
}

/// Keeps only the fonts that draw something in a page's resources.
fn set_page_fonts(
    doc: &mut lopdf::Document,
    page: ObjectId,
    ids: &BTreeMap<Vec<u8>, ObjectId>,
    used: &BTreeMap<Vec<u8>, Subset>,
) {
    let mut fonts = Dictionary::new();
    for (name, &id) in ids.iter().filter(|(name, _)| used.contains_key(*name)) {
        fonts.set(name.clone(), Object::Reference(id));
    }
    let resources = match doc.get_dictionary(page).and_then(|p| p.get(b"Resources")) {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let target = match resources {
        Some(id) => doc.get_object_mut(id).and_then(Object::as_dict_mut),
        None => doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .and_then(|p| p.get_mut(b"Resources"))
            .and_then(Object::as_dict_mut),
    };
    if let Ok(resources) = target {
        resources.set("Font", Object::Dictionary(fonts));
    }
}

fn set_metadata(doc: &mut lopdf::Document, finish: &Finish<'_>) {
    let mut info = Dictionary::new();
    info.set("Title", text_string(finish.title));
    let producer = concat!("qbank ", env!("CARGO_PKG_VERSION"), " (genpdf)");
    info.set("Producer", text_string(producer));
    info.set("Creator", text_string("qbank"));
    info.set("CreationDate", text_string(finish.date));
    info.set("ModDate", text_string(finish.date));
    let info_id = doc.add_object(Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(info_id));
    let id = Object::String(finish.file_id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    if let Ok(catalog) = catalog_mut(doc) {
        catalog.remove(b"Metadata");
    }
}
