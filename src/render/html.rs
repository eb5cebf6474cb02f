//! IR blocks to HTML that is safe and XHTML-compatible: every text escaped,
//! every element closed, raw HTML from the source through an allow-list
//! (raw_html.rs), and only `http`, `https`, `mailto` and (where the target
//! resolves them) relative URLs kept as links. Nothing from the content can
//! become a script, an event handler or an external resource other than an
//! `http(s)` image.

use std::fmt::Write;

pub use super::code::CodeStyle;
pub use super::escape::{escape, escape_text, is_safe_url};
use super::escape::{push_attr, push_text};
pub use super::links::{Links, Resolve, is_linkable};
use super::raw_html::{self, Event, Tag};
use crate::ir::blocks::plain_text;
use crate::ir::{Alignment, Block, CalloutDisplay, Inline};

/// Tables with this many columns or more are `wide`: see `Writer::table`.
const WIDE_TABLE_COLUMNS: usize = 4;

/// What a target can show; the defaults suit the JSON `html` fields.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    pub links: Links<'a>,
    /// Show `http(s)` images; off where external resources are not wanted.
    pub images: bool,
    /// The highest heading level content may use: an answer under an `<h3>`
    /// question starts at `<h4>`.
    pub heading_floor: u8,
    /// Show collapsible (`???`) admonitions as `<details>`, for browsers.
    pub fold_callouts: bool,
    /// An inline style for `<table>`, for targets without a stylesheet of ours.
    pub table_style: Option<&'static str>,
    /// An inline style for table cells (`th`, `td`), likewise.
    pub cell_style: Option<&'static str>,
    /// An inline style for admonitions (hints, warnings), likewise.
    pub callout_style: Option<&'static str>,
    /// How math is shown.
    pub math: MathAs,
    /// How code blocks are shown (line elements, colours): plain by default.
    pub code: CodeStyle<'a>,
}

/// How a target shows `$…$` math.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathAs {
    /// The TeX between `\(…\)` or `\[…\]`, for a MathJax of the reader's
    /// (Anki's; the JSON's `html` fields leave the choice to their consumer).
    Tex,
    /// MathML (`crate::math`), for browsers and EPUB readers.
    MathMl,
    /// Readable Unicode text (`a/b`), inside a link such as the contents.
    Text,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            links: Links::AsWritten,
            images: true,
            heading_floor: 1,
            fold_callouts: false,
            table_style: None,
            cell_style: None,
            callout_style: None,
            math: MathAs::Tex,
            code: CodeStyle::Plain,
        }
    }
}

/// Renders a block sequence.
pub fn blocks(blocks: &[Block]) -> String {
    blocks_with(blocks, Options::default())
}

/// Renders a block sequence for a target with `options`.
pub fn blocks_with(blocks: &[Block], options: Options<'_>) -> String {
    let mut out = String::new();
    write_blocks(&mut out, blocks, options);
    out
}

/// Appends a block sequence to `out`.
pub fn write_blocks(out: &mut String, blocks: &[Block], options: Options<'_>) {
    let mut writer = Writer::new(std::mem::take(out), options);
    writer.blocks(blocks, false);
    *out = writer.out;
}

/// Renders inlines (a title, a table cell).
pub fn inlines(inlines: &[Inline]) -> String {
    inlines_with(inlines, Options::default())
}

/// Renders inlines for a target with `options`.
pub fn inlines_with(inlines: &[Inline], options: Options<'_>) -> String {
    let mut writer = Writer::new(String::new(), options);
    writer.inlines(inlines);
    writer.out
}

struct Writer<'a> {
    out: String,
    options: Options<'a>,
    /// Allow-listed raw HTML elements open in the current inline sequence.
    raw_open: Vec<&'static str>,
}

/// "Warning" for `warning`: the title MkDocs shows for an untitled admonition.
pub fn capitalised(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A class name fragment made of safe characters only.
fn class_token(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect()
}

impl<'a> Writer<'a> {
    fn new(out: String, options: Options<'a>) -> Writer<'a> {
        Writer {
            out,
            options,
            raw_open: Vec::new(),
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
                let level = (*level).clamp(self.options.heading_floor.clamp(1, 6), 6);
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
                let lang = language
                    .as_deref()
                    .map(class_token)
                    .filter(|l| !l.is_empty());
                super::code::write(
                    &mut self.out,
                    self.options.code,
                    language.as_deref(),
                    lang.as_deref(),
                    text,
                );
            }
            Block::Callout {
                kind,
                title,
                display,
                blocks,
            } => self.callout(kind, title.as_deref(), *display, blocks),
            Block::Quote { blocks } => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, false);
                self.out.push_str("</blockquote>\n");
            }
            Block::Html { raw: html } => self.raw_block(html),
            Block::Rule => self.out.push_str("<hr />\n"),
        }
    }

    /// An admonition: a `<div>`, or where the target folds them, a `???`
    /// one as a `<details>` (open for `???+`) so that a hint does not show
    /// its answer.
    fn callout(
        &mut self,
        kind: &str,
        title: Option<&str>,
        display: CalloutDisplay,
        blocks: &[Block],
    ) {
        let style = self
            .options
            .callout_style
            .map(|s| format!(" style=\"{}\"", escape(s)))
            .unwrap_or_default();
        let class = class_token(kind);
        let folded = self.options.fold_callouts && display != CalloutDisplay::Static;
        if folded {
            let open = if display == CalloutDisplay::Expanded {
                " open=\"open\""
            } else {
                ""
            };
            let _ = writeln!(
                self.out,
                "<details class=\"admonition {class}\"{style}{open}>"
            );
            self.out.push_str("<summary>");
            push_text(
                &mut self.out,
                &title.map_or_else(|| capitalised(kind), str::to_owned),
            );
            self.out.push_str("</summary>\n");
        } else {
            let _ = writeln!(self.out, "<div class=\"admonition {class}\"{style}>");
            if let Some(title) = title {
                self.out.push_str("<p class=\"admonition-title\"><strong>");
                push_text(&mut self.out, title);
                self.out.push_str("</strong></p>\n");
            }
        }
        self.blocks(blocks, false);
        self.out
            .push_str(if folded { "</details>\n" } else { "</div>\n" });
    }

    fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
        // A table this wide cannot fit a phone's width without breaking
        // words: where a reader cannot scroll it (the EPUB), a narrow screen
        // shows one block per row, each cell under its column's name.
        let wide = header.len() >= WIDE_TABLE_COLUMNS;
        self.out.push_str("<table");
        if wide {
            self.out.push_str(" class=\"wide\"");
        }
        if let Some(style) = self.options.table_style {
            let _ = write!(self.out, " style=\"{}\"", escape(style));
        }
        self.out.push_str(">\n<thead>\n<tr>");
        for (column, inlines) in header.iter().enumerate() {
            self.cell("th", alignments.get(column), None, inlines);
        }
        self.out.push_str("</tr>\n</thead>\n<tbody>\n");
        let labels: Vec<String> = if wide {
            header
                .iter()
                .map(|cell| plain_text(cell).trim().to_owned())
                .collect()
        } else {
            Vec::new()
        };
        for row in rows {
            self.out.push_str("<tr>");
            for (column, inlines) in row.iter().enumerate() {
                let label = labels.get(column).map(String::as_str);
                self.cell("td", alignments.get(column), label, inlines);
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn cell(
        &mut self,
        tag: &str,
        alignment: Option<&Alignment>,
        label: Option<&str>,
        inlines: &[Inline],
    ) {
        let style = match alignment {
            Some(Alignment::Left) => " style=\"text-align: left\"",
            Some(Alignment::Center) => " style=\"text-align: center\"",
            Some(Alignment::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        let _ = write!(self.out, "<{tag}");
        match (self.options.cell_style, style) {
            (Some(cell), "") => {
                let _ = write!(self.out, " style=\"{}\"", escape(cell));
            }
            (Some(cell), align) => {
                // Both in one attribute: `style="…; text-align: …"`.
                let align = align.trim_start_matches(" style=\"").trim_end_matches('"');
                let _ = write!(self.out, " style=\"{}; {align}\"", escape(cell));
            }
            (None, align) => self.out.push_str(align),
        }
        if let Some(label) = label.filter(|l| !l.is_empty()) {
            self.out.push_str(" data-label=\"");
            push_attr(&mut self.out, label);
            self.out.push('"');
        }
        self.out.push('>');
        self.inlines(inlines);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        // Raw tags opened in this sequence are closed at its end, so that
        // `<sub>` without `</sub>` cannot leave the document ill-formed.
        let floor = self.raw_open.len();
        for inline in raw_html::shown_inlines(inlines) {
            self.inline(inline, floor);
        }
        self.close_raw(floor);
    }

    fn close_raw(&mut self, depth: usize) {
        while self.raw_open.len() > depth {
            if let Some(name) = self.raw_open.pop() {
                let _ = write!(self.out, "</{name}>");
            }
        }
    }

    /// One allow-listed raw tag: kept elements are written as our own
    /// attribute-free markup, other elements vanish, non-elements are text.
    fn raw_tag(&mut self, tag: Tag, snippet: &str, floor: usize) {
        match tag {
            Tag::Open("br") => self.out.push_str("<br />"),
            Tag::Open(name) if raw_html::is_kept(name) => {
                let _ = write!(self.out, "<{name}>");
                if snippet.ends_with("/>") {
                    let _ = write!(self.out, "</{name}>");
                } else {
                    self.raw_open.push(name);
                }
            }
            Tag::Close(name) if raw_html::is_kept(name) => {
                if let Some(at) = self.raw_open[floor..].iter().rposition(|n| *n == name) {
                    self.close_raw(floor + at);
                }
            }
            Tag::Text => push_text(&mut self.out, snippet),
            _ => {}
        }
    }

    /// A raw HTML block becomes a paragraph of what it shows: kept phrasing
    /// elements, text, and line breaks where block elements were.
    fn raw_block(&mut self, html: &str) {
        let events = raw_html::block_events(html);
        let shows_text = events.iter().any(|e| match e {
            Event::Text(t) | Event::Tag(Tag::Text, t) => !t.trim().is_empty(),
            _ => false,
        });
        if !shows_text {
            return;
        }
        self.out.push_str("<p class=\"raw-html\">");
        let floor = self.raw_open.len();
        for event in events {
            match event {
                Event::Text(text) => push_text(&mut self.out, text),
                Event::LineEnd => self.out.push_str("<br />\n"),
                Event::Tag(tag, snippet) => self.raw_tag(tag, snippet, floor),
            }
        }
        self.close_raw(floor);
        self.out.push_str("</p>\n");
    }

    fn inline(&mut self, inline: &Inline, floor: usize) {
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
            } if let Some(href) = self.options.links.href(url) => {
                self.out.push_str("<a href=\"");
                push_attr(&mut self.out, &href);
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
            Inline::Math { display, text } => self.math(*display, text),
            Inline::Html { raw: html } => self.raw_tag(Tag::of(html), html, floor),
            Inline::SoftBreak => self.out.push('\n'),
            Inline::LineBreak => self.out.push_str("<br />\n"),
        }
    }

    /// MathML where the target wants it and the formula converts; otherwise
    /// the TeX, between MathJax's delimiters or, for a formula that failed,
    /// in a `math-error` element that shows why on hover.
    fn math(&mut self, display: bool, tex: &str) {
        let kind = if display { "display" } else { "inline" };
        let mathml = match self.options.math {
            MathAs::Tex => {
                let (open, close) = if display {
                    ("\\[", "\\]")
                } else {
                    ("\\(", "\\)")
                };
                let _ = write!(self.out, "<span class=\"math {kind}\">{open}");
                push_text(&mut self.out, tex);
                let _ = write!(self.out, "{close}</span>");
                return;
            }
            MathAs::Text => return push_text(&mut self.out, &crate::math::to_unicode(tex)),
            MathAs::MathMl => crate::math::to_mathml(tex, display),
        };
        match mathml {
            Ok(mathml) => self.out.push_str(&mathml),
            Err(why) => {
                let _ = write!(self.out, "<code class=\"math-error {kind}\" title=\"");
                push_attr(&mut self.out, &format!("not typeset: {why}"));
                self.out.push_str("\">");
                push_text(&mut self.out, tex);
                self.out.push_str("</code>");
            }
        }
    }

    fn wrap(&mut self, tag: &str, inlines: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(inlines);
        let _ = write!(self.out, "</{tag}>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::parse_run;

    fn parse(markdown: &str) -> Vec<Block> {
        parse_run(markdown, 16)
            .blocks
            .into_iter()
            .map(|b| b.block)
            .collect()
    }

    fn render(markdown: &str) -> String {
        super::blocks(&parse(markdown))
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
    fn wide_tables_label_their_cells_and_cell_styles_keep_alignment() {
        let blocks = parse("| A | B | C | D |\n|---|--:|---|---|\n| 1 | 2 | 3 | 4 |\n");
        let html = super::blocks(&blocks);
        assert!(html.starts_with("<table class=\"wide\">"), "{html}");
        assert!(html.contains("<td data-label=\"A\">1</td>"), "{html}");
        let styled = blocks_with(
            &blocks,
            Options {
                cell_style: Some("border: 1px solid"),
                ..Options::default()
            },
        );
        assert!(
            styled.contains("<th style=\"border: 1px solid\">A</th>"),
            "{styled}"
        );
        assert!(
            styled.contains(
                "<td style=\"border: 1px solid; text-align: right\" data-label=\"B\">2</td>"
            ),
            "{styled}"
        );
    }

    #[test]
    fn hostile_markup_is_inert() {
        let html = render(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [c](javascript:alert(1)) [d](JaVaScRiPt:x) ![i](data:image/png;base64,xx) line<br>break\n\n<iframe src=\"https://evil\"></iframe>\n\n<div onclick=\"x()\"><svg onload=alert(1)><text>svg</text></svg>kept <b onmouseover=x>bold</b></div>\n",
        );
        assert_eq!(
            html,
            "<p>Hi  c d i line<br />break</p>\n<p class=\"raw-html\">kept <b>bold</b></p>\n"
        );
    }

    #[test]
    fn raw_phrasing_tags_are_kept_balanced_and_bare() {
        assert_eq!(
            render("H<sub class=x>2</sub>O, <kbd>Ctrl</kbd>, x<sup>2 *and <em>more*\n"),
            "<p>H<sub>2</sub>O, <kbd>Ctrl</kbd>, x<sup>2 <em>and <em>more</em></em></sup></p>\n"
        );
        assert_eq!(render("a </b> b <!-- note -->\n"), "<p>a  b </p>\n");
        assert_eq!(render("<!-- only a comment -->\n"), "");
        assert_eq!(
            render("a <script>alert(1)</script> b <style>p{}</style> c <dfn>d</dfn>\n"),
            "<p>a  b  c d</p>\n"
        );
        assert_eq!(render("List<T> and <div>\n"), "<p>List&lt;T&gt; and </p>\n");
        assert_eq!(
            render("<div>\nline one<br>line two<p>para</p>\n</div>\n"),
            "<p class=\"raw-html\">line one<br />\nline two<br />\npara</p>\n"
        );
    }

    #[test]
    fn links_follow_the_target_policy() {
        let resolve = |anchor: &str| (anchor == "known").then(|| "ch1.xhtml#known".to_string());
        let resolved = Options {
            links: Links::Resolved(&resolve),
            ..Options::default()
        };
        let blocks = parse("[a](#known) [b](#gone) [c](page.html) [d](https://x.y)\n");
        assert_eq!(
            blocks_with(&blocks, resolved),
            "<p><a href=\"ch1.xhtml#known\">a</a> b c <a href=\"https://x.y/\">d</a></p>\n"
        );
        let absolute = Options {
            links: Links::Absolute,
            ..Options::default()
        };
        assert_eq!(
            blocks_with(&blocks, absolute),
            "<p>a b c <a href=\"https://x.y\">d</a></p>\n"
        );
        assert_eq!(
            super::blocks(&blocks),
            "<p><a href=\"#known\">a</a> <a href=\"#gone\">b</a> <a href=\"page.html\">c</a> <a href=\"https://x.y\">d</a></p>\n"
        );
    }
}
