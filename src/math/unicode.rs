//! TeX → readable Unicode text, for places that hold only text: `\alpha` →
//! α, `x^2` → x², `\frac{a}{b}` → a/b, `\sqrt{n}` → √n, `\mathbb{R}` → ℝ,
//! `\text{if}` → if. Not a TeX engine: a tolerant walk over the formula that
//! never fails. Scripts Unicode has no character for are written `^(…)` and
//! `_(…)`; an unknown command is written as its name.

use std::iter::Peekable;
use std::str::Chars;

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

/// Commands with arguments or spacing rules, handled in [`Walker::command`].
#[rustfmt::skip]
const STRUCTURE: &[&str] = &[
    "text", "textrm", "textit", "textbf", "mbox", "operatorname", "mathrm", "mathbf", "mathit",
    "mathsf", "mathtt", "mathcal", "boldsymbol", "mathbb", "frac", "dfrac", "tfrac", "binom",
    "sqrt", "hat", "bar", "overline", "tilde", "vec", "dot", "left", "right", "xrightarrow",
    "begin", "end", "underbrace", "overbrace", "boxed",
];

/// Operator names written as words.
#[rustfmt::skip]
const FUNCTIONS: &[&str] = &[
    "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "arg", "argmax", "argmin", "lim",
    "det", "sup", "inf", "Pr", "gcd", "deg", "Var", "Cov", "var", "cov",
];

#[rustfmt::skip]
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α", "beta" => "β", "gamma" => "γ", "delta" => "δ",
        "epsilon" | "varepsilon" => "ε", "zeta" => "ζ", "eta" => "η", "theta" => "θ",
        "vartheta" => "ϑ", "iota" => "ι", "kappa" => "κ", "lambda" => "λ", "mu" => "μ",
        "nu" => "ν", "xi" => "ξ", "pi" => "π", "rho" => "ρ", "sigma" => "σ", "tau" => "τ",
        "upsilon" => "υ", "phi" | "varphi" => "φ", "chi" => "χ", "psi" => "ψ", "omega" => "ω",
        "Gamma" => "Γ", "Delta" => "Δ", "Theta" => "Θ", "Lambda" => "Λ", "Xi" => "Ξ",
        "Pi" => "Π", "Sigma" => "Σ", "Phi" => "Φ", "Psi" => "Ψ", "Omega" => "Ω",
        "le" | "leq" => "≤", "ge" | "geq" => "≥", "ne" | "neq" => "≠", "approx" => "≈",
        "sim" => "∼", "equiv" => "≡", "propto" => "∝", "in" => "∈", "notin" => "∉",
        "subset" => "⊂", "subseteq" => "⊆", "cap" => "∩", "cup" => "∪", "emptyset" => "∅",
        "forall" => "∀", "exists" => "∃", "infty" => "∞", "cdot" => "·", "times" => "×",
        "div" => "÷", "pm" => "±", "mp" => "∓", "to" | "rightarrow" => "→",
        "leftarrow" => "←", "Rightarrow" | "implies" => "⇒", "Leftrightarrow" | "iff" => "⇔",
        "mapsto" => "↦", "sum" => "∑", "prod" => "∏", "int" => "∫", "partial" => "∂",
        "nabla" => "∇", "neg" | "lnot" => "¬", "land" | "wedge" => "∧", "lor" | "vee" => "∨",
        "mid" => "|", "ldots" | "dots" | "cdots" => "…", "langle" => "⟨", "rangle" => "⟩",
        "lfloor" => "⌊", "rfloor" => "⌋", "lceil" => "⌈", "rceil" => "⌉", "top" => "⊤",
        "circ" => "∘", "ell" => "ℓ", "prime" => "′", "star" => "⋆", "ast" => "∗",
        "setminus" => "∖", "perp" => "⊥",
        "quad" | "qquad" => " ",
        _ => return None,
    })
}

/// Spacing and escaped characters: `\,` `\{` `\%` `\\`.
#[rustfmt::skip]
fn punctuation(c: char) -> &'static str {
    match c {
        ',' | ';' | ':' | ' ' => " ",
        '!' => "",
        '{' => "{", '}' => "}", '%' => "%", '$' => "$", '#' => "#", '&' => "&", '_' => "_",
        '|' => "‖",
        '\\' => "; ",
        _ => "",
    }
}

#[rustfmt::skip]
const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'), ('1', '¹'), ('2', '²'), ('3', '³'), ('4', '⁴'), ('5', '⁵'), ('6', '⁶'),
    ('7', '⁷'), ('8', '⁸'), ('9', '⁹'), ('+', '⁺'), ('-', '⁻'), ('=', '⁼'), ('(', '⁽'),
    (')', '⁾'), ('n', 'ⁿ'), ('i', 'ⁱ'), ('T', 'ᵀ'), ('t', 'ᵗ'), ('k', 'ᵏ'), ('d', 'ᵈ'),
    ('p', 'ᵖ'), ('x', 'ˣ'), ('*', '*'), ('′', '′'),
];

#[rustfmt::skip]
const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'), ('1', '₁'), ('2', '₂'), ('3', '₃'), ('4', '₄'), ('5', '₅'), ('6', '₆'),
    ('7', '₇'), ('8', '₈'), ('9', '₉'), ('+', '₊'), ('-', '₋'), ('=', '₌'), ('(', '₍'),
    (')', '₎'), ('a', 'ₐ'), ('e', 'ₑ'), ('o', 'ₒ'), ('x', 'ₓ'), ('h', 'ₕ'), ('k', 'ₖ'),
    ('l', 'ₗ'), ('m', 'ₘ'), ('n', 'ₙ'), ('p', 'ₚ'), ('s', 'ₛ'), ('t', 'ₜ'), ('i', 'ᵢ'),
    ('j', 'ⱼ'), ('r', 'ᵣ'), ('u', 'ᵤ'), ('v', 'ᵥ'),
];

#[rustfmt::skip]
fn double_struck(c: char) -> char {
    match c {
        'R' => 'ℝ', 'N' => 'ℕ', 'Z' => 'ℤ', 'Q' => 'ℚ', 'C' => 'ℂ', 'P' => 'ℙ', 'E' => '𝔼',
        other => other,
    }
}

/// Operators that read better with a space on each side.
const SPACED: &str = "=<>≤≥≈≠∈∉→⇒⇔≡∼±×";

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
            let touches = out.chars().last().is_some_and(char::is_alphanumeric)
                && atom.chars().next().is_some_and(char::is_alphanumeric);
            if (is_word || after_word) && touches {
                out.push(' ');
            }
            after_word = is_word;
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
        let argument = self.argument();
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
        format!("{sign}{}", parenthesised(self.argument()))
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

/// `a+b` → `(a+b)`, so that `\frac{a+b}{2}` reads (a+b)/2; a word, `√n` or
/// `x̄` stays bare.
fn parenthesised(text: String) -> String {
    let bare = |c: char| {
        c.is_alphanumeric()
            || "√∛∜′".contains(c)
            || ('\u{300}'..='\u{36F}').contains(&c)
            || c == '\u{20D7}'
    };
    if text.chars().count() <= 1 || text.chars().all(bare) {
        text
    } else {
        format!("({text})")
    }
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
