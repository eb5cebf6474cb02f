//! The line-level grammar the outline reads before any Markdown parsing:
//! admonition headers (`!!! kind "title"`, `???`, `???+`), code fences as
//! CommonMark opens and closes them, thematic breaks, list markers, and
//! indentation counted in columns (tabs stop at multiples of 4).

use crate::ir::CalloutDisplay;

/// The parsed header line of an admonition.
#[derive(Debug, PartialEq, Eq)]
pub struct Header {
    pub kind: String,
    pub title: Option<String>,
    pub display: CalloutDisplay,
}

impl Header {
    /// `!!! tip "Title"` as messages show it.
    pub fn describe(&self) -> String {
        let marker = match self.display {
            CalloutDisplay::Static => "!!!",
            CalloutDisplay::Collapsed => "???",
            CalloutDisplay::Expanded => "???+",
        };
        match &self.title {
            Some(title) => format!("`{marker} {} \"{title}\"`", self.kind),
            None => format!("`{marker} {}`", self.kind),
        }
    }

    /// `!!! tip "Title"`, `??? success`, `???+ note inline end "T"`, `!!! note ""`.
    pub fn parse(line: &str) -> Option<Header> {
        let (display, rest) = if let Some(rest) = line.strip_prefix("???+") {
            (CalloutDisplay::Expanded, rest)
        } else if let Some(rest) = line.strip_prefix("???") {
            (CalloutDisplay::Collapsed, rest)
        } else {
            (CalloutDisplay::Static, line.strip_prefix("!!!")?)
        };
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let rest = rest.trim();
        let (classes, title) = match rest.find('"') {
            Some(quote) => {
                let quoted = rest[quote + 1..].trim_end();
                let title = quoted.strip_suffix('"')?;
                (&rest[..quote], Some(title.trim().to_owned()))
            }
            None => (rest, None),
        };
        let kind = classes.split_whitespace().next()?;
        if !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return None;
        }
        Some(Header {
            kind: kind.to_ascii_lowercase(),
            // MkDocs hides the title bar for `""`; there is no title to keep.
            title: title.filter(|t| !t.is_empty()),
            display,
        })
    }
}

/// An open fenced code block, as CommonMark defines it.
pub(crate) struct Fence {
    marker: char,
    len: usize,
}

impl Fence {
    pub(crate) fn opened_by(line: &str) -> Option<Fence> {
        let body = line.trim_start_matches(' ');
        if line.len() - body.len() > 3 {
            return None;
        }
        let marker = body.chars().next().filter(|&c| c == '`' || c == '~')?;
        let len = body.chars().take_while(|&c| c == marker).count();
        // A backtick fence's info string may not contain backticks.
        if len < 3 || (marker == '`' && body[len..].contains('`')) {
            return None;
        }
        Some(Fence { marker, len })
    }

    /// The mark and length of the fence, for matching closers.
    pub(crate) fn shape(&self) -> (char, usize) {
        (self.marker, self.len)
    }

    /// The mark and length of the fence `line` could close: marks only,
    /// indented at most 3 spaces.
    pub(crate) fn closer(line: &str) -> Option<(char, usize)> {
        let body = line.trim_start_matches(' ');
        let marker = body.chars().next().filter(|&c| c == '`' || c == '~')?;
        let len = body.chars().take_while(|&c| c == marker).count();
        let closes = Fence { marker, len: 3 };
        (len >= 3 && closes.is_closed_by(line)).then_some((marker, len))
    }

    pub(crate) fn is_closed_by(&self, line: &str) -> bool {
        let body = line.trim_start_matches(' ');
        if line.len() - body.len() > 3 {
            return false;
        }
        let len = body.chars().take_while(|&c| c == self.marker).count();
        len >= self.len && body[len * self.marker.len_utf8()..].trim().is_empty()
    }
}

/// A thematic break: three or more `-`, `*` or `_`, spaces allowed between.
pub(crate) fn is_rule(line: &str) -> bool {
    let chars: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && matches!(chars[0], '-' | '*' | '_') && chars.iter().all(|&c| c == chars[0])
}

/// A bullet or ordered list item marker at the start of `line`.
pub fn is_list_marker(line: &str) -> bool {
    let bullet = line.starts_with(['-', '*', '+']) && line[1..].starts_with([' ', '\t']);
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let ordered = digits > 0 && line[digits..].starts_with(['.', ')']);
    bullet || ordered
}

/// Columns of leading white space, tabs stopping at multiples of 4.
pub fn leading_columns(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// `line` without its first `columns` columns of white space (fewer if it has fewer).
pub fn strip_columns(line: &str, columns: usize) -> &str {
    let mut seen = 0;
    for (i, c) in line.char_indices() {
        if seen >= columns {
            return &line[i..];
        }
        match c {
            ' ' => seen += 1,
            '\t' => seen += 4 - seen % 4,
            _ => return &line[i..],
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        let h = Header::parse("??? success \"View Answer\" ").unwrap();
        assert_eq!(
            (h.kind.as_str(), h.title.as_deref()),
            ("success", Some("View Answer"))
        );
        assert_eq!(h.display, CalloutDisplay::Collapsed);
        let h = Header::parse("???+ note inline end").unwrap();
        assert_eq!((h.kind.as_str(), h.title), ("note", None));
        assert_eq!(h.display, CalloutDisplay::Expanded);
        assert_eq!(Header::parse("!!! tip \"\"").unwrap().title, None);
        assert_eq!(Header::parse("!!!tip"), None);
        assert_eq!(Header::parse("!!! tip \"unclosed"), None);
        assert_eq!(Header::parse("Wow!!! great"), None);
    }

    #[test]
    fn strip_columns_handles_tabs_and_short_lines() {
        assert_eq!(strip_columns("\tcode", 4), "code");
        assert_eq!(strip_columns("  x", 4), "x");
        assert_eq!(strip_columns("      x", 4), "  x");
        assert_eq!(strip_columns("", 4), "");
        assert_eq!(leading_columns(" \tx"), 4);
    }
}
