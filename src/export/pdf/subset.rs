//! Font subsetting for the post-pass. printpdf embeds every font file whole,
//! with widths and a ToUnicode map for all of its ~6,000 glyphs, and genpdf
//! embeds all eight faces whether used or not: about 4 MB per PDF. This keeps
//! only the faces a PDF draws with and, in each, only the glyphs it draws
//! (typst's `subsetter`), renumbers them, and rewrites widths, ToUnicode map and
//! the glyph ids in the page content to match.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::fonts;
use super::post::PostError;

/// One embedded face: its glyphs as drawn and how they are renumbered.
pub struct Subset {
    pub index: usize,
    pub remapper: GlyphRemapper,
    /// Old glyph id → the character it was drawn for.
    pub unicode: BTreeMap<u16, char>,
}

/// Plans one subset per face from the glyph ids its pages use and the
/// characters the layout recorded for it.
pub fn plan(
    index: usize,
    used: &BTreeSet<u16>,
    printed: &BTreeSet<(usize, char)>,
) -> Result<Subset, PostError> {
    let font = rusttype::Font::from_bytes(fonts::font_file(index)).map_err(|e| {
        PostError::Font(format!(
            "cannot read bundled font {}: {e}",
            fonts::postscript_name(index)
        ))
    })?;
    let mut unicode = BTreeMap::new();
    for &(_, c) in printed.range((index, '\0')..=(index, char::MAX)) {
        let gid = font.glyph(c).id().0 as u16;
        if used.contains(&gid) {
            unicode.entry(gid).or_insert(c);
        }
    }
    let mut remapper = GlyphRemapper::new();
    for &gid in used {
        remapper.remap(gid);
    }
    Ok(Subset {
        index,
        remapper,
        unicode,
    })
}

impl Subset {
    /// The new id of every glyph in a two-byte-per-glyph string.
    pub fn remap_string(&self, bytes: &mut [u8]) {
        for pair in bytes.chunks_exact_mut(2) {
            let old = u16::from_be_bytes([pair[0], pair[1]]);
            let new = self.remapper.get(old).unwrap_or(0);
            pair.copy_from_slice(&new.to_be_bytes());
        }
    }

    /// Six capital letters naming this subset, as PDF asks (`ABCDEF+Name`).
    fn tag(&self) -> String {
        let mut hash = Sha256::new();
        for old in self.remapper.remapped_gids() {
            hash.update(old.to_be_bytes());
        }
        hash.finalize()[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect()
    }

    fn to_unicode(&self) -> Vec<u8> {
        let mut entries = Vec::new();
        for (&old, &c) in &self.unicode {
            if let Some(new) = self.remapper.get(old) {
                let mut units = [0u16; 2];
                let utf16: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                entries.push(format!("<{new:04X}> <{utf16}>"));
            }
        }
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for block in entries.chunks(100) {
            let _ = writeln!(cmap, "{} beginbfchar", block.len());
            for entry in block {
                cmap.push_str(entry);
                cmap.push('\n');
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        cmap.into_bytes()
    }

    /// Rewrites the Type0 font dictionary `font_id` (and what it refers to)
    /// for this subset.
    pub fn apply(
        &self,
        doc: &mut lopdf::Document,
        font_id: lopdf::ObjectId,
    ) -> Result<(), PostError> {
        let bad =
            |what: &str| PostError::Font(format!("{}: {what}", fonts::postscript_name(self.index)));
        let font = doc
            .get_dictionary(font_id)
            .map_err(|_| bad("no font dictionary"))?;
        let descendant = match font.get(b"DescendantFonts").and_then(Object::as_array) {
            Ok(array) => array
                .first()
                .cloned()
                .ok_or_else(|| bad("no descendant font"))?,
            Err(_) => return Err(bad("no descendant fonts")),
        };
        let mut cid_font = match descendant {
            Object::Dictionary(d) => d,
            Object::Reference(id) => doc
                .get_dictionary(id)
                .map_err(|_| bad("descendant"))?
                .clone(),
            _ => return Err(bad("descendant font of an unexpected type")),
        };
        let old_widths = widths(
            cid_font
                .get(b"W")
                .and_then(Object::as_array)
                .map_err(|_| bad("no widths"))?,
        );
        let descriptor_id = cid_font
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .map_err(|_| bad("no font descriptor"))?;

        let data = subsetter::subset(fonts::font_file(self.index), 0, &self.remapper)
            .map_err(|e| bad(&format!("cannot subset: {e}")))?;
        let name = format!("{}+{}", self.tag(), fonts::postscript_name(self.index));
        let mut file_dict = Dictionary::new();
        file_dict.set("Length1", data.len() as i64);
        let file_id = doc.add_object(Stream::new(file_dict, data));

        let descriptor = doc
            .get_object_mut(descriptor_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| bad("font descriptor"))?;
        descriptor.set("FontName", Object::Name(name.clone().into_bytes()));
        descriptor.set("FontFile2", Object::Reference(file_id));
        let italic = fonts::postscript_name(self.index).contains("Oblique");
        descriptor.set("ItalicAngle", if italic { -11 } else { 0 });
        descriptor.set("Flags", if italic { 32 + 64 } else { 32 });

        let mut new_widths = Vec::new();
        for old in self.remapper.remapped_gids() {
            let width = old_widths.get(&old).copied().unwrap_or(0);
            new_widths.push(Object::Integer(i64::from(
                self.remapper.get(old).unwrap_or(0),
            )));
            new_widths.push(Object::Array(vec![Object::Integer(width)]));
        }
        cid_font.set("W", Object::Array(new_widths));
        cid_font.set("BaseFont", Object::Name(name.clone().into_bytes()));
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));

        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), self.to_unicode()));
        let font = doc
            .get_object_mut(font_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| bad("font dictionary"))?;
        font.set("BaseFont", Object::Name(name.into_bytes()));
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        );
        font.set("ToUnicode", Object::Reference(to_unicode));
        Ok(())
    }
}

/// Glyph widths from a CID font's `W` array (`first [w1 w2 ...]` runs).
fn widths(array: &[Object]) -> HashMap<u16, i64> {
    let mut widths = HashMap::new();
    let mut items = array.iter();
    while let (Some(Object::Integer(first)), Some(Object::Array(run))) =
        (items.next(), items.next())
    {
        for (i, width) in run.iter().enumerate() {
            if let (Ok(gid), Object::Integer(w)) = (u16::try_from(*first + i as i64), width) {
                widths.insert(gid, *w);
            }
        }
    }
    widths
}

/// Joins neighbouring strings of a `TJ` array (printpdf writes one per glyph).
pub fn merge_strings(items: Vec<Object>) -> Vec<Object> {
    let mut merged: Vec<Object> = Vec::with_capacity(items.len());
    for item in items {
        match (merged.last_mut(), item) {
            (Some(Object::String(last, _)), Object::String(bytes, _)) => {
                last.extend_from_slice(&bytes)
            }
            (_, Object::String(bytes, _)) => {
                merged.push(Object::String(bytes, StringFormat::Hexadecimal))
            }
            (_, other) => merged.push(other),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_read_runs() {
        let array = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Array(vec![Object::Integer(700)]),
        ];
        let w = widths(&array);
        assert_eq!((w[&3], w[&4], w[&10], w.get(&5)), (500, 600, 700, None));
    }

    #[test]
    fn neighbouring_strings_merge_and_kerning_stays() {
        let s = |b: &[u8]| Object::String(b.to_vec(), StringFormat::Hexadecimal);
        let merged = merge_strings(vec![
            s(&[0, 1]),
            s(&[0, 2]),
            Object::Integer(-40),
            s(&[0, 3]),
        ]);
        let expected = vec![s(&[0, 1, 0, 2]), Object::Integer(-40), s(&[0, 3])];
        assert_eq!(format!("{merged:?}"), format!("{expected:?}"));
    }

    #[test]
    fn a_subset_maps_its_glyphs_back_to_the_characters_drawn() {
        let printed: BTreeSet<(usize, char)> = [(0, 'A'), (0, 'b'), (1, 'A')].into_iter().collect();
        let font = rusttype::Font::from_bytes(fonts::font_file(0)).unwrap();
        let used: BTreeSet<u16> = ['A', 'b']
            .iter()
            .map(|&c| font.glyph(c).id().0 as u16)
            .collect();
        let subset = plan(0, &used, &printed).unwrap();
        let cmap = String::from_utf8(subset.to_unicode()).unwrap();
        assert!(cmap.contains("2 beginbfchar"), "{cmap}");
        assert!(cmap.contains("<0041>") && cmap.contains("<0062>"), "{cmap}");
        assert_eq!(subset.tag().len(), 6);
    }
}
