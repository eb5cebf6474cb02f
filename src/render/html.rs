//! IR blocks to HTML that is safe and XHTML-compatible: every text escaped,
//! every element closed, raw HTML from the source shown as text (only `<br>`
//! survives), and only `http`, `https`, `mailto` and relative URLs kept as
//! links. Nothing from the content can become a script, an event handler or an
//! external resource other than an `http(s)` image.

use std::fmt::Write;

use crate::ir::{Alignment, Block, Inline};

/// What a target can show; the defaults suit a web page or an e-book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Keep relative links (`#anchor`, `page.html`) as links; off where they
    /// cannot resolve (an Anki card), so they become plain text.
    pub relative_links: bool,
    /// Show `http(s)` images; off where external resources are not wanted.
    pub images: bool,
    /// An inline style for `<pre>`, for targets without a stylesheet of ours.
    pub pre_style: Option<&'static str>,
    /// An inline style for `<table>`, likewise.
    pub table_style: Option<&'static str>,
    /// An inline style for admonitions (hints, warnings), likewise.
    pub callout_style: Option<&'static str>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            relative_links: true,
            images: true,
            pre_style: None,
            table_style: None,
            callout_style: None,
        }
    }
}

/// Renders a block sequence.
pub fn blocks(blocks: &[Block]) -> String {
    blocks_with(blocks, Options::default())
}

/// Renders a block sequence for a target with `options`.
pub fn blocks_with(blocks: &[Block], options: Options) -> String {
    let mut writer = Writer {
        out: String::new(),
        options,
    };
    writer.blocks(blocks, false);
    writer.out
}

/// Renders inlines (a title, a table cell).
pub fn inlines(inlines: &[Inline]) -> String {
    inlines_with(inlines, Options::default())
}

/// Renders inlines for a target with `options`.
pub fn inlines_with(inlines: &[Inline], options: Options) -> String {
    let mut writer = Writer {
        out: String::new(),
        options,
    };
    writer.inlines(inlines);
    writer.out
}

struct Writer {
    out: String,
    options: Options,
}

/// Escapes text for an attribute value (and, safely, for element content).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_attr(&mut out, text);
    out
}

/// Escapes text for element content: `&`, `<` and `>` only, so that quotes in
/// code and prose stay readable in the HTML.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text(&mut out, text);
    out
}

fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

fn push_attr(out: &mut String, text: &str) {
    push_escaped(out, text, true);
}

fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&#39;"),
            // Characters XML 1.0 forbids would make the document ill-formed.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// True for URLs a reader can follow safely: http(s), mailto, or relative.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let scheme_end = url.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end {
        Some(end) if url[end..].starts_with(':') && end > 0 => {
            let scheme = url[..end].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !url.chars().any(|c| c.is_control()),
    }
}

/// True for a URL with a scheme (`https:`, `mailto:`).
fn is_absolute(url: &str) -> bool {
    url::Url::parse(url.trim()).is_ok()
}

/// True when `url` becomes a link under `options`: safe, and absolute unless
/// the target keeps relative links. Otherwise only its label is shown.
pub fn is_linkable(url: &str, options: Options) -> bool {
    is_safe_url(url) && (options.relative_links || is_absolute(url))
}

/// A class name fragment made of safe characters only.
fn class_token(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect()
}

impl Writer {
    fn pre(&self) -> String {
        match self.options.pre_style {
            Some(style) => format!("<pre style=\"{}\">", escape(style)),
            None => "<pre>".to_owned(),
        }
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            self.block(block, tight);
        }
    }

    fn block(&mut self, block: &Block, tight: bool) {
        match block {
            Block::Paragraph { inlines } if tight => {
                self.inlines(inlines);
                self.out.push('\n');
            }
            Block::Paragraph { inlines } => {
                self.out.push_str("<p>");
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            Block::Heading { level, inlines } => {
                let level = (*level).clamp(1, 6);
                let _ = write!(self.out, "<h{level}>");
                self.inlines(inlines);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                match start {
                    Some(start) if *ordered && *start != 1 => {
                        let _ = writeln!(self.out, "<ol start=\"{start}\">");
                    }
                    _ => {
                        let _ = writeln!(self.out, "<{tag}>");
                    }
                }
                for item in items {
                    self.out.push_str("<li>");
                    match item.checked {
                        Some(true) => self.out.push_str("☑ "),
                        Some(false) => self.out.push_str("☐ "),
                        None => {}
                    }
                    self.blocks(&item.blocks, *tight);
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Table {
                alignments,
                header,
                rows,
            } => self.table(alignments, header, rows),
            Block::Code { language, text } => {
                let pre = self.pre();
                self.out.push_str(&pre);
                match language
                    .as_deref()
                    .map(class_token)
                    .filter(|l| !l.is_empty())
                {
                    Some(lang) => {
                        let _ = write!(self.out, "<code class=\"language-{lang}\">");
                    }
                    None => self.out.push_str("<code>"),
                }
                push_text(&mut self.out, text);
                self.out.push_str("</code></pre>\n");
            }
            Block::Callout {
                kind,
                title,
                blocks,
                ..
            } => {
                let style = self
                    .options
                    .callout_style
                    .map(|s| format!(" style=\"{}\"", escape(s)))
                    .unwrap_or_default();
                let _ = writeln!(
                    self.out,
                    "<div class=\"admonition {}\"{style}>",
                    class_token(kind)
                );
                if let Some(title) = title {
                    self.out.push_str("<p class=\"admonition-title\"><strong>");
                    push_text(&mut self.out, title);
                    self.out.push_str("</strong></p>\n");
                }
                self.blocks(blocks, false);
                self.out.push_str("</div>\n");
            }
            Block::Quote { blocks } => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, false);
                self.out.push_str("</blockquote>\n");
            }
            Block::Html { html } => {
                if !html.trim().is_empty() {
                    self.out.push_str("<pre class=\"raw-html\">");
                    push_text(&mut self.out, html.trim_end());
                    self.out.push_str("</pre>\n");
                }
            }
            Block::Rule => self.out.push_str("<hr />\n"),
        }
    }

    fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
        match self.options.table_style {
            Some(style) => {
                let _ = write!(self.out, "<table style=\"{}\">", escape(style));
            }
            None => self.out.push_str("<table>"),
        }
        self.out.push_str("\n<thead>\n<tr>");
        for (column, inlines) in header.iter().enumerate() {
            self.cell("th", alignments.get(column), inlines);
        }
        self.out.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (column, inlines) in row.iter().enumerate() {
                self.cell("td", alignments.get(column), inlines);
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn cell(&mut self, tag: &str, alignment: Option<&Alignment>, inlines: &[Inline]) {
        let style = match alignment {
            Some(Alignment::Left) => " style=\"text-align: left\"",
            Some(Alignment::Center) => " style=\"text-align: center\"",
            Some(Alignment::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        let _ = write!(self.out, "<{tag}{style}>");
        self.inlines(inlines);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text { text } => push_text(&mut self.out, text),
            Inline::Code { text } => {
                self.out.push_str("<code>");
                push_text(&mut self.out, text);
                self.out.push_str("</code>");
            }
            Inline::Emphasis { inlines } => self.wrap("em", inlines),
            Inline::Strong { inlines } => self.wrap("strong", inlines),
            Inline::Strikethrough { inlines } => self.wrap("del", inlines),
            Inline::Link {
                url,
                title,
                inlines,
            } if is_linkable(url, self.options) => {
                self.out.push_str("<a href=\"");
                push_attr(&mut self.out, url.trim());
                self.out.push('"');
                if let Some(title) = title {
                    self.out.push_str(" title=\"");
                    push_attr(&mut self.out, title);
                    self.out.push('"');
                }
                self.out.push('>');
                self.inlines(inlines);
                self.out.push_str("</a>");
            }
            Inline::Link { inlines, .. } => self.inlines(inlines),
            Inline::Image { url, alt } => {
                let lower = url.trim().to_ascii_lowercase();
                if self.options.images
                    && (lower.starts_with("https://") || lower.starts_with("http://"))
                {
                    self.out.push_str("<img src=\"");
                    push_attr(&mut self.out, url.trim());
                    self.out.push_str("\" alt=\"");
                    push_attr(&mut self.out, alt);
                    self.out.push_str("\" />");
                } else {
                    push_text(&mut self.out, alt);
                }
            }
            Inline::Math { display, text } => {
                let (class, open, close) = if *display {
                    ("math display", "\\[", "\\]")
                } else {
                    ("math inline", "\\(", "\\)")
                };
                let _ = write!(self.out, "<span class=\"{class}\">{open}");
                push_text(&mut self.out, text);
                let _ = write!(self.out, "{close}</span>");
            }
            Inline::Html { html } if is_line_break_tag(html) => self.out.push_str("<br />"),
            Inline::Html { html } => push_text(&mut self.out, html),
            Inline::SoftBreak => self.out.push('\n'),
            Inline::LineBreak => self.out.push_str("<br />\n"),
        }
    }

    fn wrap(&mut self, tag: &str, inlines: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(inlines);
        let _ = write!(self.out, "</{tag}>");
    }
}

fn is_line_break_tag(html: &str) -> bool {
    let inner: String = html
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .collect();
    inner.eq_ignore_ascii_case("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::parse_run;

    fn render(markdown: &str) -> String {
        let blocks: Vec<Block> = parse_run(markdown).0.into_iter().map(|b| b.block).collect();
        super::blocks(&blocks)
    }

    #[test]
    fn renders_common_constructs() {
        assert_eq!(
            render("Some **bold** `a<b` [x](https://e.com?a=1&b=2)\n"),
            "<p>Some <strong>bold</strong> <code>a&lt;b</code> <a href=\"https://e.com?a=1&amp;b=2\">x</a></p>\n"
        );
        assert_eq!(
            render("```python\nif a < b:\n    pass\n```\n"),
            "<pre><code class=\"language-python\">if a &lt; b:\n    pass\n</code></pre>\n"
        );
        assert_eq!(
            render("- a\n- b\n"),
            "<ul>\n<li>a\n</li>\n<li>b\n</li>\n</ul>\n"
        );
        assert_eq!(
            render("| A |\n|--:|\n| 1 |\n"),
            "<table>\n<thead>\n<tr><th style=\"text-align: right\">A</th></tr>\n</thead>\n<tbody>\n<tr><td style=\"text-align: right\">1</td></tr>\n</tbody>\n</table>\n"
        );
        assert_eq!(
            render("$$E=mc^2$$\n"),
            "<p><span class=\"math display\">\\[E=mc^2\\]</span></p>\n"
        );
    }

    #[test]
    fn hostile_markup_is_inert() {
        let html = render(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [c](javascript:alert(1)) [d](JaVaScRiPt:x) ![i](data:image/png;base64,xx) line<br>break\n\n<iframe src=\"https://evil\"></iframe>\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("line<br />break"), "{html}");
    }

    #[test]
    fn url_safety() {
        for safe in [
            "https://a.b",
            "HTTP://a",
            "mailto:x@y",
            "#anchor",
            "page.html",
            "../x",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            " javascript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url}");
        }
    }
}
