//! Every lint rule: its stable id, default severity, one-line summary and the
//! longer help that `qbank lint --explain RULE` prints. Ids never change once
//! released; configuration and CI suppressions refer to them.

use crate::diag::Severity;

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
    /// Whether `--fix` can repair it (some of its findings at least).
    pub fixable: bool,
}

const fn rule(
    id: &'static str,
    severity: Severity,
    fixable: bool,
    summary: &'static str,
    help: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        summary,
        help,
        fixable,
    }
}

use Severity::{Error, Info, Warning};

pub const RULES: &[Rule] = &[
    rule(
        "encoding",
        Error,
        true,
        "the file is not clean UTF-8",
        "The file is mojibake (UTF-8 that a tool read as Mac Roman or Windows-1252 and saved again, so `🔴` reads `üî¥`), starts with a byte-order mark, or is not UTF-8 at all. qbank repairs mojibake while reading when the repair is lossless, but the file itself stays garbled for every other reader. `qbank lint --fix` (or `qbank fix`) writes the repair back and drops the BOM; invalid UTF-8 must be converted by hand, e.g. `iconv -f latin1 -t utf-8`.",
    ),
    rule(
        "front-matter",
        Error,
        false,
        "front matter is missing, unclosed or incomplete",
        "A bank starts with a YAML block between `---` lines giving at least `title` and `description`; they become the document's title in every export. An unclosed block, or one that is not a YAML mapping, is kept as Markdown instead.",
    ),
    rule(
        "metadata",
        Warning,
        false,
        "a question's metadata line is missing or malformed",
        "Every question heading is followed by one line `**Difficulty:** 🟡 Medium | **Tags:** `A`, `B` | **Asked by:** Google, Meta`, above the answer admonition. Tags go in backticks. A question without it has no difficulty, tags or companies in any export.",
    ),
    rule(
        "difficulty",
        Warning,
        true,
        "a difficulty level is unknown or its emoji disagrees",
        "Difficulty is Easy, Medium or Hard, marked 🟢, 🟡 and 🔴 respectively. An unknown level becomes `null` in exports. `--fix` replaces an emoji that disagrees with the stated level (the level is kept: it is the words a reader sees).",
    ),
    rule(
        "answer-missing",
        Error,
        false,
        "a question has no answer",
        "A question heading with a metadata line but no `??? success \"View Answer\"` admonition (or any text before the next heading) has nothing on the back of its card.",
    ),
    rule(
        "insight-missing",
        Warning,
        false,
        "a premium question has no Interviewer's Insight",
        "Premium answers end with a nested `!!! tip \"Interviewer's Insight\"` admonition, indented 4 spaces inside the answer. It is missing here, or it is not indented enough to be inside the answer.",
    ),
    rule(
        "admonition-empty",
        Warning,
        false,
        "an admonition has no body",
        "An admonition header (`!!! tip \"Title\"`, `??? success \"View Answer\"`) is followed by nothing indented by 4 spaces, so it renders as an empty box.",
    ),
    rule(
        "admonition-unindented",
        Error,
        false,
        "admonition body text escaped its indentation",
        "An admonition body is every following line indented by 4 spaces (or blank). A line at the left edge ends the body, even inside a code block: what follows renders outside the answer, and indented code after it becomes a stray code block. Indent the line (multi-line strings inside code too) by 4 spaces.",
    ),
    rule(
        "nesting-depth",
        Error,
        false,
        "content is nested deeper than the limit",
        "Admonitions, block quotes, list items and inline markup (emphasis, links) nested inside one another more than `--max-depth` deep (default 16; `[limits] max-depth` in qbank.toml) are read as plain text from that level on, so that no input can exhaust the stack or the page width of a backend. Nothing readable needs that depth: flatten the structure.",
    ),
    rule(
        "file-too-large",
        Error,
        false,
        "the file is larger than the size limit",
        "Files over `--max-file-size` (default 8 MiB; `[limits] max-file-size` in qbank.toml) are not read, so that one file cannot take minutes or gigabytes in CI. Split the bank, or raise the limit.",
    ),
    rule(
        "code-fence-unclosed",
        Error,
        false,
        "a code fence is never closed",
        "A ``` or ~~~ fence opens a code block that runs to the end of its admonition body (or the file), swallowing the text and admonitions after it. Close it with the same fence.",
    ),
    rule(
        "escaped-newlines",
        Error,
        false,
        "literal \\n sequences instead of line breaks",
        "The line holds runs of the two characters `\\` `n` where line breaks belong, the mark of text that was serialised as a JSON string and pasted back: a whole answer collapsed onto one line. Restore the line breaks (and the 4-space indentation of the admonition body).",
    ),
    rule(
        "heading-companies",
        Warning,
        false,
        "the heading names companies that Asked by does not list",
        "The heading suffix ` - Google, Meta Interview Question` should name companies that also appear in the metadata line's `Asked by`. A name counts as a company only when some `Asked by` of the bank lists it, or qbank.toml knows it (`[companies] known = [\"Jane Street\"]`, or the alias table): audiences, levels and topics (\"Senior Roles\", \"Entry-Level\", \"E-commerce\") are not companies and are not reported. Group names such as \"Most Tech Companies\" are allowed: configure them under `[companies] groups`.",
    ),
    rule(
        "company-alias",
        Warning,
        false,
        "one company under two names",
        "The bank names the same company two ways (\"Facebook\" and \"Meta\"), which splits it in every filter and tag. Use the canonical name. The alias table has defaults and is configured under `[companies.aliases]` in qbank.toml (`Meta = [\"Facebook\", \"FB\"]`).",
    ),
    rule(
        "tag-case",
        Warning,
        false,
        "one tag spelled two ways",
        "The same tag appears with different capitalisation or spacing (\"OOP\" and \"Oop\"), which makes two Anki tags and two index entries. The first spelling in the bank is taken as the intended one.",
    ),
    rule(
        "tag-unknown",
        Warning,
        false,
        "a tag outside the configured vocabulary",
        "qbank.toml declares `[tags] vocabulary = [...]` and this tag is not in it. Without a vocabulary the rule is silent.",
    ),
    rule(
        "duplicate-question",
        Warning,
        false,
        "the same question asked twice",
        "Two premium questions (or code examples), in one bank or across banks, ask nearly the same thing, judged by their title words weighted by rarity. Reported at the later one with the line of the earlier. Merge them, or reword one if they really differ. A reference row restating a premium question is the expected shape and is not reported.",
    ),
    rule(
        "reference-numbering",
        Warning,
        true,
        "the Quick Reference table's numbers skip, repeat or go backwards",
        "The Sno column counts rows 1, 2, 3... `--fix` renumbers the table when only the numbering is wrong.",
    ),
    rule(
        "reference-row",
        Warning,
        false,
        "a Quick Reference row is malformed",
        "The row has a different number of cells than the header, an empty question title, or a difficulty other than Easy, Medium or Hard.",
    ),
    rule(
        "redundant-marker",
        Info,
        false,
        "a [HARD] marker repeats the difficulty column",
        "A `**[HARD]**` marker at the start of a reference title says what the Difficulty column already says; qbank drops it from the title.",
    ),
    rule(
        "link-anchor",
        Warning,
        false,
        "an in-page #anchor matches no heading",
        "The link points at `#anchor` but no heading of this page has that anchor under MkDocs' rules (lowercase, punctuation dropped, spaces to `-`, repeats get `_1`).",
    ),
    rule(
        "link-file",
        Warning,
        false,
        "a relative link points at a missing file",
        "The link is relative to this Markdown file, and nothing exists at that path.",
    ),
    rule(
        "link-malformed",
        Error,
        false,
        "an empty or unparsable link target",
        "The link target is empty or is not a valid URL.",
    ),
    rule(
        "link-insecure",
        Info,
        false,
        "an http:// link to a host that serves https",
        "Checked with `--online`: the same URL answers over https, so the link can be upgraded.",
    ),
    rule(
        "link-dead",
        Error,
        false,
        "a link that does not resolve",
        "Checked with `--online`: the URL answered with an error status after retries, or did not answer at all. Accepted status codes and excluded patterns are configured under `[links]` in qbank.toml.",
    ),
    rule(
        "unused-suppression",
        Info,
        false,
        "a qbank-disable comment that silences nothing",
        "A `<!-- qbank-disable-next-line RULE -->`, `<!-- qbank-disable-line RULE -->`, `<!-- qbank-disable RULE -->` … `<!-- qbank-enable RULE -->` or `<!-- qbank-disable-file RULE -->` comment silences the named rules (every rule when none is named) on the lines it covers. One that covers no finding, or names no rule, is reported so that stale comments do not hide the next real problem: remove it.",
    ),
    rule(
        "unrecognized",
        Info,
        false,
        "content between questions that belongs to no question",
        "A heading or block among the questions is not part of any question (no metadata line, no answer admonition). It is kept in the JSON's `sections` and exported as plain content, but no card or question is made from it.",
    ),
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert!(
            ids.iter()
                .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
