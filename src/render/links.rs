//! Which links a target keeps: the policy each output applies to the URLs in
//! a bank (as written, absolute only, none, or resolved to the output's own
//! anchors), and the normalisation that makes a URL valid where a strict
//! reader (epubcheck) checks it.

use std::borrow::Cow;

use super::escape::{is_absolute, is_safe_url};
use super::html::Options;

/// Maps an in-document anchor to the href that reaches it in an output.
pub trait Resolve {
    /// `None`: no element of the output has that id.
    fn href(&self, anchor: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> Resolve for F {
    fn href(&self, anchor: &str) -> Option<String> {
        self(anchor)
    }
}

/// Which links a target can follow.
#[derive(Clone, Copy)]
pub enum Links<'a> {
    /// Safe links as written, relative ones included (the JSON `html` fields,
    /// whose readers know where the bank lives).
    AsWritten,
    /// Absolute links only: a relative one cannot resolve (an Anki card, a PDF).
    Absolute,
    /// No links: labels only, for text that is itself inside a link (a
    /// contents entry).
    Never,
    /// Absolute links (normalised to valid URIs, as an EPUB requires), and
    /// in-document `#anchor` links that `resolve` maps to an href (`None`: no
    /// such anchor in the output, so the label is text).
    Resolved(&'a dyn Resolve),
}

impl Links<'_> {
    /// The href of a link to `url`, or `None` when only its label is shown.
    pub fn href<'u>(&self, url: &'u str) -> Option<Cow<'u, str>> {
        let url = url.trim();
        if !is_safe_url(url) {
            return None;
        }
        match self {
            Links::AsWritten => Some(Cow::Borrowed(url)),
            Links::Never => None,
            Links::Absolute if is_absolute(url) => Some(Cow::Borrowed(url)),
            Links::Absolute => None,
            Links::Resolved(_) if is_absolute(url) => normalised(url).map(Cow::Owned),
            Links::Resolved(resolve) => url
                .strip_prefix('#')
                .and_then(|anchor| resolve.href(anchor))
                .map(Cow::Owned),
        }
    }
}

/// True when `url` becomes a link under `options`; otherwise only its label
/// is shown.
pub fn is_linkable(url: &str, options: Options<'_>) -> bool {
    options.links.href(url).is_some()
}

/// `url` as a valid URI: parsed and written again (hosts in punycode), then
/// every character RFC 3986 does not allow after the host percent-encoded,
/// including a `%` that starts no escape and a second `#`. `None` when it
/// does not parse.
pub fn normalised(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let text = parsed.as_str();
    let (head, rest) = text.split_at(parsed[..url::Position::AfterPort].len());
    let mut out = String::with_capacity(text.len());
    out.push_str(head);
    let mut in_fragment = false;
    for (i, c) in rest.char_indices() {
        let escapes = rest.as_bytes().get(i + 1..i + 3);
        match c {
            '%' if escapes.is_some_and(|e| e.iter().all(u8::is_ascii_hexdigit)) => out.push(c),
            '#' if !in_fragment => {
                in_fragment = true;
                out.push(c);
            }
            c if c.is_ascii_alphanumeric() || "-._~:/?@!$&'()*+,;=".contains(c) => out.push(c),
            c => {
                for byte in c.to_string().bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_normalised_to_valid_uris() {
        for (written, valid) in [
            ("https://example.com/a b", "https://example.com/a%20b"),
            ("https://example.com/%zz%41", "https://example.com/%25zz%41"),
            ("https://example.com\\evil", "https://example.com/evil"),
            ("https://x.y/#a#b", "https://x.y/#a%23b"),
            (
                "https://x.y/a{b}|c^d[1]",
                "https://x.y/a%7Bb%7D%7Cc%5Ed%5B1%5D",
            ),
            ("https://bücher.example/", "https://xn--bcher-kva.example/"),
            ("mailto:a@b.example", "mailto:a@b.example"),
        ] {
            assert_eq!(normalised(written).as_deref(), Some(valid), "{written}");
        }
    }
}
