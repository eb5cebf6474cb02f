//! Escaping text for XML and HTML, and deciding which URLs are safe to follow.
//! Every character of content that reaches markup goes through here.

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

pub fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

pub fn push_attr(out: &mut String, text: &str) {
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
            c if is_forbidden_in_xml(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

fn is_forbidden_in_xml(c: char) -> bool {
    let code = c as u32;
    (code < 0x20 && !matches!(c, '\n' | '\t' | '\r')) || matches!(code, 0xFFFE | 0xFFFF)
}

/// True for URLs a reader can follow safely: http(s), mailto, or relative.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    if url.chars().any(char::is_control) {
        return false;
    }
    let scheme_end = url.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end {
        Some(end) if url[end..].starts_with(':') && end > 0 => {
            let scheme = url[..end].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// True for a URL with a scheme (`https:`, `mailto:`).
pub fn is_absolute(url: &str) -> bool {
    url::Url::parse(url.trim()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_characters_xml_forbids() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape_text("\"q\" <\u{1}>"), "\"q\" &lt;\u{fffd}&gt;");
        assert_eq!(escape_text("\u{ffff}\t\n"), "\u{fffd}\t\n");
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
