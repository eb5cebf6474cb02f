//! The comrak floor: the least work any tool must do to read a bank, parsing
//! its bytes with comrak once and rendering HTML once, on one thread. qbank's
//! timings are judged against it.
//!
//! Plain CommonMark reads an admonition's body (indented four columns) as an
//! indented code block, which is cheaper than the Markdown inside it, so the
//! bodies are dedented first and their headers kept as paragraphs: comrak then
//! parses every answer as Markdown, as qbank does.

use comrak::{Arena, Options, format_html, parse_document};

/// The extensions qbank parses with, so that both parse the same Markdown.
pub fn options() -> Options<'static> {
    qbank::parse::markdown::options()
}

/// `text` with every admonition body moved to its header's indentation.
pub fn dedent_admonitions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Body indentations of the open admonitions, innermost last.
    let mut open: Vec<usize> = Vec::new();
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if !content.trim().is_empty() {
            while open.last().is_some_and(|&body| indent < body) {
                open.pop();
            }
        }
        let strip = open.last().copied().unwrap_or(0).min(indent);
        out.push_str(&line[strip..]);
        if ["!!! ", "??? ", "???+ "]
            .iter()
            .any(|h| content.starts_with(h))
        {
            open.push(indent + 4);
        }
    }
    out
}

/// Parses and renders one bank's dedented text; returns the HTML's length so
/// that the work cannot be optimised away.
pub fn parse_and_render(dedented: &str, options: &Options) -> usize {
    let arena = Arena::new();
    let root = parse_document(&arena, dedented, options);
    let mut html = String::with_capacity(dedented.len() * 2);
    format_html(root, options, &mut html).expect("writing to a String cannot fail");
    html.len()
}
