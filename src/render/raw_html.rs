//! Raw HTML written in the Markdown, through an allow-list. qbank never copies
//! source markup into an output: it recognises a tag's name and then writes
//! its own attribute-free element from a fixed list of harmless phrasing tags
//! (`<sub>`, `<kbd>`, `<br>`...). Other HTML elements are dropped, and script-
//! capable containers (`<script>`, `<iframe>`, `<svg>`...) with all they hold;
//! comments disappear. A "tag" that names no HTML element (`List<T>`,
//! `<user@example.com>`) was meant as text and is shown as text.

use crate::ir::Inline;

/// Phrasing elements kept (without attributes) wherever raw HTML appears.
const KEPT: &[&str] = &[
    "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "strong", "sub", "sup", "u", "var",
];

/// Elements whose whole content is dropped with them: scripts, styles,
/// embedded documents and foreign content.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "applet", "audio", "canvas", "embed", "frame", "frameset", "head", "iframe", "math", "noembed",
    "noframes", "noscript", "object", "script", "select", "style", "svg", "template", "textarea",
    "title", "video",
];

/// Elements that end a line of text where they open or close.
const LINE_BREAKING: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Other HTML element names: dropped, their content kept as text.
const OTHER_ELEMENTS: &[&str] = &[
    // `dfn` may not nest, which an allow-list without a content model
    // cannot promise; its text is kept.
    "dfn",
    "a",
    "area",
    "base",
    "bdo",
    "big",
    "blink",
    "body",
    "button",
    "center",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dialog",
    "fieldset",
    "font",
    "html",
    "img",
    "input",
    "label",
    "legend",
    "link",
    "map",
    "marquee",
    "menu",
    "meta",
    "meter",
    "nobr",
    "optgroup",
    "option",
    "output",
    "param",
    "picture",
    "plaintext",
    "portal",
    "progress",
    "rp",
    "rt",
    "ruby",
    "search",
    "slot",
    "source",
    "span",
    "strike",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "track",
    "tt",
    "wbr",
    "xmp",
];

/// What one raw HTML snippet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `<name ...>`, `<name/>`: `name` is lowercase and from the lists above.
    Open(&'static str),
    /// `</name>`.
    Close(&'static str),
    /// A comment, processing instruction, declaration or CDATA section.
    Ignored,
    /// Not an HTML element: the snippet is text.
    Text,
}

impl Tag {
    /// Reads the tag at the start of `snippet` (comrak gives one per inline node).
    pub fn of(snippet: &str) -> Tag {
        let Some(rest) = snippet.strip_prefix('<') else {
            return Tag::Text;
        };
        if rest.starts_with(['!', '?']) {
            return Tag::Ignored;
        }
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let after = &rest[end..];
        // A name must be followed by white space, `/` or `>` to be a tag:
        // `<user@example.com>` is an autolink's text, not an element.
        if end == 0 || !(after.is_empty() || after.starts_with(['>', '/', ' ', '\t', '\n', '\r'])) {
            return Tag::Text;
        }
        let Some(name) = element(&rest[..end]) else {
            return Tag::Text;
        };
        if closing {
            Tag::Close(name)
        } else {
            Tag::Open(name)
        }
    }
}

fn element(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    [KEPT, DROPPED_WITH_CONTENT, LINE_BREAKING, OTHER_ELEMENTS]
        .into_iter()
        .flat_map(|list| list.iter())
        .find(|known| **known == lower)
        .copied()
}

pub fn is_kept(name: &str) -> bool {
    KEPT.contains(&name)
}

pub fn drops_content(name: &str) -> bool {
    DROPPED_WITH_CONTENT.contains(&name)
}

pub fn breaks_line(name: &str) -> bool {
    LINE_BREAKING.contains(&name)
}

/// A piece of a raw HTML block: text, or a tag (with its text form, for
/// snippets that are not elements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Tag(Tag, &'a str),
}

/// Splits a raw HTML block into text and tags. A `<` that does not start a
/// well-formed tag or comment is text.
pub fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let Some(len) = markup_len(&html[start..]) else {
            at = start + 1;
            continue;
        };
        if text_start < start {
            pieces.push(Piece::Text(&html[text_start..start]));
        }
        let snippet = &html[start..start + len];
        pieces.push(Piece::Tag(Tag::of(snippet), snippet));
        at = start + len;
        text_start = at;
    }
    if text_start < html.len() {
        pieces.push(Piece::Text(&html[text_start..]));
    }
    pieces
}

/// What a raw HTML block shows once the allow-list has been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    Text(&'a str),
    /// A block element ended a line between two pieces of text.
    LineEnd,
    /// A kept element's tag, or a snippet that is text ([`Tag::Text`]).
    Tag(Tag, &'a str),
}

/// A raw HTML block as text, line ends and kept tags: comments, dropped
/// elements and the content of script-capable ones are gone.
pub fn block_events(html: &str) -> Vec<Event<'_>> {
    let mut events = Vec::new();
    let mut dropping = Dropping::default();
    let mut line_ended = false;
    let mut shown_text = false;
    for piece in pieces(html) {
        if let Piece::Tag(tag, snippet) = piece
            && dropping.hides(tag, snippet)
        {
            continue;
        }
        if dropping.active() {
            continue;
        }
        match piece {
            Piece::Tag(Tag::Open(name) | Tag::Close(name), _) if breaks_line(name) => {
                line_ended = true;
            }
            Piece::Tag(tag @ (Tag::Open(name) | Tag::Close(name)), snippet) if is_kept(name) => {
                events.push(Event::Tag(tag, snippet));
            }
            Piece::Tag(Tag::Text, snippet) | Piece::Text(snippet) => {
                let blank = snippet.trim().is_empty();
                let shown_before = shown_text;
                if blank && !shown_text {
                    continue;
                }
                if !blank {
                    if line_ended && shown_text {
                        events.push(Event::LineEnd);
                    }
                    line_ended = false;
                    shown_text = true;
                }
                events.push(match piece {
                    Piece::Text(text) if !shown_before => Event::Text(text.trim_start()),
                    Piece::Text(text) => Event::Text(text),
                    Piece::Tag(_, snippet) => Event::Tag(Tag::Text, snippet),
                });
            }
            Piece::Tag(_, _) => {}
        }
    }
    // Trailing white space would only pad the paragraph.
    while let Some(Event::Text(text)) = events.last_mut() {
        *text = text.trim_end();
        if !text.is_empty() {
            break;
        }
        events.pop();
    }
    events
}

/// The text a raw HTML block shows, for targets without markup (a PDF):
/// lines end where block elements did; blank when nothing is shown.
pub fn block_text(html: &str) -> String {
    let mut text = String::new();
    for event in block_events(html) {
        match event {
            Event::Text(t) | Event::Tag(Tag::Text, t) => text.push_str(t),
            Event::LineEnd => text.push('\n'),
            Event::Tag(..) => {}
        }
    }
    text.trim().to_string()
}

/// The text a plain-text field shows (a title, a tag) when it holds markup:
/// elements removed, the content of script-capable ones too, and what is not
/// an element (`List<T>`) kept. Targets without markup (a PDF) print this, so
/// that they show what an HTML page shows, never the markup itself.
pub fn visible_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('<') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len());
    let mut dropping = Dropping::default();
    for piece in pieces(text) {
        let part = match piece {
            Piece::Text(text) => text,
            Piece::Tag(tag, snippet) if dropping.hides(tag, snippet) => continue,
            // A tag is never shown; a "tag" that is text is.
            Piece::Tag(Tag::Text, snippet) => snippet,
            Piece::Tag(..) => "",
        };
        if !dropping.active() {
            shown.push_str(part);
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// The inlines of a sequence that show: a script-capable element written as
/// raw inline HTML (`<script>`, `<style>`...) goes with everything up to its
/// end tag in the same sequence, as in a browser. Every renderer of inlines
/// goes through this.
pub fn shown_inlines(inlines: &[Inline]) -> impl Iterator<Item = &Inline> {
    let mut dropping = Dropping::default();
    inlines.iter().filter(move |inline| {
        if let Inline::Html { raw } = inline
            && dropping.hides(Tag::of(raw), raw)
        {
            return false;
        }
        !dropping.active()
    })
}

/// Tracks a script-capable element (`<script>`, `<style>`, `<svg>`...) opened
/// in a run of raw HTML, whose content is dropped up to its end tag.
#[derive(Debug, Default)]
struct Dropping {
    inside: Option<&'static str>,
}

impl Dropping {
    /// Whether `tag` opens or closes the dropped element; updates the state.
    fn hides(&mut self, tag: Tag, snippet: &str) -> bool {
        match (self.inside, tag) {
            (Some(name), Tag::Close(closed)) if closed == name => {
                self.inside = None;
                true
            }
            (None, Tag::Open(name)) if drops_content(name) && !snippet.ends_with("/>") => {
                self.inside = Some(name);
                true
            }
            _ => false,
        }
    }

    /// Whether what comes now is inside a dropped element.
    fn active(&self) -> bool {
        self.inside.is_some()
    }
}

/// The text an inline raw HTML snippet shows: itself when it is not an
/// element (`<T>`), else nothing.
pub fn inline_text(snippet: &str) -> &str {
    match Tag::of(snippet) {
        Tag::Text => snippet,
        _ => "",
    }
}

/// The length of the comment or tag at the start of `text`, if it is one.
fn markup_len(text: &str) -> Option<usize> {
    if let Some(body) = text.strip_prefix("<!--") {
        // An unclosed comment runs to the end, as in a browser.
        return Some(body.find("-->").map_or(text.len(), |end| 4 + end + 3));
    }
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if i > 1 => quote = Some(c),
            (None, '>') => return Some(i + 1),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_is_what_a_page_shows() {
        assert_eq!(visible_text("List<T> and <b>bold</b>"), "List<T> and bold");
        assert_eq!(
            visible_text("Hostile <script>alert('x')</script><svg onload=x()><a>y</a></svg>!"),
            "Hostile !"
        );
        assert_eq!(visible_text("<b onmouseover=alert(1)>"), "");
        assert!(matches!(
            visible_text("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn tags_are_recognised_by_name_only() {
        assert_eq!(Tag::of("<sub>"), Tag::Open("sub"));
        assert_eq!(Tag::of("<SUP class='x'>"), Tag::Open("sup"));
        assert_eq!(Tag::of("</Sub >"), Tag::Close("sub"));
        assert_eq!(Tag::of("<br/>"), Tag::Open("br"));
        assert_eq!(Tag::of("<img src=x onerror=alert(1)>"), Tag::Open("img"));
        assert_eq!(Tag::of("<!-- note -->"), Tag::Ignored);
        assert_eq!(Tag::of("<T>"), Tag::Text);
        assert_eq!(Tag::of("<user@example.com>"), Tag::Text);
        assert_eq!(Tag::of("<MyClass object at 0x10>"), Tag::Text);
    }

    #[test]
    fn blocks_split_into_text_and_tags() {
        let html = "<div onclick=\"a>b\">Hi <b>x</b> 1 < 2 <!-- c --></div>";
        let shape: Vec<String> = pieces(html)
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T:{t}"),
                Piece::Tag(tag, _) => format!("{tag:?}"),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "Open(\"div\")",
                "T:Hi ",
                "Open(\"b\")",
                "T:x",
                "Close(\"b\")",
                "T: 1 < 2 ",
                "Ignored",
                "Close(\"div\")"
            ]
        );
    }

    #[test]
    fn blocks_show_their_text_without_what_was_dropped() {
        assert_eq!(
            block_text(
                "<div>\n<script>alert(1)</script><p>One <b>two</b></p><p>three</p><!-- x --></div>"
            ),
            "One two\nthree"
        );
        assert_eq!(block_text("<!-- a -->\n<!-- b -->\n"), "");
        assert_eq!(block_text("<svg/>after"), "after");
        assert_eq!(inline_text("<T>"), "<T>");
        assert_eq!(inline_text("<b>"), "");
    }

    #[test]
    fn every_list_holds_lowercase_names_once() {
        let all: Vec<&str> = [KEPT, DROPPED_WITH_CONTENT, LINE_BREAKING, OTHER_ELEMENTS]
            .concat()
            .to_vec();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        assert!(all.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        }));
    }
}
