//! A small XHTML writer for page structure (sections, lists, navigation):
//! element and attribute names come from qbank's own code, and every text and
//! attribute value is escaped on the way in, so no caller concatenates markup.
//! Content blocks are appended by render/html.rs into the same buffer.

use super::escape::{push_attr, push_text};
use super::html;
use crate::ir::{Block, Inline};

/// Which kind of XHTML document starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prolog {
    /// A web page: no XML declaration (browsers read it as HTML).
    Page,
    /// An EPUB content document: the XML declaration and the `epub:` namespace.
    Book,
}

#[derive(Debug, Default)]
pub struct Markup {
    out: String,
}

impl Markup {
    pub fn new() -> Markup {
        Markup::default()
    }

    pub fn into_string(self) -> String {
        self.out
    }

    /// The start of an XHTML document up to `<head>`: the XML declaration
    /// for a book, the doctype, and the root element in the XHTML namespace
    /// with the language twice (`lang` for HTML readers, `xml:lang` for XML
    /// ones).
    pub fn xhtml_start(&mut self, prolog: Prolog, lang: &str) -> &mut Self {
        if prolog == Prolog::Book {
            self.xml_declaration();
        }
        self.out.push_str("<!DOCTYPE html>\n");
        let epub_namespace = match prolog {
            Prolog::Book => "http://www.idpf.org/2007/ops",
            Prolog::Page => "",
        };
        self.open(
            "html",
            &[
                ("xmlns", "http://www.w3.org/1999/xhtml"),
                ("xmlns:epub", epub_namespace),
                ("lang", lang),
                ("xml:lang", lang),
            ],
        )
        .newline()
    }

    pub fn xml_declaration(&mut self) -> &mut Self {
        self.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self
    }

    /// `<tag a="v" ...>`; attributes with an empty value are left out.
    pub fn open(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        self.attributes(attributes);
        self.out.push('>');
        self
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag ... />`.
    pub fn void(&mut self, tag: &'static str, attributes: &[(&'static str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        self.attributes(attributes);
        self.out.push_str(" />");
        self
    }

    /// `<tag ...>text</tag>`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attributes: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attributes).text(text).close(tag)
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        push_text(&mut self.out, text);
        self
    }

    pub fn newline(&mut self) -> &mut Self {
        self.out.push('\n');
        self
    }

    /// Content blocks, rendered by the shared HTML renderer.
    pub fn blocks(&mut self, blocks: &[Block], options: html::Options<'_>) -> &mut Self {
        html::write_blocks(&mut self.out, blocks, options);
        self
    }

    /// Inline content (a title with code spans), rendered likewise.
    pub fn inlines(&mut self, inlines: &[Inline], options: html::Options<'_>) -> &mut Self {
        self.out.push_str(&html::inlines_with(inlines, options));
        self
    }

    /// Text that must reach the output as written: a stylesheet, in a CDATA
    /// section that HTML parsers read as a CSS comment.
    pub fn style_sheet(&mut self, css: &str) -> &mut Self {
        // `]]>` would end the section and `</style` the element.
        let css = css.replace("]]>", "]] >").replace("</", "<\\/");
        self.out.push_str("/*<![CDATA[*/\n");
        self.out.push_str(&css);
        self.out.push_str("\n/*]]>*/");
        self
    }

    fn attributes(&mut self, attributes: &[(&'static str, &str)]) {
        for (name, value) in attributes {
            if value.is_empty() {
                continue;
            }
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            push_attr(&mut self.out, value);
            self.out.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_it_is_given() {
        let mut m = Markup::new();
        m.open("p", &[("class", "a\"b"), ("id", "")])
            .text("<x> & y")
            .void("br", &[])
            .close("p")
            .style_sheet("a > b { content: \"</style>\" } ]]>");
        assert_eq!(
            m.into_string(),
            "<p class=\"a&quot;b\">&lt;x&gt; &amp; y<br /></p>/*<![CDATA[*/\na > b { content: \"<\\/style>\" } ]] >\n/*]]>*/"
        );
    }
}
