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

/// Repairs `path` (of at most `max_file_size` bytes) in place unless
/// `check_only`. Standard input (`-`) is a filter: its text, repaired or not,
/// goes to standard output.
pub fn fix(path: &Path, check_only: bool, max_file_size: u64) -> Result<FixOutcome, CommandError> {
    let src = Source::read(path, max_file_size)?;
    // Said as done, or as to do when only checking.
    let (repair, remove) = if check_only {
        ("repair", "remove")
    } else {
        ("repaired", "removed")
    };
    let mut repairs = Vec::new();
    if let Some((code_page, changed)) = src.fixes.mojibake {
        repairs.push(format!(
            "{repair} {} mojibake ({changed} garbled characters)",
            code_page.label()
        ));
    }
    if src.fixes.had_bom {
        repairs.push(format!("{remove} the byte-order mark"));
    }
    let to_stdout = crate::source::stdin::is_stdin(path);
    if (!repairs.is_empty() || to_stdout) && !check_only {
        let text = if src.fixes.had_crlf {
            src.text.replace('\n', "\r\n")
        } else {
            src.text.clone()
        };
        let written = if to_stdout {
            std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        } else {
            crate::output::write_atomic(path, text.as_bytes())
        };
        match written {
            // The reader went away (`| head`): nothing more to say.
            Err(e) if to_stdout && e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => {
                let shown = if to_stdout {
                    Path::new("<stdout>")
                } else {
                    path
                };
                other.map_err(|e| CommandError::write(shown, e))?
            }
        }
    }
    Ok(FixOutcome {
        path: src.path,
        repairs,
    })
}
