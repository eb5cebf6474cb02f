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

/// Bytes that may start a replacement: [`IN_TEXT`] everywhere, [`IN_ATTRIBUTE`]
/// in attribute values only. Control characters but tab, newline and carriage
/// return are forbidden in XML 1.0, as are U+FFFE and U+FFFF (lead byte 0xEF).
const SPECIAL: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = IN_TEXT;
        byte += 1;
    }
    table[b'\t' as usize] = 0;
    table[b'\n' as usize] = 0;
    table[b'\r' as usize] = 0;
    table[b'&' as usize] = IN_TEXT;
    table[b'<' as usize] = IN_TEXT;
    table[b'>' as usize] = IN_TEXT;
    table[0xEF] = IN_TEXT;
    table[b'"' as usize] = IN_ATTRIBUTE;
    table[b'\'' as usize] = IN_ATTRIBUTE;
    table
};
const IN_TEXT: u8 = 1;
const IN_ATTRIBUTE: u8 = 2;

fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    // Most text needs no escaping: copy the runs between special bytes whole.
    // Every special byte is ASCII or a lead byte, so slicing at one keeps
    // UTF-8 boundaries.
    let mask = if attribute {
        IN_TEXT | IN_ATTRIBUTE
    } else {
        IN_TEXT
    };
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        if SPECIAL[bytes[i] as usize] & mask == 0 {
            i += 1;
            continue;
        }
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0xEF => match bytes.get(i + 1..i + 3) {
                Some([0xBF, 0xBE | 0xBF]) => ("\u{fffd}", 3),
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => ("\u{fffd}", 1),
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += width;
        copied = i;
    }
    out.push_str(&text[copied..]);
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
        assert_eq!(escape_text("é\u{fffe}ï¿\u{fffd}→"), "é\u{fffd}ï¿\u{fffd}→");
        assert_eq!(escape_text("x\u{0}y\r"), "x\u{fffd}y\r");
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
