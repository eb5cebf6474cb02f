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

use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::writers::Catalog;
use pdf_writer::{Chunk, Filter, Name, Rect, Ref, Settings, Str, TextStr};

use super::canvas::{Item, Target};
use super::embed::UsedFace;
use super::fonts::{FACE_COUNT, FaceId};
use super::layout::Bookmark;
use super::stream;

/// How hard page streams and fonts are compressed: zlib's default, which
/// costs a third of the time of the strongest level for 2–3 % more bytes.
pub(super) const COMPRESSION: u8 = 6;

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

pub struct Writer {
    pub(super) out: Vec<u8>,
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

/// Points from millimetres, as pdf-writer takes them.
fn pt(mm: f64) -> f32 {
    stream::pt(mm) as f32
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

    pub(super) fn alloc(&mut self) -> Ref {
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
    pub(super) fn emit(&mut self, id: Ref, write: impl FnOnce(&mut Chunk)) {
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
        let faces = &mut self.faces;
        let mut next = self.next;
        let painted = stream::paint(items, self.paper.1, |face, text| {
            let slot = usize::from(face).min(FACE_COUNT - 1);
            let used = faces[slot].get_or_insert_with(|| {
                let type0 = Ref::new(next);
                next += 1;
                UsedFace::new(type0)
            });
            used.encode(face, text)
        });
        self.next = next;
        let stream = miniz_oxide::deflate::compress_to_vec_zlib(&painted.content, COMPRESSION);
        let annotation_refs: Vec<Ref> = painted.links.iter().map(|_| self.alloc()).collect();
        let font_refs: Vec<(usize, Ref)> = (0..FACE_COUNT)
            .filter(|&f| painted.faces[f])
            .filter_map(|f| Some((f, self.faces[f].as_ref()?.type0)))
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
        for ((rect, link), &id) in painted.links.iter().zip(&annotation_refs) {
            self.annotation(id, *rect, *link);
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

    /// The bookmarks as an outline: groups with their questions under them.
    fn outline(&mut self, bookmarks: &[Bookmark]) -> Option<Ref> {
        // A question's parent is the group before it in the whole list, so
        // that a group whose anchor never landed does not lend its questions
        // to the group before it: they stand at the top level instead.
        let groups: Vec<Option<usize>> = (0..bookmarks.len())
            .map(|i| match bookmarks[i].level {
                0 => None,
                _ => (0..i).rev().find(|&j| bookmarks[j].level == 0),
            })
            .collect();
        let mut placed_index: Vec<Option<usize>> = vec![None; bookmarks.len()];
        let mut placed: Vec<(&Bookmark, (Ref, f32))> = Vec::new();
        let mut parents: Vec<Option<usize>> = Vec::new();
        for (i, bookmark) in bookmarks.iter().enumerate() {
            let Some(destination) = self.destination(bookmark.anchor) else {
                continue;
            };
            placed_index[i] = Some(placed.len());
            parents.push(groups[i].and_then(|g| placed_index[g]));
            placed.push((bookmark, destination));
        }
        if placed.is_empty() {
            return None;
        }
        let root = self.alloc();
        let ids: Vec<Ref> = placed.iter().map(|_| self.alloc()).collect();
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

fn empty_annotation(chunk: &mut Chunk, id: Ref) {
    chunk
        .annotation(id)
        .subtype(AnnotationType::Link)
        .rect(Rect::new(0.0, 0.0, 0.0, 0.0))
        .border(0.0, 0.0, 0.0, None);
}
