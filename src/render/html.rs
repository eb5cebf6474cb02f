//! IR blocks to HTML that is safe and XHTML-compatible: every text escaped,
//! every element closed, raw HTML from the source shown as text (only `<br>`
//! survives), and only `http`, `https`, `mailto` and relative URLs kept as
//! links. Nothing from the content can become a script, an event handler or an
//! external resource other than an `http(s)` image.

use std::fmt::Write;

use crate::ir::{Alignment, Block, Inline};

/// Renders a block sequence.
pub fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    write_blocks(&mut out, blocks, false);
    out
}

/// Renders inlines (a title, a table cell).
pub fn inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    write_inlines(&mut out, inlines);
    out
}

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
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

/// A class name fragment made of safe characters only.
fn class_token(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect()
}

fn write_blocks(out: &mut String, blocks: &[Block], tight: bool) {
    for block in blocks {
        write_block(out, block, tight);
    }
}

fn write_block(out: &mut String, block: &Block, tight: bool) {
    match block {
        Block::Paragraph { inlines } if tight => {
            write_inlines(out, inlines);
            out.push('\n');
        }
        Block::Paragraph { inlines } => {
            out.push_str("<p>");
            write_inlines(out, inlines);
            out.push_str("</p>\n");
        }
        Block::Heading { level, inlines } => {
            let level = (*level).clamp(1, 6);
            let _ = write!(out, "<h{level}>");
            write_inlines(out, inlines);
            let _ = writeln!(out, "</h{level}>");
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
                    let _ = writeln!(out, "<ol start=\"{start}\">");
                }
                _ => {
                    let _ = writeln!(out, "<{tag}>");
                }
            }
            for item in items {
                out.push_str("<li>");
                match item.checked {
                    Some(true) => out.push_str("☑ "),
                    Some(false) => out.push_str("☐ "),
                    None => {}
                }
                write_blocks(out, &item.blocks, *tight);
                out.push_str("</li>\n");
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Table {
            alignments,
            header,
            rows,
        } => write_table(out, alignments, header, rows),
        Block::Code { language, text } => {
            match language
                .as_deref()
                .map(class_token)
                .filter(|l| !l.is_empty())
            {
                Some(lang) => {
                    let _ = write!(out, "<pre><code class=\"language-{lang}\">");
                }
                None => out.push_str("<pre><code>"),
            }
            push_escaped(out, text);
            out.push_str("</code></pre>\n");
        }
        Block::Callout {
            kind,
            title,
            blocks,
            ..
        } => {
            let _ = writeln!(out, "<div class=\"admonition {}\">", class_token(kind));
            if let Some(title) = title {
                out.push_str("<p class=\"admonition-title\">");
                push_escaped(out, title);
                out.push_str("</p>\n");
            }
            write_blocks(out, blocks, false);
            out.push_str("</div>\n");
        }
        Block::Quote { blocks } => {
            out.push_str("<blockquote>\n");
            write_blocks(out, blocks, false);
            out.push_str("</blockquote>\n");
        }
        Block::Html { html } => {
            if !html.trim().is_empty() {
                out.push_str("<pre class=\"raw-html\">");
                push_escaped(out, html.trim_end());
                out.push_str("</pre>\n");
            }
        }
        Block::Rule => out.push_str("<hr />\n"),
    }
}

fn write_table(
    out: &mut String,
    alignments: &[Alignment],
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
) {
    let cell = |out: &mut String, tag: &str, column: usize, inlines: &[Inline]| {
        let style = match alignments.get(column) {
            Some(Alignment::Left) => " style=\"text-align: left\"",
            Some(Alignment::Center) => " style=\"text-align: center\"",
            Some(Alignment::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        let _ = write!(out, "<{tag}{style}>");
        write_inlines(out, inlines);
        let _ = write!(out, "</{tag}>");
    };
    out.push_str("<table>\n<thead>\n<tr>");
    for (column, inlines) in header.iter().enumerate() {
        cell(out, "th", column, inlines);
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (column, inlines) in row.iter().enumerate() {
            cell(out, "td", column, inlines);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn write_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        write_inline(out, inline);
    }
}

fn write_inline(out: &mut String, inline: &Inline) {
    match inline {
        Inline::Text { text } => push_escaped(out, text),
        Inline::Code { text } => {
            out.push_str("<code>");
            push_escaped(out, text);
            out.push_str("</code>");
        }
        Inline::Emphasis { inlines } => wrap(out, "em", inlines),
        Inline::Strong { inlines } => wrap(out, "strong", inlines),
        Inline::Strikethrough { inlines } => wrap(out, "del", inlines),
        Inline::Link {
            url,
            title,
            inlines,
        } if is_safe_url(url) => {
            out.push_str("<a href=\"");
            push_escaped(out, url.trim());
            out.push('"');
            if let Some(title) = title {
                out.push_str(" title=\"");
                push_escaped(out, title);
                out.push('"');
            }
            out.push('>');
            write_inlines(out, inlines);
            out.push_str("</a>");
        }
        Inline::Link { inlines, .. } => write_inlines(out, inlines),
        Inline::Image { url, alt } => {
            let lower = url.trim().to_ascii_lowercase();
            if lower.starts_with("https://") || lower.starts_with("http://") {
                out.push_str("<img src=\"");
                push_escaped(out, url.trim());
                out.push_str("\" alt=\"");
                push_escaped(out, alt);
                out.push_str("\" />");
            } else {
                push_escaped(out, alt);
            }
        }
        Inline::Math { display, text } => {
            let (class, open, close) = if *display {
                ("math display", "\\[", "\\]")
            } else {
                ("math inline", "\\(", "\\)")
            };
            let _ = write!(out, "<span class=\"{class}\">{open}");
            push_escaped(out, text);
            let _ = write!(out, "{close}</span>");
        }
        Inline::Html { html } if is_line_break_tag(html) => out.push_str("<br />"),
        Inline::Html { html } => push_escaped(out, html),
        Inline::SoftBreak => out.push('\n'),
        Inline::LineBreak => out.push_str("<br />\n"),
    }
}

fn wrap(out: &mut String, tag: &str, inlines: &[Inline]) {
    let _ = write!(out, "<{tag}>");
    write_inlines(out, inlines);
    let _ = write!(out, "</{tag}>");
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
        let blocks: Vec<Block> = parse_run(markdown).into_iter().map(|b| b.block).collect();
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
