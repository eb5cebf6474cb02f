//! `qbank lint --fix`: applies the safe repairs (encoding, difficulty emoji,
//! Quick Reference numbering, company aliases) to each file at once,
//! atomically, keeping its line endings, and says what it changed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Edit;
use crate::lint::{Diagnostic, Fix, LintError};
use crate::source::Source;

/// What `--fix` changed in one file: rule id to number of repairs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    pub file: String,
    pub by_rule: BTreeMap<&'static str, usize>,
}

/// Applies the fixes of `diagnostics`, file by file.
pub fn apply(diagnostics: &[Diagnostic]) -> Result<Vec<Fixed>, LintError> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.fix.is_some()) {
        by_file.entry(&d.file).or_default().push(d);
    }
    by_file
        .into_iter()
        .map(|(file, fixes)| apply_to_file(file, &fixes))
        .collect()
}

fn apply_to_file(file: &str, fixes: &[&Diagnostic]) -> Result<Fixed, LintError> {
    let io = |source| LintError::Io {
        path: file.to_owned(),
        source,
    };
    let path = Path::new(file);
    // Lint read this file within the size limit already; no second limit here.
    let src = Source::read(path, u64::MAX).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    // The reader already repaired the encoding: every edit applies to that text.
    let mut lines: Vec<String> = (1..=src.line_count())
        .map(|n| src.line(n).to_owned())
        .collect();
    let mut edits: Vec<&Edit> = fixes
        .iter()
        .flat_map(|d| match &d.fix {
            Some(Fix::Edits(edits)) => edits.as_slice(),
            _ => &[],
        })
        .collect();
    // Right to left within a line, so earlier byte offsets stay valid.
    edits.sort_by_key(|e| std::cmp::Reverse((e.line, e.start, e.end)));
    edits.dedup();
    // Where two edits overlap, the rightmost wins and the other waits for
    // the next run: applying both would splice one into the other.
    let mut applied_from: Option<(usize, usize)> = None;
    for edit in edits {
        let overlaps =
            applied_from.is_some_and(|(line, start)| line == edit.line && edit.end > start);
        if overlaps {
            continue;
        }
        applied_from = Some((edit.line, edit.start));
        if let Some(line) = lines.get_mut(edit.line - 1)
            && edit.start <= edit.end
            && line.is_char_boundary(edit.start)
            && line.is_char_boundary(edit.end)
            && edit.end <= line.len()
        {
            line.replace_range(edit.start..edit.end, &edit.replacement);
        }
    }
    let newline = if src.fixes.had_crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(newline);
    if src.text.ends_with('\n') {
        text.push_str(newline);
    }
    crate::output::write_atomic(path, text.as_bytes()).map_err(io)?;
    let mut by_rule = BTreeMap::new();
    for d in fixes {
        *by_rule.entry(d.rule.id).or_insert(0) += 1;
    }
    Ok(Fixed {
        file: file.to_owned(),
        by_rule,
    })
}
