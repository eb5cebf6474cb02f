//! `qbank fix`: writes back what the reader repairs (mojibake, a BOM), keeping
//! the file's line endings. `--check` only reports, for CI.

use std::path::Path;

use crate::commands::CommandError;
use crate::source::Source;

/// What `fix` did (or would do) to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub path: String,
    /// Human descriptions of the repairs; empty when the file was clean.
    pub repairs: Vec<String>,
}

/// Repairs `path` (of at most `max_file_size` bytes) in place unless `check_only`.
pub fn fix(path: &Path, check_only: bool, max_file_size: u64) -> Result<FixOutcome, CommandError> {
    let src = Source::read(path, max_file_size)?;
    let mut repairs = Vec::new();
    if let Some((code_page, changed)) = src.fixes.mojibake {
        repairs.push(format!(
            "repaired {} mojibake ({changed} garbled characters removed)",
            code_page.label()
        ));
    }
    if src.fixes.had_bom {
        repairs.push("removed the byte-order mark".to_owned());
    }
    if !repairs.is_empty() && !check_only {
        let text = if src.fixes.had_crlf {
            src.text.replace('\n', "\r\n")
        } else {
            src.text.clone()
        };
        crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| CommandError::write(path, e))?;
    }
    Ok(FixOutcome {
        path: src.path,
        repairs,
    })
}
