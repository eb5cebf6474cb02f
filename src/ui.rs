//! How qbank talks to the person at the terminal: one style for every
//! message (`error:`, `warning:`, `note:`, each naming its file once), the
//! verbosity chosen with `-q`/`-v`, and colour chosen with `--color` and the
//! usual environment variables (NO_COLOR, CLICOLOR_FORCE, FORCE_COLOR).

use std::io::IsTerminal;

use clap::ValueEnum;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE or FORCE_COLOR force it)
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether a stream that `is_terminal` (or not) gets colour.
    pub(crate) fn colours(self, is_terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            // NO_COLOR wins over the forcing variables: it is the user's
            // own choice, the others are usually a CI system's default.
            ColorWhen::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
            ColorWhen::Auto => {
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                set("CLICOLOR_FORCE") || set("FORCE_COLOR") || (is_terminal && !dumb)
            }
        }
    }
}

/// How much to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Errors only.
    Quiet,
    Normal,
    /// Also the items that warnings count.
    Verbose,
}

/// Prints messages to standard error.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ui {
    pub(crate) verbosity: Verbosity,
    /// Colour on standard error.
    pub(crate) colour: bool,
    /// What `--color` said, for other streams (lint's report on stdout).
    pub(crate) when: ColorWhen,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

impl Ui {
    pub(crate) fn new(verbosity: Verbosity, colour: ColorWhen) -> Ui {
        Ui {
            verbosity,
            colour: colour.colours(std::io::stderr().is_terminal()),
            when: colour,
        }
    }

    fn label(&self, style: &str, label: &str) -> String {
        if self.colour {
            format!("{style}{label}:{RESET}")
        } else {
            format!("{label}:")
        }
    }

    /// A failure: always shown.
    pub(crate) fn error(&self, message: &str) {
        say(&format!("{} {message}", self.label(RED, "error")));
    }

    pub(crate) fn warning(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            say(&format!("{} {message}", self.label(YELLOW, "warning")));
        }
    }

    pub(crate) fn note(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            say(&format!("{} {message}", self.label(CYAN, "note")));
        }
    }

    /// What was done (`wrote FILE`, the summary line): not shown with `-q`.
    pub(crate) fn info(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            say(message);
        }
    }

    /// One of the items a warning counts: shown with `-v`.
    pub(crate) fn detail(&self, message: &str) {
        if self.verbosity == Verbosity::Verbose {
            if self.colour {
                say(&format!("  {DIM}{message}{RESET}"));
            } else {
                say(&format!("  {message}"));
            }
        }
    }

    pub(crate) fn verbose(&self) -> bool {
        self.verbosity == Verbosity::Verbose
    }

    pub(crate) fn quiet(&self) -> bool {
        self.verbosity == Verbosity::Quiet
    }
}

/// One line to standard error. A reader that went away (`2>&1 | head`) is
/// no reason to fail, let alone panic as `eprintln!` does.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// `1 bank`, `2 banks`: counts in messages read as words, not `bank(s)`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn always_and_never_ignore_the_terminal() {
        assert!(ColorWhen::Always.colours(false));
        assert!(!ColorWhen::Never.colours(true));
    }
}
