//! The examples and exit codes of every command, as data: each example is a
//! command line that works as written from the root of this repository.

use super::Guide;

/// Exit codes of the commands that read banks and write exports.
const EXPORT_EXIT: &[(u8, &str)] = &[
    (0, "every bank exported"),
    (
        1,
        "a bank's content is at fault: invalid UTF-8 or binary, over --max-file-size, two banks \
         with one id",
    ),
    (
        2,
        "a usage or I/O problem: a missing bank or an empty directory, an output that cannot be \
         written or is refused (an input, Markdown, a file of another format without --force)",
    ),
];

pub(crate) const QBANK: Guide = Guide {
    examples: &[
        ("qbank build", "every bank under content/ into exports/"),
        (
            "qbank export json content/python.md -o python.json",
            "one bank as JSON",
        ),
        (
            "qbank export json --format jsonl content/*.md | jq -r .title",
            "one question per line",
        ),
        (
            "qbank export pdf content/python.md -o python-handout.pdf --mode handout",
            "questions with lines to write on",
        ),
        (
            "qbank export epub content/*.md -o interview-questions.epub",
            "one book, a chapter per bank",
        ),
        ("qbank lint --deny warnings", "fail on warnings too"),
        (
            "qbank fix --check content/*.md",
            "fail when a file needs an encoding repair",
        ),
        ("qbank schema > qbank.schema.json", "the JSON's contract"),
        (
            "qbank completions bash > ~/.local/share/bash-completion/completions/qbank",
            "tab completion in bash",
        ),
        (
            "qbank man target/man",
            "a man page per command; then man -l target/man/qbank-lint.1",
        ),
        (
            "qbank export pdf --help",
            "each command's options and examples",
        ),
    ],
    exit_codes: &[
        (0, "success"),
        (
            1,
            "a content problem: invalid UTF-8, a file over the size limit, lint errors, \
             `fix --check` finding something to repair",
        ),
        (2, "a usage or I/O problem"),
    ],
};

pub(crate) const BUILD: Guide = Guide {
    examples: &[
        (
            "qbank build",
            "every bank under content/ (subdirectories too) into exports/, in every format but jsonl",
        ),
        (
            "qbank build content -o /tmp/out --formats json,jsonl",
            "only the JSON documents and JSON lines",
        ),
        (
            "qbank build --clean",
            "also remove the exports of banks that no longer exist",
        ),
        (
            "qbank build -q content/python.md -o /tmp/out",
            "one bank; print nothing but errors",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT: Guide = Guide {
    examples: &[
        (
            "qbank export json content/python.md -o python.json",
            "one bank, one file",
        ),
        (
            "qbank export anki content/*.md -o decks/",
            "one file per bank in decks/",
        ),
        (
            "qbank export pdf content/python.md -o python.pdf --difficulty hard",
            "only the hard questions",
        ),
        (
            "qbank export html content/python.md -o python.html --force",
            "overwrite python.html even if it is not HTML",
        ),
        ("qbank export pdf --help", "a format's own options"),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_JSON: Guide = Guide {
    examples: &[
        (
            "qbank export json content/python.md -o python.json",
            "one document per bank",
        ),
        (
            "qbank export json content/*.md -o out/",
            "out/<id>.json for each bank",
        ),
        (
            "qbank export json --format jsonl content/*.md | jq -r .title",
            "one question per line, banks concatenated",
        ),
        (
            "qbank export json --difficulty hard --tag Concurrency content/python.md",
            "a selection, to standard output",
        ),
        (
            "qbank export json - --stdin-id python < content/python.md",
            "a bank read from standard input, with the id its file name would give",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_ANKI: Guide = Guide {
    examples: &[
        (
            "qbank export anki content/python.md -o python.anki.csv",
            "import it in Anki with File > Import",
        ),
        (
            "qbank export anki --deck Interviews content/python.md -o python.anki.csv",
            "decks under Interviews::",
        ),
        (
            "qbank export anki --kind premium,code-example,reference,prompt content/python.md -o all.anki.csv",
            "every kind of question, not only premium questions and code examples",
        ),
        (
            "qbank export anki content/python.md -o python.anki.csv --manifest python.guids",
            "also name the notes whose questions are gone since the last export",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_PDF: Guide = Guide {
    examples: &[
        (
            "qbank export pdf content/python.md -o python.pdf",
            "a study guide on A4",
        ),
        (
            "qbank export pdf content/python.md -o python-handout.pdf --mode handout",
            "questions with ruled lines, no answers",
        ),
        (
            "qbank export pdf content/python.md -o hard.pdf --difficulty hard --paper letter",
            "the hard questions on US Letter",
        ),
        (
            "qbank export pdf content/*.md -o pdf/",
            "pdf/<id>.pdf for each bank",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_HTML: Guide = Guide {
    examples: &[
        (
            "qbank export html content/python.md -o python.html",
            "one page, answers shown",
        ),
        (
            "qbank export html content/python.md -o python.html --collapsible",
            "answers folded in <details>",
        ),
        (
            "qbank export html content/python.md -o python.html --css site.css",
            "your stylesheet instead of the built-in one",
        ),
        (
            "qbank export html content/*.md -o site/",
            "site/<id>.html for each bank",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const EXPORT_EPUB: Guide = Guide {
    examples: &[
        (
            "qbank export epub content/python.md -o python.epub",
            "one bank, one book",
        ),
        (
            "qbank export epub content/*.md -o interview-questions.epub --title \"Interview questions\"",
            "one book, a chapter per bank",
        ),
        (
            "qbank export epub content/*.md -o books/",
            "books/<id>.epub for each bank",
        ),
    ],
    exit_codes: EXPORT_EXIT,
};

pub(crate) const SCHEMA: Guide = Guide {
    examples: &[
        (
            "qbank schema > qbank.schema.json",
            "the JSON Schema (2020-12) of `qbank export json`",
        ),
        (
            "qbank schema | diff - schema/qbank.schema.json",
            "check the committed copy is current",
        ),
    ],
    exit_codes: &[
        (0, "printed"),
        (
            2,
            "a usage or I/O problem (standard output cannot be written)",
        ),
    ],
};

pub(crate) const FIX: Guide = Guide {
    examples: &[
        (
            "qbank fix content/python.md",
            "repair mojibake and drop a byte-order mark, in place",
        ),
        (
            "qbank fix --check content",
            "change nothing; fail when a bank needs a repair (for CI)",
        ),
        (
            "qbank fix - < download.md > bank.md",
            "repair standard input to standard output",
        ),
    ],
    exit_codes: &[
        (0, "every file repaired or already clean"),
        (
            1,
            "with --check, a file needs a repair; or a file cannot be repaired (invalid UTF-8, \
             over --max-file-size)",
        ),
        (
            2,
            "a usage or I/O problem: a missing file, a file that cannot be written",
        ),
    ],
};

pub(crate) const LINT: Guide = Guide {
    examples: &[
        ("qbank lint", "lint content/"),
        ("qbank lint --deny warnings", "warnings fail too"),
        (
            "qbank lint --format github content",
            "annotations in a GitHub Actions log",
        ),
        (
            "qbank lint --format sarif > qbank.sarif",
            "for code scanning",
        ),
        (
            "qbank lint --format gitlab > gl-code-quality-report.json",
            "a GitLab Code Quality report",
        ),
        (
            "qbank lint --fix",
            "apply the safe fixes (encoding, emoji, numbering), then report",
        ),
        (
            "qbank lint --online --exclude '^https://internal\\.'",
            "also check that links resolve, but not those",
        ),
        (
            "qbank lint --online --exclude-all-private",
            "nor links to private, loopback or link-local addresses",
        ),
        (
            "qbank lint --explain",
            "list the rules; --explain RULE explains one",
        ),
    ],
    exit_codes: &[
        (0, "no errors (warnings allowed)"),
        (1, "errors, or warnings with --deny warnings"),
        (
            2,
            "a usage or I/O problem, or with --online no host could be reached",
        ),
    ],
};

pub(crate) const COMPLETIONS: Guide = Guide {
    examples: &[
        (
            "qbank completions bash > ~/.local/share/bash-completion/completions/qbank",
            "bash, with the bash-completion package: new shells complete qbank",
        ),
        (
            "qbank completions zsh > ~/.zfunc/_qbank",
            "zsh, with fpath+=(~/.zfunc) before compinit in ~/.zshrc",
        ),
        (
            "qbank completions fish > ~/.config/fish/completions/qbank.fish",
            "fish",
        ),
        ("qbank completions powershell >> $PROFILE", "PowerShell"),
    ],
    exit_codes: &[
        (0, "printed"),
        (
            2,
            "a usage or I/O problem: an unknown shell, standard output cannot be written",
        ),
    ],
};

pub(crate) const MAN: Guide = Guide {
    examples: &[
        (
            "qbank man target/man",
            "then read one with man -l target/man/qbank-export-pdf.1",
        ),
        (
            "qbank man ~/.local/share/man/man1",
            "for `man qbank-lint`, when ~/.local/bin is on your PATH",
        ),
    ],
    exit_codes: &[
        (0, "written"),
        (
            2,
            "a usage or I/O problem: the directory cannot be created or written",
        ),
    ],
};
