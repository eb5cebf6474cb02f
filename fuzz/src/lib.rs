//! What the fuzz targets share: bytes to a parsed document the way the CLI
//! does it, one backend's render, and the checks every output must pass.

use qbank::export::Selection;
use qbank::parse::{Parsed, parse_with_depth};
use qbank::source::Source;

/// Reads and parses `bytes` as the file `fuzz.md`, within the default limits.
/// None when the read stage rejects them (invalid UTF-8, too large).
pub fn parse(bytes: &[u8]) -> Option<Parsed> {
    let limits = qbank::limits::Limits::default();
    if bytes.len() as u64 > limits.max_file_size {
        return None;
    }
    let src = Source::from_bytes("fuzz.md", bytes).ok()?;
    Some(parse_with_depth(&src, limits.max_depth))
}

/// Renders `bytes` through the backend called `format`. A render may fail with
/// an error (that is a result); it must not panic.
pub fn render(format: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let parsed = parse(bytes)?;
    let backend = qbank::export::by_name(format).expect("a registered backend");
    let rendered = backend
        .render(&parsed.document, &Selection::default())
        .ok()?;
    Some(rendered.bytes)
}

/// Elements that could run code or load a document.
const LIVE: &[&str] = &[
    "script", "iframe", "object", "embed", "svg", "math", "form", "frame", "frameset", "base",
    "template", "noscript", "applet",
];

/// Panics when `html` holds a script-capable element, an event handler or a
/// script or data URL in a tag qbank wrote. A quick scanner, not a parser (the
/// test suite parses with html5ever): qbank escapes every `<` and `>` of text
/// and attribute values, so each real tag runs from a `<` and a letter to the
/// next `>`. `<style>`, `<meta>` and `<link>` are allowed in the head only.
pub fn assert_inert(html: &str, what: &str) {
    let head_end = html.find("</head>").unwrap_or(0);
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found + 1;
        let rest = &html[start..];
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let end = rest.find('>').map_or(html.len(), |e| start + e);
        at = end.min(html.len());
        if name_len == 0 {
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let tag = html[start + name_len..end].to_ascii_lowercase();
        let in_head = start < head_end;
        assert!(
            !LIVE.contains(&name.as_str()),
            "{what}: live <{name}> at byte {start}"
        );
        assert!(
            in_head || !matches!(name.as_str(), "style" | "meta" | "link"),
            "{what}: <{name}> outside the head at byte {start}"
        );
        for (attribute, value) in attributes(&tag) {
            assert!(
                !attribute.starts_with("on"),
                "{what}: <{name} {attribute}=>"
            );
            if matches!(attribute, "href" | "src" | "action" | "formaction") {
                let value = value.trim();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !value.starts_with(scheme),
                        "{what}: <{name} {attribute}={value}>"
                    );
                }
            }
        }
    }
}

/// The `name=value` attributes of a tag's text (after its name), quotes honoured.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim_end();
        let name = &name[name
            .rfind(|c: char| c.is_ascii_whitespace())
            .map_or(0, |i| i + 1)..];
        let after = rest[eq + 1..].trim_start();
        let (value, tail) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &after[1..];
                let close = body.find(quote).unwrap_or(body.len());
                (&body[..close], &body[(close + 1).min(body.len())..])
            }
            _ => {
                let end = after
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        found.push((name, value));
        rest = tail;
    }
    found
}
