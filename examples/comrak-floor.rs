//! Whole-process comrak floor for `make bench`: reads every Markdown file of the
//! directories or files given, dedents admonition bodies, and parses and
//! renders each with comrak once, on one thread. Prints bytes and HTML bytes.

#[path = "../benches/support/floor.rs"]
mod floor;

use std::path::{Path, PathBuf};

/// A file as given, or the Markdown files of a directory as qbank lists them.
fn markdown_files(arg: &Path) -> std::io::Result<Vec<PathBuf>> {
    if arg.is_file() {
        return Ok(vec![arg.to_path_buf()]);
    }
    qbank::source::markdown_files_in(arg)
}

fn main() -> std::io::Result<()> {
    let options = floor::options();
    let (mut read, mut rendered) = (0, 0);
    for arg in std::env::args_os().skip(1) {
        for file in markdown_files(Path::new(&arg))? {
            let text = std::fs::read_to_string(&file)?;
            read += text.len();
            rendered += floor::parse_and_render(&floor::dedent_admonitions(&text), &options);
        }
    }
    println!("{read} bytes read, {rendered} bytes of HTML");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::floor::dedent_admonitions;

    #[test]
    fn bodies_lose_their_indentation_and_nesting_is_followed() {
        let text = "??? success \"View Answer\"\n\n    Answer **here**.\n\n    !!! tip \"Insight\"\n        Nested.\n\n    Back.\n\nOut.\n";
        assert_eq!(
            dedent_admonitions(text),
            "??? success \"View Answer\"\n\nAnswer **here**.\n\n!!! tip \"Insight\"\nNested.\n\nBack.\n\nOut.\n"
        );
    }
}
