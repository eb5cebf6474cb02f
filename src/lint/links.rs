//! Offline link rules: malformed targets, in-page anchors that match no
//! heading, relative links to files that do not exist. Online checks (dead
//! links, http that could be https) live in `online.rs`.

use std::path::Path;

use crate::diag::Finding;
use crate::parse::Parsed;
use crate::rules::{self, Rule};

/// How a link target is to be checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// `#anchor` in the same page.
    Anchor(&'a str),
    /// A path relative to the Markdown file (fragment and query removed).
    File(&'a str),
    /// An absolute `http(s)` URL.
    Web(url::Url),
    /// Another scheme (`mailto:`), not checked.
    Other,
    Malformed(String),
}

pub fn classify(url: &str) -> Target<'_> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Target::Malformed("empty link target".to_owned());
    }
    if let Some(anchor) = trimmed.strip_prefix('#') {
        return Target::Anchor(anchor);
    }
    let absolute = if trimmed.starts_with("//") {
        format!("https:{trimmed}")
    } else {
        trimmed.to_owned()
    };
    match url::Url::parse(&absolute) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            if parsed.host_str().is_none_or(str::is_empty) {
                Target::Malformed(format!("`{trimmed}` has no host"))
            } else {
                Target::Web(parsed)
            }
        }
        Ok(_) => Target::Other,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let path = trimmed.split(['#', '?']).next().unwrap_or("");
            if path.is_empty() {
                Target::Other
            } else {
                Target::File(path)
            }
        }
        Err(err) => Target::Malformed(format!("`{trimmed}` is not a valid URL: {err}")),
    }
}

/// Runs the offline link rules for the document read from `file`.
pub fn check(file: &Path, parsed: &Parsed, out: &mut Vec<Finding>) {
    let dir = file.parent().unwrap_or(Path::new("."));
    for link in &parsed.links {
        let finding = |rule: &'static Rule, message: String| {
            Finding::new(rule, link.line, message).at_column(link.column)
        };
        match classify(&link.url) {
            Target::Malformed(message) => out.push(finding(&rules::LINK_MALFORMED, message)),
            Target::Anchor(anchor) => {
                let anchor = percent_decode(anchor);
                if !anchor.is_empty() && !parsed.anchors.contains(&anchor) {
                    out.push(finding(
                        &rules::LINK_ANCHOR,
                        format!("no heading on this page has the anchor `#{anchor}`"),
                    ));
                }
            }
            Target::File(path) => {
                let decoded = percent_decode(path);
                let target = if let Some(rooted) = decoded.strip_prefix('/') {
                    dir.join(rooted)
                } else {
                    dir.join(&decoded)
                };
                if !target.exists() {
                    out.push(finding(
                        &rules::LINK_FILE,
                        format!("`{path}` does not exist (relative to {})", dir.display()),
                    ));
                }
            }
            Target::Web(_) | Target::Other => {}
        }
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_targets() {
        assert_eq!(classify("#gil"), Target::Anchor("gil"));
        assert_eq!(classify("../other.md#x"), Target::File("../other.md"));
        assert_eq!(classify("img/a.png?raw=1"), Target::File("img/a.png"));
        assert!(matches!(classify("https://a.b/c"), Target::Web(_)));
        assert!(matches!(classify("//cdn.b/c"), Target::Web(_)));
        assert_eq!(classify("mailto:x@y"), Target::Other);
        assert!(matches!(classify(""), Target::Malformed(_)));
        assert!(matches!(classify("http://"), Target::Malformed(_)));
        assert!(matches!(
            classify("https://exa mple.com"),
            Target::Malformed(_)
        ));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b+c"), "a b+c");
    }
}
