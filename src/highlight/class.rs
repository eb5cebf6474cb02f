//! The small, fixed set of token classes qbank colours, and how tree-sitter
//! capture names map onto it. Variables, properties, fields and punctuation
//! stay uncoloured: colouring everything makes nothing stand out.

/// A token class. Its CSS class is `hl-` and its letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Keyword,
    String,
    Comment,
    Number,
    Function,
    Type,
    Operator,
    Builtin,
    Constant,
}

impl Class {
    pub const ALL: [Class; 9] = [
        Class::Keyword,
        Class::String,
        Class::Comment,
        Class::Number,
        Class::Function,
        Class::Type,
        Class::Operator,
        Class::Builtin,
        Class::Constant,
    ];

    /// The CSS class (`hl-k`): short, because a page holds thousands.
    pub fn css(self) -> &'static str {
        match self {
            Class::Keyword => "hl-k",
            Class::String => "hl-s",
            Class::Comment => "hl-c",
            Class::Number => "hl-n",
            Class::Function => "hl-f",
            Class::Type => "hl-t",
            Class::Operator => "hl-o",
            Class::Builtin => "hl-b",
            Class::Constant => "hl-x",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Class::Keyword => "keyword",
            Class::String => "string",
            Class::Comment => "comment",
            Class::Number => "number",
            Class::Function => "function",
            Class::Type => "type",
            Class::Operator => "operator",
            Class::Builtin => "builtin",
            Class::Constant => "constant",
        }
    }

    /// For the disk cache.
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<Class> {
        Class::ALL.get(usize::from(code)).copied()
    }
}

/// The capture names qbank recognises and their class (`None`: uncoloured).
/// tree-sitter-highlight gives a capture the recognised name with the most
/// dot-separated parts that all occur in it, so `function.builtin` beats
/// `function`, and `variable.builtin` beats `variable`.
pub const CAPTURES: &[(&str, Option<Class>)] = &[
    ("keyword", Some(Class::Keyword)),
    ("conditional", Some(Class::Keyword)),
    ("repeat", Some(Class::Keyword)),
    ("include", Some(Class::Keyword)),
    ("exception", Some(Class::Keyword)),
    ("tag", Some(Class::Keyword)),
    ("string", Some(Class::String)),
    ("character", Some(Class::String)),
    ("string.escape", Some(Class::Constant)),
    ("escape", Some(Class::Constant)),
    ("string.special.key", None),
    ("comment", Some(Class::Comment)),
    ("number", Some(Class::Number)),
    ("float", Some(Class::Number)),
    ("boolean", Some(Class::Constant)),
    ("constant", Some(Class::Constant)),
    ("constant.builtin", Some(Class::Constant)),
    ("function", Some(Class::Function)),
    ("function.method", Some(Class::Function)),
    ("function.macro", Some(Class::Function)),
    ("method", Some(Class::Function)),
    ("function.builtin", Some(Class::Builtin)),
    ("constructor", Some(Class::Type)),
    ("type", Some(Class::Type)),
    ("type.builtin", Some(Class::Type)),
    ("attribute", Some(Class::Builtin)),
    ("variable.builtin", Some(Class::Builtin)),
    ("operator", Some(Class::Operator)),
    // Brackets and commas stay the text's colour, as on GitHub: a colour so
    // close to the text's would cost a span each for nothing to see.
    ("punctuation", None),
    ("variable", None),
    ("variable.parameter", None),
    ("property", None),
    ("field", None),
    ("label", None),
    ("module", None),
    ("namespace", None),
    ("embedded", None),
];

/// The class of a recognised capture index.
pub fn of_capture(index: usize) -> Option<Class> {
    CAPTURES.get(index).and_then(|(_, class)| *class)
}

/// The names, for `HighlightConfiguration::configure`.
pub fn names() -> Vec<&'static str> {
    CAPTURES.iter().map(|(name, _)| *name).collect()
}
