//! Code blocks, for every target that writes HTML. Plain (the JSON's `html`
//! fields): the text whole. For people (HTML page, EPUB, Anki): each source
//! line its own `<span class="line">`, so that where code wraps
//! (EPUB, Anki, print) a wrapped line keeps its indentation with a hanging
//! indent (`i<N>` classes, N the line's indentation in columns) and a
//! continuation bar; tokens coloured from the build's [`Highlights`]. Blocks
//! drawn with box-drawing characters are marked `diagram`: they never wrap.

use std::fmt::Write;
use std::sync::LazyLock;

use super::escape::{escape, push_text};
use crate::highlight::{Class, Highlights, Run, palette};

/// How a target shows code blocks.
#[derive(Clone, Copy, Default)]
pub enum CodeStyle<'a> {
    /// One text run, no line elements, no colours: the JSON's `html` fields.
    #[default]
    Plain,
    /// Line elements and token classes, styled by the target's stylesheet.
    Classes(&'a Highlights),
    /// Line elements and tokens with inline styles, for targets without a
    /// stylesheet (Anki cards); long blocks fold.
    Inline(&'a Highlights),
}

/// Lines beyond which an inline-styled block folds into `<details>`.
pub const FOLD_LINES: usize = 30;
/// Lines a folded block shows before its `<details>`.
pub const FOLD_SHOWN: usize = 15;
/// Indentation classes stop here (`i40`): wider indents wrap under column 42.
pub const MAX_INDENT: usize = 40;

/// Whether an unlabelled block is a box-drawing diagram: two lines or more
/// with box-drawing characters (U+2500 to U+257F) in them.
pub fn is_diagram(language: Option<&str>, text: &str) -> bool {
    let plain = language.is_none_or(|l| matches!(l, "text" | "txt" | "plain" | "plaintext"));
    plain
        && text
            .lines()
            .filter(|line| line.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)))
            .take(2)
            .count()
            == 2
}

/// The columns a line is indented by (a tab to the next multiple of 4).
fn indent(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns = (columns / 4 + 1) * 4,
            _ => break,
        }
    }
    columns.min(MAX_INDENT)
}

// Inline styles are repeated on every block and line of a deck, so they are
// written without optional spaces.
const ANKI_PRE: &str = "text-align:left;white-space:pre-wrap;font-size:0.8em;line-height:1.4;padding:0.5em 0.7em;margin:0.5em 0;border-radius:4px";
const ANKI_DIAGRAM: &str = "text-align:left;white-space:pre;overflow-x:auto;font-size:0.7em;line-height:1.4;padding:0.5em 0.7em;margin:0.5em 0;border-radius:4px";

/// The class of an inline-styled code block, which [`night_style`] selects.
pub const ANKI_CODE_CLASS: &str = "qbank-code";

/// A `<style>` element for a card that holds code: in Anki's night mode
/// (`nightMode` on the desktop, `night_mode` on AnkiDroid) the code box and
/// its tokens, styled inline for the light card, take the dark palette. A
/// card carries no stylesheet of its own, and only a stylesheet can tell
/// night from day; `!important` is what overrides the box's inline style.
pub fn night_style() -> &'static str {
    static STYLE: LazyLock<String> = LazyLock::new(|| {
        let scoped = |rest: &str| {
            format!(
                ".nightMode pre.{ANKI_CODE_CLASS}{rest},.night_mode pre.{ANKI_CODE_CLASS}{rest}"
            )
        };
        let mut style = format!(
            "<style>{}{{background:{}!important;color:{}!important;border-color:{}!important}}",
            scoped(""),
            palette::DARK_BACKGROUNDS[0],
            palette::DARK_TEXT,
            palette::DARK_BORDER
        );
        let mut done: Vec<&str> = Vec::new();
        for class in Class::ALL {
            let light = palette::light(class);
            if !done.contains(&light) {
                done.push(light);
                let token = format!(" font[color=\"{light}\"]");
                let _ = write!(
                    style,
                    "{}{{color:{}!important}}",
                    scoped(&token),
                    palette::dark(class)
                );
            }
        }
        style.push_str("</style>");
        style
    });
    &STYLE
}

/// Writes a code block: `<pre>`, `<code>` with the language's class, then
/// the text whole (plain) or its lines.
pub fn write(
    out: &mut String,
    style: CodeStyle<'_>,
    language: Option<&str>,
    lang_class: Option<&str>,
    text: &str,
) {
    let code_open = match lang_class {
        Some(lang) => format!("<code class=\"language-{lang}\">"),
        None => "<code>".to_owned(),
    };
    let (highlights, inline) = match style {
        CodeStyle::Plain => {
            out.push_str("<pre>");
            out.push_str(&code_open);
            push_text(out, text);
            out.push_str("</code></pre>\n");
            return;
        }
        CodeStyle::Classes(h) => (h, false),
        CodeStyle::Inline(h) => (h, true),
    };
    let diagram = is_diagram(language, text);
    let block = highlights.block(language, text);
    let runs = block.map_or(&[][..], |block| block.runs());
    if !inline {
        out.push_str(if diagram {
            "<pre class=\"diagram\">"
        } else {
            "<pre>"
        });
        out.push_str(&code_open);
        match block {
            Some(block) => out.push_str(block.lines_with_classes(|| {
                let mut lines = String::with_capacity(text.len() * 2);
                write_lines(&mut lines, text, runs, false, 0, usize::MAX);
                lines
            })),
            None => write_lines(out, text, runs, false, 0, usize::MAX),
        }
        out.push_str("</code></pre>\n");
        return;
    }
    let pre_style = format!(
        "{};background:{};color:{};border:1px solid {}",
        if diagram { ANKI_DIAGRAM } else { ANKI_PRE },
        palette::ANKI_BACKGROUND,
        palette::ANKI_TEXT,
        palette::ANKI_BORDER
    );
    let pre = format!(
        "<pre class=\"{ANKI_CODE_CLASS}\" style=\"{}\">",
        escape(&pre_style)
    );
    let lines = text.lines().count();
    out.push_str(&pre);
    out.push_str(&code_open);
    // A diagram is read whole: folding would cut its boxes in half.
    if diagram || lines <= FOLD_LINES {
        write_lines(out, text, runs, !diagram, 0, usize::MAX);
        out.push_str("</code></pre>\n");
        return;
    }
    write_lines(out, text, runs, !diagram, 0, FOLD_SHOWN);
    out.push_str("</code></pre>\n");
    let _ = write!(
        out,
        "<details><summary>{} more lines</summary>\n{pre}{code_open}",
        lines - FOLD_SHOWN
    );
    write_lines(out, text, runs, !diagram, FOLD_SHOWN, usize::MAX);
    out.push_str("</code></pre>\n</details>\n");
}

/// The opening tag of a line indented `columns` columns. Pages hold tens of
/// thousands of lines, so the tags are made once, not formatted per line.
fn line_open(columns: usize, inline: bool) -> &'static str {
    static TAGS: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
        let classes = (0..=MAX_INDENT)
            .map(|columns| match columns {
                0 => "<span class=\"line\">".to_owned(),
                n => format!("<span class=\"line i{n}\">"),
            })
            .collect();
        // Inline: a hanging indent two columns under the line's own
        // indentation, and a bar beside the rows that continue it (a
        // one-colour gradient from the second row down).
        let inline = (0..=MAX_INDENT)
            .map(|columns| {
                let hang = columns + 2;
                format!(
                    "<span style=\"display:block;padding-left:{hang}ch;text-indent:-{hang}ch;background:linear-gradient({bar} 0 0) 0 1.4em/2px calc(100% - 1.4em) no-repeat\">",
                    bar = palette::ANKI_BORDER_STRONG
                )
            })
            .collect();
        [classes, inline]
    });
    &TAGS[usize::from(inline)][columns.min(MAX_INDENT)]
}

/// The tags around a token: a class, or (inline) Anki's own `<font color>`,
/// shorter than a styled span and free of quotes, which the deck's CSV
/// would double.
fn token_tags(class: Class, inline: bool) -> (&'static str, &'static str) {
    static OPEN: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
        let classes = Class::ALL
            .iter()
            .map(|class| format!("<span class=\"{}\">", class.css()))
            .collect();
        let inline = Class::ALL
            .iter()
            .map(|class| format!("<font color={}>", palette::light(*class)))
            .collect();
        [classes, inline]
    });
    let open = &OPEN[usize::from(inline)][class as usize];
    (open, if inline { "</font>" } else { "</span>" })
}

/// Writes lines `from..to` of `text`, each in its line element, with the
/// runs that fall in them.
fn write_lines(out: &mut String, text: &str, runs: &[Run], inline: bool, from: usize, to: usize) {
    let mut next = 0; // first run that may still touch the lines ahead
    let mut start = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let end = start + line.len();
        if number >= to {
            break;
        }
        if number < from {
            start = end;
            continue;
        }
        out.push_str(line_open(indent(line), inline));
        while next < runs.len() && (runs[next].end as usize) <= start {
            next += 1;
        }
        let mut at = start;
        let mut i = next;
        while i < runs.len() && (runs[i].start as usize) < end {
            let run = runs[i];
            let (s, e) = ((run.start as usize).max(start), (run.end as usize).min(end));
            push_text(out, &text[at..s]);
            // A run's newline stays outside its span: the line ends first.
            let token = text[s..e].trim_end_matches('\n');
            if !token.is_empty() {
                let (open, close) = token_tags(run.class, inline);
                out.push_str(open);
                push_text(out, token);
                out.push_str(close);
            }
            push_text(out, &text[s + token.len()..e]);
            at = e;
            i += 1;
        }
        push_text(out, &text[at..end]);
        out.push_str("</span>");
        start = end;
    }
}
