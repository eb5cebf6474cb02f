//! The tables `unicode.rs` reads TeX with: symbols, script characters,
//! double-struck letters, and the commands it knows by name.

/// Commands with arguments or spacing rules, handled in [`Walker::command`].
#[rustfmt::skip]
pub(super) const STRUCTURE: &[&str] = &[
    "text", "textrm", "textit", "textbf", "mbox", "operatorname", "mathrm", "mathbf", "mathit",
    "mathsf", "mathtt", "mathcal", "boldsymbol", "mathbb", "frac", "dfrac", "tfrac", "binom",
    "sqrt", "hat", "bar", "overline", "tilde", "vec", "dot", "left", "right", "xrightarrow",
    "begin", "end", "underbrace", "overbrace", "boxed",
];

/// Operator names written as words.
#[rustfmt::skip]
pub(super) const FUNCTIONS: &[&str] = &[
    "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "arg", "argmax", "argmin", "lim",
    "det", "sup", "inf", "Pr", "gcd", "deg", "Var", "Cov", "var", "cov",
];

#[rustfmt::skip]
pub(super) fn symbol(name: &str) -> Option<&'static str> {
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
pub(super) fn punctuation(c: char) -> &'static str {
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
pub(super) const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'), ('1', '¹'), ('2', '²'), ('3', '³'), ('4', '⁴'), ('5', '⁵'), ('6', '⁶'),
    ('7', '⁷'), ('8', '⁸'), ('9', '⁹'), ('+', '⁺'), ('-', '⁻'), ('=', '⁼'), ('(', '⁽'),
    (')', '⁾'), ('n', 'ⁿ'), ('i', 'ⁱ'), ('T', 'ᵀ'), ('t', 'ᵗ'), ('k', 'ᵏ'), ('d', 'ᵈ'),
    ('p', 'ᵖ'), ('x', 'ˣ'), ('*', '*'), ('′', '′'),
];

#[rustfmt::skip]
pub(super) const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'), ('1', '₁'), ('2', '₂'), ('3', '₃'), ('4', '₄'), ('5', '₅'), ('6', '₆'),
    ('7', '₇'), ('8', '₈'), ('9', '₉'), ('+', '₊'), ('-', '₋'), ('=', '₌'), ('(', '₍'),
    (')', '₎'), ('a', 'ₐ'), ('e', 'ₑ'), ('o', 'ₒ'), ('x', 'ₓ'), ('h', 'ₕ'), ('k', 'ₖ'),
    ('l', 'ₗ'), ('m', 'ₘ'), ('n', 'ₙ'), ('p', 'ₚ'), ('s', 'ₛ'), ('t', 'ₜ'), ('i', 'ᵢ'),
    ('j', 'ⱼ'), ('r', 'ᵣ'), ('u', 'ᵤ'), ('v', 'ᵥ'),
];

#[rustfmt::skip]
pub(super) fn double_struck(c: char) -> char {
    match c {
        'R' => 'ℝ', 'N' => 'ℕ', 'Z' => 'ℤ', 'Q' => 'ℚ', 'C' => 'ℂ', 'P' => 'ℙ', 'E' => '𝔼',
        other => other,
    }
}

/// Operators that read better with a space on each side.
pub(super) const SPACED: &str = "=<>≤≥≈≠∈∉→⇒⇔≡∼±×";
