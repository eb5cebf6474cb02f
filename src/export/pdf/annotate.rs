//! What a reader clicks: link annotations (web links and the contents' links
//! to pages) and the bookmark outline, one entry per group and per question.
//! Both point at destinations the layout marked (see marks.rs).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::layout::Bookmark;
use super::ledger::Target;
use super::post::{Mark, real};

pub(super) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn destination(page: ObjectId, top: f64) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        real(top + 6.0),
        Object::Null,
    ])
}

pub(super) fn add_links(
    doc: &mut lopdf::Document,
    annotations: Vec<(ObjectId, Mark)>,
    links: &[Target],
    anchors: &BTreeMap<u32, (ObjectId, f64)>,
) {
    let mut per_page: BTreeMap<ObjectId, Vec<Object>> = BTreeMap::new();
    for (page, mark) in annotations {
        let Some(target) = links.get(mark.id as usize) else {
            continue;
        };
        let (x0, x1) = (mark.from.0.min(mark.to.0), mark.from.0.max(mark.to.0));
        let (y0, y1) = (mark.from.1.min(mark.to.1), mark.from.1.max(mark.to.1));
        let mut annotation = Dictionary::new();
        annotation.set("Type", Object::Name(b"Annot".to_vec()));
        annotation.set("Subtype", Object::Name(b"Link".to_vec()));
        let rect = [x0, y0, x1, y1].map(real).to_vec();
        annotation.set("Rect", Object::Array(rect));
        annotation.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
        match target {
            Target::Uri(uri) => {
                let mut action = Dictionary::new();
                action.set("S", Object::Name(b"URI".to_vec()));
                action.set(
                    "URI",
                    Object::String(uri.as_bytes().to_vec(), StringFormat::Literal),
                );
                annotation.set("A", Object::Dictionary(action));
            }
            Target::Anchor(anchor) => match anchors.get(anchor) {
                Some(&(dest_page, top)) => annotation.set("Dest", destination(dest_page, top)),
                None => continue,
            },
        }
        let id = doc.add_object(Object::Dictionary(annotation));
        per_page
            .entry(page)
            .or_default()
            .push(Object::Reference(id));
    }
    for (page, annots) in per_page {
        if let Ok(page) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
            page.set("Annots", Object::Array(annots));
        }
    }
}

/// Bookmarks: groups at the top level, their questions under them.
pub(super) fn add_outline(
    doc: &mut lopdf::Document,
    bookmarks: &[Bookmark],
    anchors: &BTreeMap<u32, (ObjectId, f64)>,
) {
    let placed: Vec<(&Bookmark, (ObjectId, f64))> = bookmarks
        .iter()
        .filter_map(|b| Some((b, *anchors.get(&b.anchor)?)))
        .collect();
    if placed.is_empty() {
        return;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = placed.iter().map(|_| doc.new_object_id()).collect();
    // Each item's parent: the nearest earlier level-0 item, or the root.
    let parents: Vec<Option<usize>> = (0..placed.len())
        .map(|i| {
            if placed[i].0.level == 0 {
                None
            } else {
                (0..i).rev().find(|&j| placed[j].0.level == 0)
            }
        })
        .collect();
    let children = |parent: Option<usize>| -> Vec<usize> {
        (0..placed.len())
            .filter(|&i| parents[i] == parent)
            .collect()
    };
    let link_siblings = |doc: &mut lopdf::Document, siblings: &[usize], parent: ObjectId| {
        for (k, &i) in siblings.iter().enumerate() {
            let (bookmark, (page, top)) = placed[i];
            let mut item = Dictionary::new();
            item.set("Title", text_string(&bookmark.title));
            item.set("Parent", Object::Reference(parent));
            item.set("Dest", destination(page, top));
            if k > 0 {
                item.set("Prev", Object::Reference(ids[siblings[k - 1]]));
            }
            if let Some(&next) = siblings.get(k + 1) {
                item.set("Next", Object::Reference(ids[next]));
            }
            let kids: Vec<usize> = (0..placed.len())
                .filter(|&j| parents[j] == Some(i))
                .collect();
            if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                item.set("First", Object::Reference(ids[first]));
                item.set("Last", Object::Reference(ids[last]));
                item.set("Count", -(kids.len() as i64));
            }
            doc.objects.insert(ids[i], Object::Dictionary(item));
        }
    };
    let top = children(None);
    link_siblings(doc, &top, root);
    for &i in &top {
        let kids = children(Some(i));
        link_siblings(doc, &kids, ids[i]);
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        outlines.set("First", Object::Reference(ids[first]));
        outlines.set("Last", Object::Reference(ids[last]));
    }
    outlines.set("Count", top.len() as i64);
    doc.objects.insert(root, Object::Dictionary(outlines));
    if let Ok(catalog) = catalog_mut(doc) {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}

pub(super) fn catalog_mut(doc: &mut lopdf::Document) -> lopdf::Result<&mut Dictionary> {
    let id = doc.trailer.get(b"Root")?.as_reference()?;
    doc.get_object_mut(id)?.as_dict_mut()
}
