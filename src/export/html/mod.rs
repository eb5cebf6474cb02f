//! The HTML backend: one self-contained XHTML5 page per bank, well-formed XML
//! that browsers, e-readers, Calibre and Pandoc all read. No scripts, an
//! embedded stylesheet (or the user's), questions as `<section>`s whose ids are
//! the question ids without the document prefix.

pub mod anchors;
pub mod page;
mod questions;

use std::borrow::Cow;

use crate::export::{Backend, ExportError, Rendered, Selection};
use crate::ir::Document;
use crate::output::sniff::Format;
use crate::render::markup::{Markup, Prolog};
use page::{Files, Page};

/// The page's stylesheet: the shared one and the dark scheme, page and code.
pub const PAGE_STYLE: &str = concat!(
    include_str!("style.css"),
    include_str!("dark.css"),
    include_str!("dark-code.css")
);
/// The book's stylesheet: the shared one, the dark scheme's code colours
/// (for readers that announce a dark scheme) and what e-readers need instead.
pub const BOOK_STYLE: &str = concat!(
    include_str!("style.css"),
    include_str!("dark-code.css"),
    include_str!("epub.css")
);

pub struct Html {
    /// Answers in `<details>` (browsers fold them; e-readers do not support it).
    pub collapsible: bool,
    pub css: Cow<'static, str>,
}

impl Html {
    pub const DEFAULT: Html = Html {
        collapsible: false,
        css: Cow::Borrowed(PAGE_STYLE),
    };
}

/// The language a document declares, or English.
pub fn lang(document: &Document) -> &str {
    document.lang.as_deref().unwrap_or("en")
}

impl Backend for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn extension(&self) -> &'static str {
        "html"
    }

    fn shows_highlighting(&self) -> bool {
        true
    }

    fn format(&self) -> Format {
        Format::Html
    }

    fn description(&self) -> &'static str {
        "one XHTML5 page per bank, without scripts (for browsers, e-readers, Pandoc)"
    }

    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError> {
        let page = Page::new(document, selection, Files::Single, self.collapsible);
        let mut m = Markup::new();
        m.xhtml_start(Prolog::Page, lang(document));
        m.open("head", &[]).newline();
        m.void("meta", &[("charset", "UTF-8")]).newline();
        // First after the charset: `output::sniff` recognises a page qbank
        // wrote by this line within the file's first bytes.
        m.void("meta", &[("name", "generator"), ("content", GENERATOR)])
            .newline();
        m.void(
            "meta",
            &[
                ("name", "viewport"),
                ("content", "width=device-width, initial-scale=1"),
            ],
        )
        .newline();
        m.element("title", &[], &document.title).newline();
        if let Some(description) = &document.description {
            m.void("meta", &[("name", "description"), ("content", description)])
                .newline();
        }
        m.open("style", &[])
            .style_sheet(&self.css)
            .close("style")
            .newline();
        m.close("head").newline();
        m.open("body", &[]).newline();
        page.header(&mut m);
        page.preface(&mut m);
        if page.has_contents() {
            m.open(
                "nav",
                &[
                    ("class", "contents"),
                    ("id", &page.anchors.contents),
                    ("aria-label", "Contents"),
                ],
            )
            .newline();
            m.element("h2", &[], "Contents").newline();
            page.contents_list(&mut m, "");
            m.close("nav").newline();
        }
        m.open("main", &[]).newline();
        for index in 0..page.parts.len() {
            page.part(&mut m, index);
        }
        page.resources(&mut m);
        m.close("main").newline();
        m.open("footer", &[]);
        m.element(
            "p",
            &[],
            // The file's name, not its path: a path can tell a reader the
            // author's directories.
            &format!(
                "Made with {GENERATOR} from {}",
                file_name(&document.source.path)
            ),
        );
        m.close("footer").newline();
        m.close("body").newline().close("html").newline();
        Ok(m.into_string().into_bytes().into())
    }
}

pub const GENERATOR: &str = concat!("qbank ", env!("CARGO_PKG_VERSION"));

/// The last component of `path` (all of it when it has none).
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(path)
}
