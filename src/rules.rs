//! Every lint rule, defined once: its stable id, default severity, whether
//! `--fix` repairs it, a one-line summary and the help `qbank lint --explain`
//! prints. Findings are made from these constants (`Finding::new(&rules::X,
//! ..)`), so a rule's severity is written in one place and a mistyped rule is
//! a compile error. Ids never change once released: configuration, baselines
//! and suppression comments refer to them. To add a rule, add one entry to
//! the `rules!` list below.

use crate::diag::Severity;

#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// Whether `--fix` can repair it (some of its findings at least).
    pub fixable: bool,
    pub summary: &'static str,
    pub help: &'static str,
}

// A rule is its id: ids are unique (tested below), so comparing, ordering and
// hashing by id agree with one another and report rules in id order.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Rule) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rule {
    fn cmp(&self, other: &Rule) -> std::cmp::Ordering {
        self.id.cmp(other.id)
    }
}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id)
    }
}

/// Defines one constant per rule and [`ALL`], in the order `--explain` lists them.
macro_rules! rules {
    ($($name:ident = $id:literal, $severity:ident, fixable: $fixable:literal, $summary:expr, $help:expr;)*) => {
        $(
            pub const $name: Rule = Rule {
                id: $id,
                severity: Severity::$severity,
                fixable: $fixable,
                summary: $summary,
                help: $help,
            };
        )*
        /// Every rule.
        pub const ALL: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    ENCODING = "encoding", Error, fixable: true,
        "the file is not clean UTF-8",
        "The file is mojibake (UTF-8 that a tool read as Mac Roman or Windows-1252 and saved again, so `🔴` reads `üî¥`), UTF-16, or not UTF-8 at all. qbank repairs mojibake while reading when the repair is lossless, but the file itself stays garbled for every other reader. `qbank lint --fix` (or `qbank fix`) writes the repair back; invalid UTF-8 must be converted by hand, e.g. `iconv -f latin1 -t utf-8`.";
    BYTE_ORDER_MARK = "byte-order-mark", Warning, fixable: true,
        "the file starts with a byte-order mark",
        "UTF-8 needs no byte-order mark. MkDocs and qbank skip it, but other tools (diff, grep, some Markdown renderers) see three stray bytes before the front matter's `---`. `qbank lint --fix` (or `qbank fix`) drops it.";
    FRONT_MATTER = "front-matter", Error, fixable: false,
        "front matter is unclosed or not YAML",
        "A bank starts with a YAML block between `---` lines. A block that is never closed, or is not a YAML mapping of `key: value` lines, is kept as Markdown instead: its text shows at the top of every export and the bank has no title.";
    FRONT_MATTER_FIELDS = "front-matter-fields", Warning, fixable: false,
        "front matter is missing or lacks title, description or a valid lang",
        "The front matter should give at least `title` and `description`; they become the document's title and summary in every export. `lang`, when given, must be a language tag such as `en` or `pt-BR` (it becomes the `lang` of HTML and EPUB). Without a `title` the bank's first `#` heading is its title, and without that its file name.";
    METADATA = "metadata", Warning, fixable: false,
        "a question's metadata line is missing or malformed",
        "Every question heading is followed by one line `**Difficulty:** 🟡 Medium | **Tags:** `A`, `B` | **Asked by:** Google, Meta`, above the answer admonition. Tags go in backticks. A question without it has no difficulty, tags or companies in any export.";
    DIFFICULTY = "difficulty", Warning, fixable: true,
        "a difficulty level is unknown or its emoji disagrees",
        "Difficulty is Easy, Medium or Hard, marked 🟢, 🟡 and 🔴 respectively. An unknown level becomes `null` in exports. `--fix` replaces an emoji that disagrees with the stated level (the level is kept: it is the words a reader sees).";
    ANSWER_MISSING = "answer-missing", Error, fixable: false,
        "a question has no answer",
        "A question heading with a metadata line but no `??? success \"View Answer\"` admonition (or any text before the next heading) has nothing on the back of its card.";
    INSIGHT_MISSING = "insight-missing", Warning, fixable: false,
        "a premium question has no Interviewer's Insight",
        "Premium answers end with a nested `!!! tip \"Interviewer's Insight\"` admonition, indented 4 spaces inside the answer. It is missing here, or it is not indented enough to be inside the answer.";
    ADMONITION_EMPTY = "admonition-empty", Warning, fixable: false,
        "an admonition has no body",
        "An admonition header (`!!! tip \"Title\"`, `??? success \"View Answer\"`) is followed by nothing indented by 4 spaces, so it renders as an empty box.";
    ADMONITION_UNINDENTED = "admonition-unindented", Error, fixable: false,
        "admonition body text escaped its indentation",
        "An admonition body is every following line indented by 4 spaces (or blank). A line at the left edge ends the body, even inside a code block: what follows renders outside the answer, and indented code after it becomes a stray code block. Indent the line (multi-line strings inside code too) by 4 spaces.";
    NESTING_DEPTH = "nesting-depth", Error, fixable: false,
        "content is nested deeper than the limit",
        "Admonitions, block quotes, list items and inline markup (emphasis, links) nested inside one another more than `--max-depth` deep (default 16; `[limits] max-depth` in qbank.toml) are read as plain text from that level on, so that no input can exhaust the stack or the page width of a backend. Nothing readable needs that depth: flatten the structure.";
    MATH_INVALID = "math-invalid", Error, fixable: false,
        "a formula cannot be typeset",
        "qbank typesets `$…$` and `$$…$$` as MathML in HTML and EPUB. A formula the converter rejects (unbalanced braces, an unknown command or environment, a bare `#`: write `\\#`, also inside `\\text{}`) is shown to readers as raw TeX in a red box, so it is an error, not a style matter. A command written with two backslashes (`\\\\frac`, left by escaping Markdown twice) is reported too: TeX reads a line break followed by the letters `frac`. A `$` that is not math (`costs $5 and $10`) is read as math only when a closing `$` follows with no space before it and no digit after it; write `\\$` to be sure.";
    FILE_TOO_LARGE = "file-too-large", Error, fixable: false,
        "the file is larger than the size limit",
        "Files over `--max-file-size` (default 8 MiB; `[limits] max-file-size` in qbank.toml) are not read, so that one file cannot take minutes or gigabytes in CI. Split the bank, or raise the limit.";
    CODE_FENCE_UNCLOSED = "code-fence-unclosed", Error, fixable: false,
        "a code fence is never closed",
        "A ``` or ~~~ fence inside an admonition body opens a code block that runs to the end of that body, swallowing the text and admonitions after it. At the top level a fence that nothing closes is read as text, as MkDocs reads it, so its code shows as paragraphs. Close it with the same fence.";
    ESCAPED_NEWLINES = "escaped-newlines", Error, fixable: false,
        "literal \\n sequences instead of line breaks",
        "The line holds runs of the two characters `\\` `n` where line breaks belong, the mark of text that was serialised as a JSON string and pasted back: a whole answer collapsed onto one line. Restore the line breaks (and the 4-space indentation of the admonition body).";
    HEADING_COMPANIES = "heading-companies", Warning, fixable: false,
        "the heading names companies that Asked by does not list",
        "The heading suffix ` - Google, Meta Interview Question` should name companies that also appear in the metadata line's `Asked by`. A name counts as a company only when some `Asked by` of the bank lists it, or qbank.toml knows it (`[companies] known = [\"Jane Street\"]`, or the alias table): audiences, levels and topics (\"Senior Roles\", \"Entry-Level\", \"E-commerce\") are not companies and are not reported. Group names such as \"Most Tech Companies\" are allowed: configure them under `[companies] groups`.";
    COMPANY_ALIAS = "company-alias", Warning, fixable: true,
        "one company under two names",
        "The bank names the same company two ways (\"Facebook\" and \"Meta\"), which splits it in every filter and tag. Reported once per name and file, with every place it is written. The name to use is the canonical one of qbank.toml's `[companies.aliases]` (`Meta = [\"Facebook\", \"FB\"]`); for the built-in aliases it is the name the bank writes most. `--fix` rewrites every place to it, but only where companies are listed (an `Asked by`, a heading suffix, a Quick Reference cell, a prompt section's heading), never inside a title or a bullet.";
    TAG_CASE = "tag-case", Warning, fixable: false,
        "one tag spelled two ways",
        "The same tag appears with different capitalisation or spacing (\"OOP\" and \"Oop\"), which makes two Anki tags and two index entries. The first spelling in the bank is taken as the intended one.";
    TAG_UNKNOWN = "tag-unknown", Warning, fixable: false,
        "a tag outside the configured vocabulary",
        "qbank.toml declares `[tags] vocabulary = [...]` and this tag is not in it. Without a vocabulary the rule is silent.";
    DUPLICATE_QUESTION = "duplicate-question", Warning, fixable: false,
        "the same question asked twice",
        "Two premium questions (or code examples), in one bank or across banks, ask nearly the same thing, judged by their title words weighted by rarity. Reported at the later one with the line of the earlier. Merge them, or reword one if they really differ. A reference row restating a premium question is the expected shape and is not reported.";
    REFERENCE_NUMBERING = "reference-numbering", Warning, fixable: true,
        "the Quick Reference table's numbers skip, repeat or go backwards, or its top is missing",
        "The Sno column counts rows 1, 2, 3... `--fix` renumbers the table when only the numbering is wrong. Numbered rows with no header and `|---|` row above them (a table whose top was cut away) show as a paragraph of text; they are reported at their first row, and the header must be restored by hand.";
    REFERENCE_ROW = "reference-row", Warning, fixable: false,
        "a Quick Reference row is malformed",
        "The row has a different number of cells than the header, an empty question title, or a difficulty other than Easy, Medium or Hard.";
    REDUNDANT_MARKER = "redundant-marker", Info, fixable: false,
        "a [HARD] marker repeats the difficulty column",
        "A `**[HARD]**` marker at the start of a reference title says what the Difficulty column already says; qbank drops it from the title.";
    LINK_ANCHOR = "link-anchor", Warning, fixable: false,
        "an in-page #anchor matches no heading",
        "The link points at `#anchor` but no heading of this page has that anchor under MkDocs' rules (lowercase, punctuation dropped, spaces to `-`, repeats get `_1`).";
    LINK_FILE = "link-file", Warning, fixable: false,
        "a relative link points at a missing file",
        "The link is relative to this Markdown file, and nothing exists at that path.";
    LINK_MALFORMED = "link-malformed", Error, fixable: false,
        "an empty or unparsable link target",
        "The link target is empty or is not a valid URL.";
    LINK_INSECURE = "link-insecure", Info, fixable: false,
        "an http:// link to a host that serves https",
        "Checked with `--online`: the same URL answers over https, so the link can be upgraded.";
    LINK_DEAD = "link-dead", Error, fixable: false,
        "a link that does not resolve",
        "Checked with `--online`: the URL answered with an error status after retries, or did not answer at all. Accepted status codes and excluded patterns are configured under `[links]` in qbank.toml.";
    UNUSED_SUPPRESSION = "unused-suppression", Info, fixable: false,
        "a qbank-disable comment that silences nothing",
        "A `<!-- qbank-disable-next-line RULE -->`, `<!-- qbank-disable-line RULE -->`, `<!-- qbank-disable RULE -->` … `<!-- qbank-enable RULE -->` or `<!-- qbank-disable-file RULE -->` comment silences the named rules (every rule when none is named) on the lines it covers. One that covers no finding, or names no rule, is reported so that stale comments do not hide the next real problem: remove it.";
    UNRECOGNIZED = "unrecognized", Info, fixable: false,
        "content between questions that belongs to no question",
        "A heading or block among the questions is not part of any question (no metadata line, no answer admonition). It is kept in the JSON's `sections` and exported as plain content, but no card or question is made from it.";
}

/// The rule with this id, for ids that come from users (configuration,
/// `--select`, suppression comments, baselines).
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn find_returns_the_constant() {
        assert_eq!(find("encoding"), Some(&ENCODING));
        assert_eq!(
            find("byte-order-mark").map(|r| r.severity),
            Some(Severity::Warning)
        );
        assert_eq!(find("no-such-rule"), None);
    }
}
