//! Line breaking for `RichText`: text is cut into words, runs of spaces and
//! newlines; words go on a line while they fit; a word wider than a whole
//! line is broken between characters (a long URL or identifier is never
//! dropped); a formula is one unbreakable word, already set to fit a line.

use super::look::Fragment;

#[derive(Debug, Default)]
pub struct Line {
    pub fragments: Vec<Fragment>,
    pub width: f64,
}

/// Splits text into words, runs of spaces (and tabs) and newlines.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let end = match first {
            '\n' => 1,
            ' ' | '\t' => rest.find(|c| c != ' ' && c != '\t').unwrap_or(rest.len()),
            _ => rest.find([' ', '\t', '\n']).unwrap_or(rest.len()),
        };
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

pub struct Wrapper {
    pub width: f64,
    pub lines: Vec<Line>,
    pub line: Line,
    /// A space waiting for the next word on the same line.
    pub space: Option<Fragment>,
    /// The fragments of the word being collected (a word may change look midway).
    pub word: Vec<Fragment>,
}

impl Wrapper {
    pub fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn push(&mut self, fragment: Fragment) {
        self.line.width += fragment.width;
        self.line.fragments.push(fragment);
    }

    pub fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width: f64 = word.iter().map(|f| f.width).sum();
        let space = self.space.take();
        let space_width = space.as_ref().map_or(0.0, |s| s.width);
        if self.line.width + space_width + word_width <= self.width {
            if let Some(space) = space {
                self.push(space);
            }
            word.into_iter().for_each(|f| self.push(f));
            return;
        }
        if !self.line.fragments.is_empty() {
            self.end_line();
        }
        if word_width <= self.width {
            word.into_iter().for_each(|f| self.push(f));
            return;
        }
        // Wider than a whole line: break between characters.
        for fragment in word {
            if fragment.math.is_some() {
                // Formulas were set to fit a line; they do not break.
                if self.line.width + fragment.width > self.width && !self.line.fragments.is_empty()
                {
                    self.end_line();
                }
                self.push(fragment);
                continue;
            }
            let face = fragment.look.face();
            let size = f64::from(fragment.look.size);
            let mut part = String::new();
            let mut part_width = 0.0;
            for c in fragment.text.chars() {
                let mut buf = [0; 4];
                let w = face.width(c.encode_utf8(&mut buf), size);
                if self.line.width + part_width + w > self.width
                    && !(part.is_empty() && self.line.fragments.is_empty())
                {
                    if !part.is_empty() {
                        self.push(Fragment {
                            text: std::mem::take(&mut part),
                            width: part_width,
                            ..fragment.clone()
                        });
                    }
                    self.end_line();
                    part_width = 0.0;
                }
                part.push(c);
                part_width += w;
            }
            if !part.is_empty() {
                self.push(Fragment {
                    text: part,
                    width: part_width,
                    ..fragment
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_every_character() {
        let text = "a  long\nword  ";
        let parts: Vec<&str> = tokens(text).collect();
        assert_eq!(parts, ["a", "  ", "long", "\n", "word", "  "]);
        assert_eq!(parts.concat(), text);
    }
}
