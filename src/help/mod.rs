//! What each command says about itself beyond its options: working examples
//! and exit codes. One table per command (`guides.rs`) feeds both the end of
//! its `--help` and the EXAMPLES and EXIT STATUS sections of its man page
//! (`man.rs`), so the two cannot drift apart; `man.rs` also makes the shell
//! completion scripts.

mod guides;
mod man;

pub(crate) use guides::*;
pub(crate) use man::{completions, write_man_pages};

/// The examples and exit codes of one command.
pub(crate) struct Guide {
    /// Command lines that work as written from the root of this repository,
    /// each with what it does.
    pub(crate) examples: &'static [(&'static str, &'static str)],
    /// Every exit status the command can end with, and what it means there.
    pub(crate) exit_codes: &'static [(u8, &'static str)],
}

/// Width the help texts are wrapped at: a terminal of 80 columns, as clap's
/// own option list is when the terminal is not wider.
const WIDTH: usize = 80;

impl Guide {
    /// The text after the option list in `--help`.
    pub(crate) fn after_help(&self) -> String {
        let mut text = String::from("Examples:\n");
        // Each description above its command as a shell comment: commands
        // are too long for a column beside them, and the lines still paste
        // into a shell.
        for (command, what) in self.examples {
            text.push_str(&format!("  # {}\n  {command}\n", wrap(what, 4, "  # ")));
        }
        text.push_str("\nExit codes:\n");
        for (code, meaning) in self.exit_codes {
            text.push_str(&format!("  {code}  {}\n", wrap(meaning, 5, "     ")));
        }
        text.pop();
        text
    }
}

/// `text` broken at spaces to fit in `WIDTH` after an indent of `indent`
/// columns (the caller writes the first line's), continuation lines starting
/// with `prefix`.
fn wrap(text: &str, indent: usize, prefix: &str) -> String {
    let mut out = String::new();
    let mut used = indent;
    for word in text.split(' ') {
        if used > indent && used + 1 + word.len() > WIDTH {
            out.push('\n');
            out.push_str(prefix);
            used = prefix.len();
        } else if used > indent {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += word.len();
    }
    out
}
