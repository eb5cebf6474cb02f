//! Fonts in the file: each face a page draws with is embedded once, at the
//! end, subset to the glyphs drawn.
//!
//! Glyphs are renumbered as they are first drawn (subsetter's
//! `GlyphRemapper`), so a page's content stream can be written before the
//! subset exists; the subset's widths and ToUnicode map follow the same
//! numbering. The subset tag is derived from the glyphs, not random.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Name, Rect, Ref, Str};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::fonts::{self, FaceId};
use super::writer::{COMPRESSION, Writer};

/// A face in use: its font object and the glyphs drawn with it, renumbered
/// in the order they were first drawn (the subset's glyph ids).
pub struct UsedFace {
    pub type0: Ref,
    remapper: GlyphRemapper,
    /// The character each new glyph id was drawn for, for ToUnicode.
    chars: Vec<char>,
}

impl UsedFace {
    pub fn new(type0: Ref) -> UsedFace {
        let mut remapper = GlyphRemapper::new();
        // .notdef stays glyph 0.
        remapper.remap(0);
        UsedFace {
            type0,
            remapper,
            chars: vec!['\u{FFFD}'],
        }
    }

    /// `text` as two-byte glyph ids of the subset.
    pub fn encode(&mut self, face: FaceId, text: &str) -> Vec<u8> {
        let font = fonts::face(face);
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let new = self.remapper.remap(font.glyph(c));
            if usize::from(new) == self.chars.len() {
                self.chars.push(c);
            }
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        bytes
    }
}

impl Writer {
    pub(super) fn font(
        &mut self,
        face_id: FaceId,
        used: &UsedFace,
    ) -> Result<(), subsetter::Error> {
        let face = fonts::face(face_id);
        let subset = subsetter::subset(face.data, 0, &used.remapper)?;
        let (cid, descriptor, file, to_unicode) =
            (self.alloc(), self.alloc(), self.alloc(), self.alloc());
        let mut tag_hash = Sha256::new();
        for old in used.remapper.remapped_gids() {
            tag_hash.update(old.to_be_bytes());
        }
        let tag: String = tag_hash.finalize()[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        let name = format!("{tag}+{}", face.postscript_name);
        let scale = 1000.0;
        let widths: Vec<f32> = used
            .remapper
            .remapped_gids()
            .map(|old| face.advance(old) * scale)
            .collect();
        let mut cmap = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (new, c) in used.chars.iter().enumerate().skip(1) {
            cmap.pair(new as u16, *c);
        }
        let cmap = cmap.finish();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, COMPRESSION);
        let em = |v: f64| (v * f64::from(scale)) as f32;
        let flags = match face_id {
            id if id >= fonts::FIRST_MATH => FontFlags::SYMBOLIC,
            id if id >= fonts::MONO_REGULAR => FontFlags::FIXED_PITCH | FontFlags::NON_SYMBOLIC,
            _ => FontFlags::NON_SYMBOLIC,
        };
        let italic = face_id < fonts::FIRST_MATH && face_id % 4 >= 2;
        self.emit(used.type0, |chunk| {
            chunk
                .type0_font(used.type0)
                .base_font(Name(name.as_bytes()))
                .encoding_predefined(Name(b"Identity-H"))
                .descendant_font(cid)
                .to_unicode(to_unicode);
        });
        self.emit(cid, |chunk| {
            let mut cid_font = chunk.cid_font(cid);
            cid_font
                .subtype(CidFontType::Type2)
                .base_font(Name(name.as_bytes()))
                .system_info(SystemInfo {
                    registry: Str(b"Adobe"),
                    ordering: Str(b"Identity"),
                    supplement: 0,
                })
                .font_descriptor(descriptor)
                .default_width(0.0)
                .cid_to_gid_map_predefined(Name(b"Identity"));
            cid_font.widths().consecutive(0, widths.iter().copied());
        });
        self.emit(descriptor, |chunk| {
            chunk
                .font_descriptor(descriptor)
                .name(Name(name.as_bytes()))
                .flags(flags)
                .bbox(Rect::new(-1000.0, -1000.0, 2000.0, 2000.0))
                .italic_angle(if italic { -11.0 } else { 0.0 })
                .ascent(em(face.ascender))
                .descent(em(face.descender))
                .cap_height(em(face.ascender))
                .stem_v(80.0)
                .font_file2(file);
        });
        self.emit(file, |chunk| {
            chunk
                .stream(file, &compressed)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Length1"), subset.len() as i32);
        });
        self.emit(to_unicode, |chunk| {
            chunk.cmap(to_unicode, &cmap);
        });
        Ok(())
    }
}
