//! The Anki backend: a tab-separated deck that Anki 2.1.55+ imports with no
//! dialog (its `#` file headers name the note type, deck, tag and GUID
//! columns) and re-imports in place. The GUID is a digest of the question id
//! only, so an edited answer updates its note and keeps its review history.
//!
//! Every field is quoted: Anki drops an unquoted line that starts with `#`, and
//! quoting keeps tabs, quotes and newlines inside fields intact.

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::export::{Backend, ExportError, Rendered, Selection};
use crate::ir::{Document, Inline, Kind, Question};
use crate::output::sniff::Format;
use crate::parse::metadata::difficulty_emoji;
use crate::render::html;
use crate::render::markup::Markup;

/// The card kinds exported when the selection names none.
const DEFAULT_KINDS: &[Kind] = &[Kind::Premium, Kind::CodeExample];

pub struct Anki {
    /// The parent deck: notes go to `<root>::<document title>`.
    pub deck_root: Cow<'static, str>,
}

impl Anki {
    pub const DEFAULT: Anki = Anki {
        deck_root: Cow::Borrowed("qbank"),
    };
}

/// Anki's text-import headers. No space after the colon: Anki ignores
/// `#html: true`.
const HEADERS: &str = "#separator:tab\n#html:true\n#notetype:Basic\n#deck column:3\n#tags column:4\n#guid column:5\n#if matches:update current\n#columns:Front\tBack\tDeck\tTags\tGUID\n";

/// Card HTML: links only when absolute, no images (no external resources).
/// Code keeps its lines and scrolls sideways on a phone rather than wrapping
/// (a wrapped line would read as a new, unindented one); wide tables scroll.
const CARD: html::Options<'static> = html::Options {
    links: html::Links::Absolute,
    images: false,
    // The answer's own headings stay below the question on the front (which
    // Anki shows at 20 px): `##` sections as small bold lines, as the page does.
    heading_floor: 4,
    fold_callouts: false,
    table_style: Some(
        "display: block; overflow-x: auto; border-collapse: collapse; font-size: 0.85em",
    ),
    // Cards carry no stylesheet: cells get their rules and padding inline.
    cell_style: Some("border: 1px solid #d1d9e0; padding: 0.25em 0.5em; vertical-align: top"),
    callout_style: Some("border-left: 3px solid #888; padding-left: 0.75em; margin: 1em 0"),
    // Anki typesets `\(…\)` and `\[…\]` with its own MathJax.
    math: html::MathAs::Tex,
    code: html::CodeStyle::Plain,
};

impl Backend for Anki {
    fn name(&self) -> &'static str {
        "anki"
    }

    fn extension(&self) -> &'static str {
        "anki.csv"
    }

    fn format(&self) -> Format {
        Format::AnkiCsv
    }

    fn description(&self) -> &'static str {
        "an Anki deck (tab-separated, imports and updates in place)"
    }

    fn shows_highlighting(&self) -> bool {
        true
    }

    fn concatenates(&self) -> bool {
        // Headers once per file: several banks go to one file each.
        false
    }

    fn render(&self, document: &Document, selection: &Selection) -> Result<Rendered, ExportError> {
        let error = |message: String| ExportError::Encode {
            document: document.id.clone(),
            format: "anki",
            source: message.into(),
        };
        // The root may nest (`Study::Interviews`); empty levels are dropped, and
        // an empty root leaves the bank's deck at the top.
        let deck = self
            .deck_root
            .split("::")
            .map(deck_name)
            .filter(|level| !level.trim().is_empty())
            .chain([deck_name(&document.title)])
            .collect::<Vec<_>>()
            .join("::");
        let mut out = HEADERS.as_bytes().to_vec();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b'\t')
            .quote_style(csv::QuoteStyle::Always)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut out);
        for question in cards(document, selection) {
            writer
                .write_record([
                    front(question).as_str(),
                    back(question, &document.highlights).as_str(),
                    deck.as_str(),
                    tags(question).as_str(),
                    guid(&question.id).as_str(),
                ])
                .map_err(|e| error(e.to_string()))?;
        }
        writer.flush().map_err(|e| error(e.to_string()))?;
        drop(writer);
        Ok(out.into())
    }
}

/// A deck name part: `::` would nest decks, and angle brackets become look-alike
/// quotation marks so that no screen of Anki could take a title for markup.
fn deck_name(text: &str) -> String {
    text.replace("::", ":").replace('<', "‹").replace('>', "›")
}

/// The questions that become notes: the selected kinds (premium questions and
/// code examples unless told otherwise), without reference rows and prompts
/// that restate a question already on a card.
pub fn cards<'d>(
    document: &'d Document,
    selection: &'d Selection,
) -> impl Iterator<Item = &'d Question> {
    let kinds: &[Kind] = if selection.kinds.is_empty() {
        DEFAULT_KINDS
    } else {
        &selection.kinds
    };
    selection.apply(&document.questions).filter(move |q| {
        let restates_a_card =
            matches!(q.kind, Kind::Reference | Kind::Prompt) && !q.related.is_empty();
        kinds.contains(&q.kind) && !restates_a_card
    })
}

/// A stable note GUID: 20 hex digits of SHA-256 over the question id, which is
/// `<document id>/<slug>`. Never derived from the text.
pub fn guid(question_id: &str) -> String {
    let digest = Sha256::digest(format!("qbank:{question_id}").as_bytes());
    digest[..10].iter().map(|b| format!("{b:02x}")).collect()
}

fn front(question: &Question) -> String {
    let mut meta = Vec::new();
    if let Some(label) = question.difficulty_shown() {
        meta.push(match question.difficulty {
            Some(d) => format!("{} {label}", difficulty_emoji(d)),
            None => label.to_owned(),
        });
    }
    if !question.tags.is_empty() {
        meta.push(question.tags.join(", "));
    }
    let mut m = Markup::new();
    m.inlines(&question.title_inlines, CARD);
    if !meta.is_empty() {
        m.element(
            "div",
            &[
                ("class", "qbank-meta"),
                (
                    "style",
                    "font-size: 0.8em; opacity: 0.75; margin-top: 0.5em",
                ),
            ],
            &meta.join(" · "),
        );
    }
    m.into_string()
}

fn back(question: &Question, highlights: &crate::highlight::Highlights) -> String {
    // Code blocks: lines, colours and a box as inline styles.
    let card = html::Options {
        code: html::CodeStyle::Inline(highlights),
        ..CARD
    };
    let mut m = Markup::new();
    m.open(
        "div",
        &[("class", "qbank-back"), ("style", "text-align: left")],
    );
    if let Some(answer) = &question.answer {
        m.blocks(&answer.blocks, card);
    }
    if let Some(insight) = &question.insight {
        m.open(
            "div",
            &[
                ("class", "qbank-insight"),
                (
                    "style",
                    "border-left: 3px solid #888; padding-left: 0.75em; margin-top: 1em",
                ),
            ],
        );
        m.open("p", &[])
            .element("strong", &[], "Interviewer's Insight")
            .close("p");
        m.blocks(&insight.blocks, card);
        m.close("div");
    }
    facts(&mut m, question);
    m.close("div");
    let back = m.into_string();
    let class = format!("<pre class=\"{}\"", crate::render::code::ANKI_CODE_CLASS);
    if back.contains(&class) {
        format!("{}{back}", crate::render::code::night_style())
    } else {
        back
    }
}

/// What the bank knows about the question, for cards without an answer too:
/// difficulty and topics (when there is no answer), companies, practice links.
fn facts(m: &mut Markup, question: &Question) {
    let unanswered = question.answer.is_none();
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(label) = question.difficulty_shown().filter(|_| unanswered) {
        facts.push(("Difficulty", label.to_owned()));
    }
    if unanswered && !question.tags.is_empty() {
        facts.push(("Topics", question.tags.join(", ")));
    }
    if !question.companies.is_empty() {
        facts.push(("Asked by", question.companies.join(", ")));
    }
    let links: Vec<Inline> = question
        .links
        .iter()
        .filter(|_| unanswered)
        .filter(|l| html::is_linkable(&l.url, CARD))
        .enumerate()
        .flat_map(|(n, l)| {
            let separator = (n > 0).then(|| Inline::Text { text: ", ".into() });
            separator.into_iter().chain([Inline::Link {
                url: l.url.clone(),
                title: None,
                inlines: vec![Inline::Text {
                    text: l.text.clone(),
                }],
            }])
        })
        .collect();
    if facts.is_empty() && links.is_empty() {
        return;
    }
    m.open(
        "ul",
        &[
            ("class", "qbank-facts"),
            ("style", "font-size: 0.85em; opacity: 0.8"),
        ],
    );
    for (label, value) in facts {
        m.element("li", &[], &format!("{label}: {value}"));
    }
    if !links.is_empty() {
        m.open("li", &[])
            .text("Practice: ")
            .inlines(&links, CARD)
            .close("li");
    }
    m.close("ul");
}

/// One level of a tag: lowercase, words joined by `-`, and `::` (which would
/// nest), quotes, angle brackets, `&` and control characters dropped. Unlike a slug it keeps `+`
/// and `#`, so `C++`, `C#` and `C` stay three tags.
pub fn tag_part(text: &str) -> String {
    let cleaned: String = text
        .replace("::", " ")
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | '&'))
        .collect();
    cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

/// Hierarchical, space-free tags. Anki replaces a note's tags with these on
/// every import.
fn tags(question: &Question) -> String {
    let mut tags = Vec::new();
    if let Some(label) = question.difficulty_shown() {
        tags.push(format!("qbank::difficulty::{}", tag_part(label)));
    }
    tags.extend(
        question
            .tags
            .iter()
            .map(|t| format!("qbank::tag::{}", tag_part(t))),
    );
    tags.extend(
        question
            .companies
            .iter()
            .map(|c| format!("qbank::company::{}", tag_part(c))),
    );
    let kind = match question.kind {
        Kind::Premium => "premium",
        Kind::Reference => "reference",
        Kind::CodeExample => "code-example",
        Kind::Prompt => "prompt",
    };
    tags.push(format!("qbank::kind::{kind}"));
    tags.retain(|t| !t.ends_with("::"));
    tags.dedup();
    tags.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_parts_keep_what_tells_tags_apart() {
        assert_eq!(tag_part("C++"), "c++");
        assert_eq!(tag_part("C#"), "c#");
        assert_eq!(tag_part("C"), "c");
        assert_eq!(tag_part("Data  Structures"), "data-structures");
        assert_eq!(tag_part("a::b \"q\""), "a-b-q");
    }

    #[test]
    fn guids_depend_on_the_id_only() {
        assert_eq!(guid("python/a"), guid("python/a"));
        assert_ne!(guid("python/a"), guid("python/b"));
        assert_ne!(guid("python/a"), guid("sql/a"));
        assert_eq!(guid("python/a").len(), 20);
    }
}
