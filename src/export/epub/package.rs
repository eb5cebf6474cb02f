//! The EPUB's XML around the content: META-INF/container.xml, the package
//! document (metadata, manifest, spine) and the navigation document.

use uuid::Uuid;

use crate::export::date::BuildDate;
use crate::export::html::page::Page;
use crate::render::markup::{Markup, Prolog};

/// Where the package document lives; content files sit beside it.
pub const PACKAGE_PATH: &str = "EPUB/package.opf";
pub const NAV_FILE: &str = "nav.xhtml";
pub const STYLE_FILE: &str = "style.css";
/// The folder of the banks' content files, beside the package document.
pub const CONTENT_DIR: &str = "text/";

pub fn container() -> String {
    let mut m = Markup::new();
    m.xml_declaration();
    m.open(
        "container",
        &[
            ("version", "1.0"),
            ("xmlns", "urn:oasis:names:tc:opendocument:xmlns:container"),
        ],
    )
    .newline();
    m.open("rootfiles", &[]).newline();
    m.void(
        "rootfile",
        &[
            ("full-path", PACKAGE_PATH),
            ("media-type", "application/oebps-package+xml"),
        ],
    )
    .newline();
    m.close("rootfiles").newline().close("container").newline();
    m.into_string()
}

/// What the package document says about the book.
pub struct Metadata<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub lang: &'a str,
    /// The documents' ids: the book's identifier is derived from them alone,
    /// so that a rebuilt book replaces the old one on a reader.
    pub document_ids: Vec<&'a str>,
    pub modified: BuildDate,
}

/// `urn:uuid:` of a name-based (version 5) UUID of the documents' ids.
pub fn identifier(document_ids: &[&str]) -> String {
    let name = format!("qbank:book:{}", document_ids.join(","));
    let uuid = Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes());
    format!("urn:uuid:{uuid}")
}

/// The package document; `content` lists the content files in reading order.
/// The contents come after the first file (a bank's title page) or, in a
/// book of several banks, first.
/// The package document. `content` names the content documents in reading
/// order, each with whether it holds MathML (the manifest must say so).
pub fn package(
    metadata: &Metadata<'_>,
    content: &[(String, bool)],
    contents_first: bool,
) -> String {
    let mut m = Markup::new();
    m.xml_declaration();
    m.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "book-id"),
            ("xml:lang", metadata.lang),
        ],
    )
    .newline();
    m.open(
        "metadata",
        &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")],
    )
    .newline();
    m.element(
        "dc:identifier",
        &[("id", "book-id")],
        &identifier(&metadata.document_ids),
    )
    .newline();
    m.element("dc:title", &[], metadata.title).newline();
    m.element("dc:language", &[], metadata.lang).newline();
    if let Some(description) = metadata.description {
        m.element("dc:description", &[], description).newline();
    }
    m.element(
        "meta",
        &[("property", "dcterms:modified")],
        &metadata.modified.iso(),
    )
    .newline();
    m.close("metadata").newline();
    m.open("manifest", &[]).newline();
    m.void(
        "item",
        &[
            ("id", "nav"),
            ("href", NAV_FILE),
            ("media-type", "application/xhtml+xml"),
            ("properties", "nav"),
        ],
    )
    .newline();
    m.void(
        "item",
        &[
            ("id", "style"),
            ("href", STYLE_FILE),
            ("media-type", "text/css"),
        ],
    )
    .newline();
    for (n, (file, mathml)) in content.iter().enumerate() {
        let id = format!("c{}", n + 1);
        let href = format!("{CONTENT_DIR}{file}");
        let mut attributes = vec![
            ("id", id.as_str()),
            ("href", &href),
            ("media-type", "application/xhtml+xml"),
        ];
        if *mathml {
            attributes.push(("properties", "mathml"));
        }
        m.void("item", &attributes).newline();
    }
    m.close("manifest").newline();
    m.open("spine", &[]).newline();
    if contents_first {
        m.void("itemref", &[("idref", "nav")]).newline();
    }
    for (n, _) in content.iter().enumerate() {
        let id = format!("c{}", n + 1);
        m.void("itemref", &[("idref", &id)]).newline();
        if n == 0 && !contents_first {
            m.void("itemref", &[("idref", "nav")]).newline();
        }
    }
    m.close("spine").newline().close("package").newline();
    m.into_string()
}

/// The navigation document: the table of contents readers show, and a page
/// of the book. With several documents, each is an entry over its groups.
pub fn nav(pages: &[Page<'_>], lang: &str, front_files: &[String]) -> String {
    xhtml_file(lang, "Contents", STYLE_FILE, |m| {
        nav_body(m, pages, front_files)
    })
}

fn nav_body(m: &mut Markup, pages: &[Page<'_>], front_files: &[String]) {
    m.open(
        "nav",
        &[("epub:type", "toc"), ("id", "toc"), ("class", "contents")],
    )
    .newline();
    m.element("h1", &[], "Contents").newline();
    match pages {
        // One bank: its title page, then its groups, side by side.
        [page] => {
            m.open("ol", &[]).newline();
            let href = format!("{CONTENT_DIR}{}", front_files[0]);
            m.open("li", &[]);
            m.element("a", &[("href", &href)], &page.document.title);
            m.close("li").newline();
            page.contents_entries(m, CONTENT_DIR);
            m.close("ol").newline();
        }
        _ => {
            m.open("ol", &[]).newline();
            for (page, front) in pages.iter().zip(front_files) {
                m.open("li", &[]);
                let href = format!("{CONTENT_DIR}{front}");
                m.element("a", &[("href", &href)], &page.document.title);
                if page.has_contents() {
                    m.newline();
                    page.contents_list(m, CONTENT_DIR);
                }
                m.close("li").newline();
            }
            m.close("ol").newline();
        }
    }
    m.close("nav").newline();
}

/// An XHTML document of the book, linking the stylesheet at `style`.
pub fn xhtml_file(lang: &str, title: &str, style: &str, body: impl FnOnce(&mut Markup)) -> String {
    let mut m = Markup::new();
    m.xhtml_start(Prolog::Book, lang);
    m.open("head", &[]).newline();
    m.void("meta", &[("charset", "UTF-8")]).newline();
    m.element("title", &[], title).newline();
    m.void(
        "link",
        &[("rel", "stylesheet"), ("type", "text/css"), ("href", style)],
    )
    .newline();
    m.close("head").newline();
    m.open("body", &[]).newline();
    body(&mut m);
    m.close("body").newline().close("html").newline();
    m.into_string()
}
