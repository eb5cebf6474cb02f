//! TeX → readable Unicode text, for places that hold only text: `\alpha` →
//! α, `x^2` → x², `\frac{a}{b}` → a/b, `\sqrt{n}` → √n, `\mathbb{R}` → ℝ,
//! `\text{if}` → if. Not a TeX engine: a tolerant walk over the formula that
//! never fails. Scripts Unicode has no character for are written `^(…)` and
//! `_(…)`; an unknown command is written as its name.

use std::iter::Peekable;
use std::str::Chars;

use super::symbols::{
    FUNCTIONS, SPACED, STRUCTURE, SUBSCRIPTS, SUPERSCRIPTS, double_struck, punctuation, symbol,
};
use super::{MAX_DEPTH, depth};

/// `tex` as one line of readable text; `tex` itself when it nests too deeply.
pub fn to_unicode(tex: &str) -> String {
    if depth(tex) > MAX_DEPTH {
        return tex.to_owned();
    }
    let mut walker = Walker {
        chars: tex.chars().peekable(),
    };
    let text = walker.sequence(None);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `name` is a command this module knows: the double-escape check
/// in lint uses it to tell `\\frac` from a line break before a variable.
pub(super) fn is_command(name: &str) -> bool {
    symbol(name).is_some() || FUNCTIONS.contains(&name) || STRUCTURE.contains(&name)
}

struct Walker<'a> {
    chars: Peekable<Chars<'a>>,
}

impl Walker<'_> {
    /// Atoms up to `close` (consumed) or the end.
    fn sequence(&mut self, close: Option<char>) -> String {
        let mut out = String::new();
        let mut after_word = false;
        while let Some(&c) = self.chars.peek() {
            if Some(c) == close {
                self.chars.next();
                break;
            }
            let atom = self.atom();
            if atom.trim().is_empty() {
                out.push_str(&atom);
                continue;
            }
            // `\log n`, `n \log`: a word keeps its distance from a letter.
            let is_word =
                c == '\\' && atom.chars().count() > 1 && atom.chars().all(char::is_alphabetic);
            // `^b`, a script Unicode has no character for, ends like a word.
            let is_script = matches!(c, '^' | '_') && atom.starts_with(['^', '_']);
            let touches = out.chars().last().is_some_and(char::is_alphanumeric)
                && atom.chars().next().is_some_and(char::is_alphanumeric);
            if (is_word || after_word) && touches {
                out.push(' ');
            }
            after_word = is_word || is_script;
            if atom.chars().count() == 1 && SPACED.contains(atom.as_str()) {
                out.push(' ');
                out.push_str(&atom);
                out.push(' ');
            } else {
                out.push_str(&atom);
            }
        }
        out
    }

    fn atom(&mut self) -> String {
        let Some(c) = self.chars.next() else {
            return String::new();
        };
        match c {
            '\\' => self.command(),
            '{' => self.sequence(Some('}')),
            '^' => self.script(SUPERSCRIPTS, '^'),
            '_' => self.script(SUBSCRIPTS, '_'),
            '~' | '&' => " ".into(),
            ',' => ", ".into(),
            c if c.is_whitespace() => String::new(),
            c => c.to_string(),
        }
    }

    /// The command after a backslash, with its arguments.
    fn command(&mut self) -> String {
        let mut name = String::new();
        while let Some(&c) = self.chars.peek().filter(|c| c.is_ascii_alphabetic()) {
            name.push(c);
            self.chars.next();
        }
        if name.is_empty() {
            return self.chars.next().map(punctuation).unwrap_or("").into();
        }
        if let Some(symbol) = symbol(&name) {
            return symbol.into();
        }
        match name.as_str() {
            "text" | "textrm" | "textit" | "textbf" | "mbox" | "operatorname" => self.literal(),
            "mathrm" | "mathbf" | "mathit" | "mathsf" | "mathtt" | "mathcal" | "boldsymbol"
            | "underbrace" | "overbrace" | "boxed" => self.argument(),
            "mathbb" => self.argument().chars().map(double_struck).collect(),
            "frac" | "dfrac" | "tfrac" => {
                let (top, bottom) = (self.argument(), self.argument());
                format!("{}/{}", parenthesised(top), parenthesised(bottom))
            }
            "binom" => format!("C({}, {})", self.argument(), self.argument()),
            "sqrt" => self.root(),
            "hat" => self.accent('\u{302}'),
            "bar" | "overline" => self.accent('\u{304}'),
            "tilde" => self.accent('\u{303}'),
            "vec" => self.accent('\u{20D7}'),
            "dot" => self.accent('\u{307}'),
            "left" | "right" | "big" | "Big" | "bigl" | "bigr" | "Bigl" | "Bigr" | "middle" => {
                self.delimiter()
            }
            "xrightarrow" => format!(" →{} ", self.script(SUPERSCRIPTS, '^')),
            "begin" | "end" => {
                self.literal();
                String::new()
            }
            "displaystyle" | "textstyle" | "limits" | "nolimits" => String::new(),
            // Operator names and unknown commands: the name.
            _ => name,
        }
    }

    fn skip_spaces(&mut self) {
        while self.chars.next_if(|c| c.is_whitespace()).is_some() {}
    }

    /// One argument: a `{group}` or a single atom.
    fn argument(&mut self) -> String {
        self.skip_spaces();
        if self.chars.next_if_eq(&'{').is_some() {
            self.sequence(Some('}'))
        } else {
            self.atom()
        }
    }

    /// A text-mode argument, as written (`\text{# of}` → `# of`).
    fn literal(&mut self) -> String {
        self.skip_spaces();
        if self.chars.next_if_eq(&'{').is_none() {
            return self.chars.next().map(String::from).unwrap_or_default();
        }
        let (mut out, mut open) = (String::new(), 1);
        while let Some(c) = self.chars.next() {
            match c {
                '{' => open += 1,
                '}' => {
                    open -= 1;
                    if open == 0 {
                        break;
                    }
                }
                '\\' => {
                    out.extend(self.chars.next());
                    continue;
                }
                _ => {}
            }
            out.push(c);
        }
        out
    }

    /// `^…` or `_…`: in script characters when Unicode has them all.
    fn script(&mut self, table: &[(char, char)], mark: char) -> String {
        let argument: String = self.argument().split_whitespace().collect();
        let mapped: Option<String> = argument
            .chars()
            .map(|c| table.iter().find(|(from, _)| *from == c).map(|(_, to)| *to))
            .collect();
        match mapped {
            Some(script) if !argument.is_empty() => script,
            _ if argument.chars().count() == 1 => format!("{mark}{argument}"),
            _ => format!("{mark}({argument})"),
        }
    }

    fn root(&mut self) -> String {
        self.skip_spaces();
        let index = match self.chars.next_if_eq(&'[') {
            Some(_) => self.sequence(Some(']')),
            None => String::new(),
        };
        let sign = match index.as_str() {
            "3" => "∛",
            "4" => "∜",
            _ => "√",
        };
        let radicand = self.argument();
        // √n and √2, but √(2π): a root covers more than one symbol.
        let single = radicand.chars().filter(|c| !is_mark(*c)).count() <= 1
            || radicand.chars().all(|c| c.is_ascii_digit());
        match single {
            true => format!("{sign}{radicand}"),
            false => format!("{sign}({radicand})"),
        }
    }

    fn accent(&mut self, mark: char) -> String {
        let mut base = self.argument();
        base.push(mark);
        base
    }

    /// The delimiter after `\left` and its kin; `.` is none.
    fn delimiter(&mut self) -> String {
        self.skip_spaces();
        match self.chars.next() {
            Some('.') | None => String::new(),
            Some('\\') => self.command(),
            Some(c) => c.to_string(),
        }
    }
}

/// `a+b` → `(a+b)`, so that `\frac{a+b}{2}` reads (a+b)/2; a word, `n!`,
/// `√n`, `x̄` or a call such as `P(B)` stays bare.
fn parenthesised(text: String) -> String {
    let bare = |c: char| c.is_alphanumeric() || "√∛∜′!".contains(c) || is_mark(c);
    if text.chars().count() <= 1 || text.chars().all(bare) || is_call(&text) {
        text
    } else {
        format!("({text})")
    }
}

/// A combining accent or a sub- or superscript character.
fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
        || c == '\u{20D7}'
        || SUPERSCRIPTS
            .iter()
            .chain(SUBSCRIPTS)
            .any(|(_, to)| *to == c)
}

/// `P(A∩B)`: a name and one bracketed group that runs to the end.
fn is_call(text: &str) -> bool {
    let Some(open) = text.find('(') else {
        return false;
    };
    let name = &text[..open];
    if name.is_empty() || !name.chars().all(char::is_alphanumeric) || !text.ends_with(')') {
        return false;
    }
    let mut depth = 0;
    for (at, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return open + at + 1 == text.len();
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::to_unicode;

    #[track_caller]
    fn reads(tex: &str, text: &str) {
        assert_eq!(to_unicode(tex), text, "{tex}");
    }

    #[test]
    fn greek_letters() {
        reads(r"\alpha + \beta", "α+β");
        reads(r"\Sigma \sigma^2", "Σσ²");
    }

    #[test]
    fn scripts() {
        reads("x^2 + y_i", "x²+yᵢ");
        reads("e^{x+1}", "eˣ⁺¹");
        reads("x_{ij}", "xᵢⱼ");
        reads("A^{-1}", "A⁻¹");
        reads("Q K^T", "QKᵀ");
        reads("w_{\\theta}", "w_θ");
        reads("x^{ab}", "x^(ab)");
        reads(r"\sum_{i = 1}^n x_i", "∑ᵢ₌₁ⁿxᵢ");
        reads(r"\int_a^b f(x) dx", "∫ₐ^b f(x)dx");
    }

    #[test]
    fn fractions_and_roots() {
        reads(r"\frac{a}{b}", "a/b");
        reads(r"\frac{a+b}{2}", "(a+b)/2");
        reads(r"\sqrt{n}", "√n");
        reads(r"\sqrt{d_k}", "√dₖ");
        reads(r"\sqrt{x+1}", "√(x+1)");
        reads(r"\sqrt[3]{x}", "∛x");
        reads(r"\frac{QK^T}{\sqrt{d_k}}", "QKᵀ/√dₖ");
        reads(r"\frac{1}{\sigma\sqrt{2\pi}}", "1/(σ√(2π))");
        reads(r"\frac{P(A \cap B)}{P(B)}", "P(A∩B)/P(B)");
        reads(r"\frac{n!}{k!(n-k)!}", "n!/(k!(n-k)!)");
        reads(r"\frac{(a)(b)}{2}", "((a)(b))/2");
    }

    #[test]
    fn fonts_text_and_arrows() {
        reads(r"x \in \mathbb{R}^n", "x ∈ ℝⁿ");
        reads(r"\text{if } x > 0", "if x > 0");
        reads(r"\text{# of}", "# of");
        reads(r"n \to \infty", "n → ∞");
        reads(r"A \Rightarrow B", "A ⇒ B");
        reads(r"\bar{X}_n \xrightarrow{p} \mu", "X̄ₙ →ᵖ μ");
    }

    #[test]
    fn words_and_delimiters() {
        reads(r"O(n \log n)", "O(n log n)");
        reads(r"\left( \frac{1}{2} \right)", "(1/2)");
        reads(r"\text{Attention}(Q, K, V)", "Attention(Q, K, V)");
        reads(r"\begin{cases} 1 & x \\ 0 \end{cases}", "1 x; 0");
    }

    #[test]
    fn too_deep_stays_tex() {
        let deep = "{".repeat(1000);
        assert_eq!(to_unicode(&deep), deep);
    }
}
