//! The PDF file, written as layout finishes each page.
//!
//! Each page becomes a compressed content stream and a page object as soon as
//! it is full, and is dropped; what the end of the file needs is kept small:
//! the glyphs each font drew (to subset it), the object offsets (for the
//! cross-reference table) and the page references (for the page tree and the
//! outline). pdf-writer writes the objects; the file's skeleton (header,
//! cross-reference table, trailer) is written here, because objects go out
//! one by one instead of being collected in one `Pdf`.
//!
//! Every value that could vary between runs is derived from the input: the
//! file identifier from the source's hash, the dates from SOURCE_DATE_EPOCH,
//! the font subset tags from the glyphs they hold.

use std::collections::BTreeMap;

use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, UnicodeCmap,
};
use pdf_writer::writers::Catalog;
use pdf_writer::{Chunk, Content, Filter, Name, Rect, Ref, Settings, Str, TextStr};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::canvas::{Item, Rgb, Segment, Target};
use super::fonts::{self, FACE_COUNT, FaceId, MM_PER_PT};
use super::layout::Bookmark;

/// How hard page streams and fonts are compressed: zlib's default, which
/// costs a third of the time of the strongest level for 2–3 % more bytes.
const COMPRESSION: u8 = 6;

/// Where things are, known before the pages are written: the measuring pass
/// found every anchor's page and position.
pub struct Plan<'a> {
    pub pages: usize,
    pub anchors: &'a [Option<(usize, f64)>],
    pub links: &'a [Target],
    /// Page width and height, in mm.
    pub paper: (f64, f64),
}

/// What the file's metadata says.
pub struct Meta<'a> {
    pub title: &'a str,
    /// `D:YYYYMMDDHHmmSSZ`.
    pub date: &'a str,
    /// Sixteen bytes that identify the input, for the file identifier.
    pub file_id: [u8; 16],
}

/// A face in use: its font object and the glyphs drawn with it, renumbered
/// in the order they were first drawn (the subset's glyph ids).
struct UsedFace {
    type0: Ref,
    remapper: GlyphRemapper,
    /// The character each new glyph id was drawn for, for ToUnicode.
    chars: Vec<char>,
}

pub struct Writer {
    out: Vec<u8>,
    /// Offset of each object, by object number.
    offsets: Vec<usize>,
    next: i32,
    catalog: Ref,
    tree: Ref,
    page_refs: Vec<Ref>,
    written: usize,
    faces: [Option<UsedFace>; FACE_COUNT],
    paper: (f64, f64),
    anchors: Vec<Option<(usize, f64)>>,
    links: Vec<Target>,
}

/// Points from millimetres.
fn pt(mm: f64) -> f32 {
    (mm / MM_PER_PT) as f32
}

fn rgb((r, g, b): Rgb) -> [f32; 3] {
    [r, g, b].map(|c| f32::from(c) / 255.0)
}

impl Writer {
    pub fn new(plan: &Plan<'_>) -> Writer {
        let mut writer = Writer {
            out: Vec::with_capacity(64 * 1024),
            offsets: vec![0],
            next: 1,
            catalog: Ref::new(1),
            tree: Ref::new(1),
            page_refs: Vec::new(),
            written: 0,
            faces: Default::default(),
            paper: plan.paper,
            anchors: plan.anchors.to_vec(),
            links: plan.links.to_vec(),
        };
        writer.catalog = writer.alloc();
        writer.tree = writer.alloc();
        writer.page_refs = (0..plan.pages).map(|_| writer.alloc()).collect();
        writer
            .out
            .extend_from_slice(b"%PDF-1.7\n%\x80\x80\x80\x80\n");
        writer
    }

    fn alloc(&mut self) -> Ref {
        let id = Ref::new(self.next);
        self.next += 1;
        id
    }

    fn page_ref(&mut self, index: usize) -> Ref {
        while self.page_refs.len() <= index {
            let id = self.alloc();
            self.page_refs.push(id);
        }
        self.page_refs[index]
    }

    /// Appends object `id`, which `write` writes into an empty chunk.
    fn emit(&mut self, id: Ref, write: impl FnOnce(&mut Chunk)) {
        let mut chunk = Chunk::with_settings(Settings { pretty: false });
        write(&mut chunk);
        debug_assert!(chunk.refs().eq([id]), "one object per chunk");
        let slot = usize::try_from(id.get()).unwrap_or(0);
        if self.offsets.len() <= slot {
            self.offsets.resize(slot + 1, 0);
        }
        self.offsets[slot] = self.out.len();
        self.out.extend_from_slice(chunk.as_bytes());
    }

    /// The top of the page, in PDF units, for a position `y` mm below it.
    fn y(&self, y: f64) -> f32 {
        pt(self.paper.1 - y)
    }

    /// Writes one finished page.
    pub fn page(&mut self, items: &[Item]) {
        let index = self.written;
        self.written += 1;
        let page_ref = self.page_ref(index);
        let content_ref = self.alloc();
        let mut content = Content::new();
        let mut used = [false; FACE_COUNT];
        let mut annotations = Vec::new();
        let mut state = TextState::default();
        for item in items {
            match item {
                Item::Text {
                    x,
                    baseline,
                    face,
                    size,
                    color,
                    text,
                } => {
                    let glyphs = self.encode(*face, text);
                    used[usize::from(*face)] = true;
                    state.show(
                        &mut content,
                        *face,
                        *size as f32,
                        *color,
                        [pt(*x), self.y(*baseline)],
                        &glyphs,
                    );
                }
                Item::Fill {
                    x,
                    y,
                    width,
                    height,
                    color,
                } => {
                    state.end(&mut content);
                    let [r, g, b] = rgb(*color);
                    content.set_fill_rgb(r, g, b);
                    state.fill = Some(*color);
                    content.rect(pt(*x), self.y(y + height), pt(*width), pt(*height));
                    content.fill_nonzero();
                }
                Item::Line { from, to, color } => {
                    state.end(&mut content);
                    if state.stroke != Some(*color) {
                        let [r, g, b] = rgb(*color);
                        content.set_stroke_rgb(r, g, b);
                        state.stroke = Some(*color);
                    }
                    if !state.line_width_set {
                        content.set_line_width(LINE_WIDTH);
                        state.line_width_set = true;
                    }
                    content.move_to(pt(from.0), self.y(from.1));
                    content.line_to(pt(to.0), self.y(to.1));
                    content.stroke();
                }
                Item::Link {
                    x,
                    y,
                    width,
                    height,
                    link,
                } => annotations.push((*x, *y, *width, *height, *link)),
                Item::Path {
                    segments,
                    fill,
                    color,
                } => {
                    state.end(&mut content);
                    let [r, g, b] = rgb(*color);
                    if *fill {
                        content.set_fill_rgb(r, g, b);
                        state.fill = Some(*color);
                    } else if state.stroke != Some(*color) {
                        content.set_stroke_rgb(r, g, b);
                        state.stroke = Some(*color);
                    }
                    for segment in segments {
                        match *segment {
                            Segment::Move(x, y) => {
                                content.move_to(pt(x), self.y(y));
                            }
                            Segment::Line(x, y) => {
                                content.line_to(pt(x), self.y(y));
                            }
                            Segment::Cubic([(x1, y1), (x2, y2), (x, y)]) => {
                                content.cubic_to(
                                    pt(x1),
                                    self.y(y1),
                                    pt(x2),
                                    self.y(y2),
                                    pt(x),
                                    self.y(y),
                                );
                            }
                            Segment::Close => {
                                content.close_path();
                            }
                        }
                    }
                    if *fill {
                        content.fill_nonzero();
                    } else {
                        content.stroke();
                    }
                }
            }
        }
        state.end(&mut content);
        let stream = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), COMPRESSION);
        let annotation_refs: Vec<Ref> = annotations.iter().map(|_| self.alloc()).collect();
        let font_refs: Vec<(FaceId, Ref)> = (0..FACE_COUNT)
            .filter(|&f| used[f])
            .filter_map(|f| Some((f as FaceId, self.faces[f].as_ref()?.type0)))
            .collect();
        let media = Rect::new(0.0, 0.0, pt(self.paper.0), pt(self.paper.1));
        let tree = self.tree;
        self.emit(content_ref, |chunk| {
            chunk
                .stream(content_ref, &stream)
                .filter(Filter::FlateDecode);
        });
        self.emit(page_ref, |chunk| {
            let mut page = chunk.page(page_ref);
            page.parent(tree).media_box(media).contents(content_ref);
            if !annotation_refs.is_empty() {
                page.annotations(annotation_refs.iter().copied());
            }
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            for (face, font) in &font_refs {
                fonts.pair(Name(format!("F{face}").as_bytes()), *font);
            }
        });
        for (&(x, y, width, height, link), &id) in annotations.iter().zip(&annotation_refs) {
            self.annotation(
                id,
                [pt(x), self.y(y + height), pt(x + width), self.y(y)],
                link,
            );
        }
    }

    fn annotation(&mut self, id: Ref, [x0, y0, x1, y1]: [f32; 4], link: u32) {
        let target = self.links.get(link as usize).cloned();
        let destination = match &target {
            Some(Target::Anchor(anchor)) => match self.destination(*anchor) {
                Some(d) => Some(d),
                None => return self.emit(id, |c| empty_annotation(c, id)),
            },
            _ => None,
        };
        self.emit(id, |chunk| {
            let mut annotation = chunk.annotation(id);
            annotation
                .subtype(AnnotationType::Link)
                .rect(Rect::new(x0, y0, x1, y1))
                .border(0.0, 0.0, 0.0, None);
            match (target, destination) {
                (Some(Target::Uri(uri)), _) => {
                    annotation
                        .action()
                        .action_type(ActionType::Uri)
                        .uri(Str(uri.as_bytes()));
                }
                (_, Some((page, top))) => {
                    annotation
                        .insert(Name(b"Dest"))
                        .start::<pdf_writer::writers::Destination>()
                        .page(page)
                        .xyz(0.0, top, None);
                }
                _ => {}
            }
        });
    }

    /// The page and the height just above an anchor, for links and bookmarks.
    fn destination(&mut self, anchor: u32) -> Option<(Ref, f32)> {
        let (page, y) = self.anchors.get(anchor as usize).copied().flatten()?;
        let page = self.page_ref(page.checked_sub(1)?);
        Some((page, self.y(y) + 6.0))
    }

    /// `text` as two-byte glyph ids of `face`'s subset.
    fn encode(&mut self, face: FaceId, text: &str) -> Vec<u8> {
        let slot = usize::from(face);
        if self.faces[slot].is_none() {
            let type0 = self.alloc();
            let mut remapper = GlyphRemapper::new();
            remapper.remap(0);
            self.faces[slot] = Some(UsedFace {
                type0,
                remapper,
                chars: vec!['\u{FFFD}'],
            });
        }
        let used = self.faces[slot].as_mut().expect("set above");
        let font = fonts::face(face);
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let new = used.remapper.remap(font.glyph(c));
            if usize::from(new) == used.chars.len() {
                used.chars.push(c);
            }
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        bytes
    }

    /// Writes the fonts, outline, page tree, catalog and trailer.
    pub fn finish(
        mut self,
        bookmarks: &[Bookmark],
        meta: &Meta<'_>,
    ) -> Result<Vec<u8>, subsetter::Error> {
        for slot in 0..FACE_COUNT {
            if let Some(used) = self.faces[slot].take() {
                self.font(slot as FaceId, &used)?;
            }
        }
        let outline = self.outline(bookmarks);
        let info = self.alloc();
        let (catalog, tree) = (self.catalog, self.tree);
        let kids: Vec<Ref> = self.page_refs[..self.written].to_vec();
        self.emit(tree, |chunk| {
            chunk
                .pages(tree)
                .kids(kids.iter().copied())
                .count(kids.len() as i32);
        });
        self.emit(catalog, |chunk| {
            let mut catalog = chunk.indirect(catalog).start::<Catalog>();
            catalog.pages(tree);
            if let Some(outline) = outline {
                catalog.outlines(outline);
                catalog.page_mode(pdf_writer::types::PageMode::UseOutlines);
            }
        });
        self.emit(info, |chunk| {
            let mut info_dict = chunk.indirect(info).dict();
            info_dict.pair(Name(b"Title"), TextStr(meta.title));
            let producer = concat!("qbank ", env!("CARGO_PKG_VERSION"));
            info_dict.pair(Name(b"Producer"), TextStr(producer));
            info_dict.pair(Name(b"Creator"), TextStr("qbank"));
            info_dict.pair(Name(b"CreationDate"), Str(meta.date.as_bytes()));
            info_dict.pair(Name(b"ModDate"), Str(meta.date.as_bytes()));
        });
        self.trailer(info, meta.file_id);
        Ok(self.out)
    }

    fn font(&mut self, face_id: FaceId, used: &UsedFace) -> Result<(), subsetter::Error> {
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

    /// The bookmarks as an outline: groups with their questions under them.
    fn outline(&mut self, bookmarks: &[Bookmark]) -> Option<Ref> {
        let placed: Vec<(&Bookmark, (Ref, f32))> = bookmarks
            .iter()
            .filter_map(|b| Some((b, self.destination(b.anchor)?)))
            .collect();
        if placed.is_empty() {
            return None;
        }
        let root = self.alloc();
        let ids: Vec<Ref> = placed.iter().map(|_| self.alloc()).collect();
        // A question's parent is the group before it.
        let parents: Vec<Option<usize>> = (0..placed.len())
            .map(|i| match placed[i].0.level {
                0 => None,
                _ => (0..i).rev().find(|&j| placed[j].0.level == 0),
            })
            .collect();
        let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
        for (i, parent) in parents.iter().enumerate() {
            children.entry(*parent).or_default().push(i);
        }
        let top = children.get(&None).cloned().unwrap_or_default();
        for (parent, siblings) in &children {
            let parent_ref = parent.map_or(root, |p| ids[p]);
            for (k, &i) in siblings.iter().enumerate() {
                let (bookmark, (page, top)) = placed[i];
                self.emit(ids[i], |chunk| {
                    let mut item = chunk.outline_item(ids[i]);
                    item.title(TextStr(&bookmark.title)).parent(parent_ref);
                    if k > 0 {
                        item.prev(ids[siblings[k - 1]]);
                    }
                    if let Some(&next) = siblings.get(k + 1) {
                        item.next(ids[next]);
                    }
                    if let Some(kids) = children.get(&Some(i)) {
                        item.first(ids[kids[0]]).last(ids[kids[kids.len() - 1]]);
                        item.count(-(kids.len() as i32));
                    }
                    item.dest().page(page).xyz(0.0, top, None);
                });
            }
        }
        self.emit(root, |chunk| {
            let mut outline = chunk.outline(root);
            if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
                outline.first(ids[first]).last(ids[last]);
            }
            outline.count(top.len() as i32);
        });
        Some(root)
    }

    fn trailer(&mut self, info: Ref, file_id: [u8; 16]) {
        use std::fmt::Write;
        let start = self.out.len();
        let count = self.offsets.len();
        let mut xref = format!("xref\n0 {count}\n0000000000 65535 f\r\n");
        for &offset in &self.offsets[1..] {
            // Every allocated object is written; a gap would be a bug, and
            // stays a free entry rather than a broken offset.
            if offset == 0 {
                xref.push_str("0000000000 65535 f\r\n");
            } else {
                let _ = write!(xref, "{offset:010} 00000 n\r\n");
            }
        }
        let id: String = file_id.iter().map(|b| format!("{b:02X}")).collect();
        let _ = write!(
            xref,
            "trailer\n<< /Size {count} /Root {} 0 R /Info {} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{start}\n%%EOF\n",
            self.catalog.get(),
            info.get(),
        );
        self.out.extend_from_slice(xref.as_bytes());
    }
}

/// Stroke width of rules and table borders, in points.
const LINE_WIDTH: f32 = 0.6;

fn empty_annotation(chunk: &mut Chunk, id: Ref) {
    chunk
        .annotation(id)
        .subtype(AnnotationType::Link)
        .rect(Rect::new(0.0, 0.0, 0.0, 0.0))
        .border(0.0, 0.0, 0.0, None);
}

/// The text state of a content stream, so that a run in the same face, size
/// and colour as the one before changes nothing but its position.
#[derive(Default)]
struct TextState {
    in_text: bool,
    font: Option<(FaceId, f32)>,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width_set: bool,
}

impl TextState {
    fn show(
        &mut self,
        content: &mut Content,
        face: FaceId,
        size: f32,
        color: Rgb,
        [x, y]: [f32; 2],
        glyphs: &[u8],
    ) {
        if !self.in_text {
            content.begin_text();
            self.in_text = true;
            self.font = None;
        }
        if self.font != Some((face, size)) {
            content.set_font(Name(format!("F{face}").as_bytes()), size);
            self.font = Some((face, size));
        }
        if self.fill != Some(color) {
            let [r, g, b] = rgb(color);
            content.set_fill_rgb(r, g, b);
            self.fill = Some(color);
        }
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        content.show(Str(glyphs));
    }

    fn end(&mut self, content: &mut Content) {
        if self.in_text {
            content.end_text();
            self.in_text = false;
        }
    }
}
