//! Standard input as a bank: `-` among the paths. Standard input can be read
//! only once, but lint reads a bank twice (once to check it, once to quote
//! its lines), so the bytes are kept for the process, as is the document id
//! the user gave it with `--stdin-id` (a stream has no file name to derive one from).

use std::path::Path;
use std::sync::OnceLock;

/// How stdin is named in messages and in the IR's `source.path`.
pub const DISPLAY_NAME: &str = "<stdin>";

static BYTES: OnceLock<Result<Vec<u8>, (std::io::ErrorKind, String)>> = OnceLock::new();
static DOCUMENT_ID: OnceLock<String> = OnceLock::new();

/// Whether `path` stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Names the bank read from standard input (`--stdin-id`); the first name given wins.
pub fn set_document_id(id: &str) {
    let _ = DOCUMENT_ID.set(crate::parse::ids::document_id(id));
}

/// The document id of the bank on standard input: `--stdin-id`, else `stdin`.
pub fn document_id() -> String {
    DOCUMENT_ID
        .get()
        .cloned()
        .unwrap_or_else(|| "stdin".to_owned())
}

/// Standard input's bytes, read on first use, at most `max_size + 1` of them
/// (so the caller can tell that the limit was passed).
pub fn bytes(max_size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let read = BYTES.get_or_init(|| {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| (e.kind(), e.to_string()))
    });
    match read {
        Ok(bytes) => Ok(bytes.clone()),
        Err((kind, message)) => Err(std::io::Error::new(*kind, message.clone())),
    }
}
