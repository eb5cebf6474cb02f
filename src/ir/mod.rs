//! The intermediate representation (IR): the one contract between parsing and
//! every backend. Serialised with serde it is the public JSON shape; its JSON
//! Schema (schema/qbank.schema.json) is generated from these types by schemars.

pub mod blocks;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use blocks::{Alignment, Block, CalloutDisplay, Inline, ListItem};

use crate::source::CodePage;

/// Bumped only when a change would break a consumer of the JSON. Version 2:
/// raw HTML nodes hold their source in `raw`, so that every `html` field is
/// safe to insert into a page. Version 3: `related` holds objects, each id
/// with the score that linked it, where it held bare ids.
pub const SCHEMA_VERSION: u32 = 3;

/// One question bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "qbank document",
    description = "One interview-question bank parsed by qbank"
)]
pub struct Document {
    pub schema_version: u32,
    /// From the file stem, as a slug: `content/python.md` is `python`.
    pub id: String,
    /// From the front matter, else the first `#` heading, else the id.
    pub title: String,
    pub description: Option<String>,
    /// A BCP 47 language tag from the front matter (`lang` or `language`);
    /// readers of the HTML and EPUB assume `en` when there is none.
    pub lang: Option<String>,
    /// The first `#` heading.
    pub heading: Option<String>,
    pub source: SourceInfo,
    pub questions: Vec<Question>,
    pub resources: Vec<Resource>,
    /// Content that is not part of a question, kept so that nothing is lost.
    pub sections: Vec<Section>,
    /// The coloured runs of the code blocks, when a build highlighted them;
    /// derived data, not part of the JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub highlights: crate::highlight::Highlights,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceInfo {
    pub path: String,
    /// SHA-256 of the file's bytes as read.
    pub sha256: String,
    /// Set when the file was mojibake and qbank repaired it while reading.
    pub repaired_from: Option<CodePage>,
}

/// What a question is, by the shape it had in the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A heading with a metadata line and a "View Answer" admonition.
    Premium,
    /// A row of the Quick Reference table.
    Reference,
    /// `### N. Title` under "Code Examples".
    CodeExample,
    /// A bullet under "Questions asked in <Company> interview".
    Prompt,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    /// "Easy", "Medium" or "Hard".
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Easy => "Easy",
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    /// `<document id>/<slug of the title>`, unique in the document, the same in every output.
    pub id: String,
    pub kind: Kind,
    /// The Sno of a reference row, the N of a `### N. Title` code example.
    pub number: Option<u32>,
    /// Plain text, without Markdown markup and without the heading's company suffix;
    /// math reads as Unicode text (`$x \in \mathbb{R}^n$` as `x ∈ ℝⁿ`).
    pub title: String,
    /// The title with its inline markup (code spans, emphasis), for renderers.
    pub title_inlines: Vec<Inline>,
    /// The `##` section the question stands in.
    pub group: Option<String>,
    /// The level the written difficulty names, or the nearest one:
    /// "Very Hard" is hard, "Easy-Medium" is medium; null when unknown.
    pub difficulty: Option<Difficulty>,
    /// The difficulty as the bank writes it ("Very Hard"), which every
    /// backend shows; null when none is written.
    #[serde(default)]
    pub difficulty_label: Option<String>,
    pub tags: Vec<String>,
    /// From "Asked by" (or the table's company column, or the prompt section).
    pub companies: Vec<String>,
    /// Companies named in the heading suffix (" - Google, Meta Interview Question").
    pub heading_companies: Vec<String>,
    pub answer: Option<Content>,
    pub insight: Option<Content>,
    /// Links in the answer and insight, or a reference row's practice links.
    pub links: Vec<Link>,
    /// Questions that ask the same thing (reference rows and prompts that
    /// restate a premium question, duplicated premium questions), in source
    /// order, each with the score that linked it.
    pub related: Vec<Related>,
    /// 1-based line of the question's heading (or row, or bullet) in the source.
    pub line: usize,
    /// The anchor MkDocs gives the question's heading (premium questions and
    /// code examples), for links into the bank's own site; in-page links to
    /// it lead to the question in the HTML and EPUB.
    pub anchor: Option<String>,
}

/// A question that asks the same thing as the one that names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Related {
    /// The other question's id.
    pub id: String,
    /// How alike the two are, 0 to 1, rounded to three places: the title
    /// score, the practice-link score of a reference row, or the answer
    /// score of two premium questions whose answers agree.
    pub score: f64,
}

/// An answer or an insight, in three forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Content {
    /// The Markdown as written, dedented out of its admonition.
    pub markdown: String,
    /// Rendered from `blocks`, sanitised: no raw HTML, no scripts, XHTML-safe.
    pub html: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// A link under "Additional Resources", with what the bullet says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Resource {
    pub text: String,
    pub url: String,
    /// The bullet's text beside the link ("The gold standard for SQL reference.").
    pub description: Option<String>,
}

/// Content outside any question, under the heading it followed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    pub heading: Option<String>,
    /// The anchor MkDocs gives the heading.
    pub anchor: Option<String>,
    pub line: usize,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn questions_of(&self, kind: Kind) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(move |q| q.kind == kind)
    }
}

#[cfg(test)]
impl Document {
    /// A document with only an id and `questions`, for unit tests.
    pub fn for_test(id: &str, questions: Vec<Question>) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            id: id.into(),
            title: id.to_uppercase(),
            description: None,
            lang: None,
            heading: None,
            source: SourceInfo {
                path: format!("{id}.md"),
                sha256: String::new(),
                repaired_from: None,
            },
            questions,
            resources: vec![],
            sections: vec![],
            highlights: Default::default(),
        }
    }
}

impl Question {
    /// The difficulty as the bank writes it, else its level's name.
    pub fn difficulty_shown(&self) -> Option<&str> {
        self.difficulty_label
            .as_deref()
            .or_else(|| self.difficulty.map(Difficulty::label))
    }
}

#[cfg(test)]
impl Question {
    /// A question with only an id, a kind and a title, for unit tests.
    pub fn for_test(id: &str, kind: Kind, title: &str) -> Question {
        Question {
            id: id.into(),
            kind,
            number: None,
            title: title.into(),
            title_inlines: vec![],
            group: None,
            difficulty: None,
            difficulty_label: None,
            tags: vec![],
            companies: vec![],
            heading_companies: vec![],
            answer: None,
            insight: None,
            links: vec![],
            related: vec![],
            line: 1,
            anchor: None,
        }
    }
}
