//! The disk cache of highlighted blocks, by content hash: SHA-256 of the
//! qbank version, the query version, the language and the code. One file per
//! block, written to a temporary file and renamed into place, so concurrent
//! builds see a whole entry or none. An entry that does not check out (wrong
//! magic, key or checksum, runs outside the text) is ignored and recomputed:
//! the cache can make a build faster, never different. Bounded: when a build
//! opens it and it holds more than [`MAX_BYTES`], the least recently written
//! entries go until it is under three quarters of that.
//!
//! Location: `$QBANK_CACHE_DIR`, else `$XDG_CACHE_HOME/qbank`, else
//! `~/.cache/qbank`; entries live under `highlight-v<QUERY_VERSION>/`.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Class, Lang, Run};

/// Bumped whenever a query or the class mapping changes what runs a block
/// gets, so that old entries are never read.
pub const QUERY_VERSION: u32 = 1;

/// The cache's size bound.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

const MAGIC: &[u8; 8] = b"qbankhl1";

/// An open cache directory.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in its default place, created if need be; `None` when no
    /// place can be found or made (highlighting then runs uncached).
    pub fn open_default() -> Option<Cache> {
        Cache::open(&default_dir()?)
    }

    /// The cache under `root`, pruned to its bound.
    pub fn open(root: &Path) -> Option<Cache> {
        let dir = root.join(format!("highlight-v{QUERY_VERSION}"));
        std::fs::create_dir_all(&dir).ok()?;
        let cache = Cache { dir };
        cache.prune(MAX_BYTES);
        Some(cache)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn key(lang: Lang, code: &str) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update([0]);
        hash.update(QUERY_VERSION.to_le_bytes());
        hash.update(lang.name().as_bytes());
        hash.update([0]);
        hash.update(code.as_bytes());
        hash.finalize().into()
    }

    fn path(&self, key: &[u8; 32]) -> PathBuf {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The cached runs of a block, if there is a sound entry.
    pub fn get(&self, lang: Lang, code: &str) -> Option<Vec<Run>> {
        let key = Cache::key(lang, code);
        let bytes = std::fs::read(self.path(&key)).ok()?;
        decode(&bytes, &key, code)
    }

    /// Stores the runs of a block; failures only cost a later recomputation.
    pub fn put(&self, lang: Lang, code: &str, runs: &[Run]) {
        let key = Cache::key(lang, code);
        let path = self.path(&key);
        let Some(parent) = path.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(mut temp) = tempfile::Builder::new().prefix(".tmp-").tempfile_in(parent) else {
            return;
        };
        if temp.write_all(&encode(&key, runs)).is_ok() {
            let _ = temp.persist(&path);
        }
    }

    /// Removes the oldest entries (and temporary files a killed build left)
    /// while the cache is over `bound`.
    pub fn prune(&self, bound: u64) {
        let mut entries = Vec::new();
        let mut total = 0u64;
        let Ok(shards) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for shard in shards.flatten() {
            let Ok(files) = std::fs::read_dir(shard.path()) else {
                continue;
            };
            for file in files.flatten() {
                let Ok(meta) = file.metadata() else { continue };
                let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                total += meta.len();
                entries.push((modified, file.path(), meta.len()));
            }
        }
        if total <= bound {
            return;
        }
        entries.sort();
        let target = bound / 4 * 3;
        for (_, path, len) in entries {
            if total <= target {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

/// `$QBANK_CACHE_DIR`, else `$XDG_CACHE_HOME/qbank`, else `~/.cache/qbank`.
pub fn default_dir() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("QBANK_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = var("XDG_CACHE_HOME").map(PathBuf::from)
        && dir.is_absolute()
    {
        return Some(dir.join("qbank"));
    }
    var("HOME").map(|home| PathBuf::from(home).join(".cache").join("qbank"))
}

/// magic, key, run count, runs (start, end: u32 LE; class: u8), SHA-256 of
/// everything before it.
fn encode(key: &[u8; 32], runs: &[Run]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + 32 + 4 + runs.len() * 9 + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key);
    out.extend_from_slice(&(runs.len() as u32).to_le_bytes());
    for run in runs {
        out.extend_from_slice(&run.start.to_le_bytes());
        out.extend_from_slice(&run.end.to_le_bytes());
        out.push(run.class.code());
    }
    let sum: [u8; 32] = Sha256::digest(&out).into();
    out.extend_from_slice(&sum);
    out
}

fn decode(bytes: &[u8], key: &[u8; 32], code: &str) -> Option<Vec<Run>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?.strip_prefix(key)?;
    let (count, mut rest) = rest.split_at_checked(4)?;
    let count = u32::from_le_bytes(count.try_into().ok()?) as usize;
    if rest.len() != count.checked_mul(9)? {
        return None;
    }
    let mut runs = Vec::with_capacity(count);
    let mut at = 0u32;
    while let Some((run, tail)) = rest.split_at_checked(9) {
        let start = u32::from_le_bytes(run[0..4].try_into().ok()?);
        let end = u32::from_le_bytes(run[4..8].try_into().ok()?);
        let class = Class::from_code(run[8])?;
        let sound = start >= at
            && end > start
            && (end as usize) <= code.len()
            && code.is_char_boundary(start as usize)
            && code.is_char_boundary(end as usize);
        if !sound {
            return None;
        }
        runs.push(Run { start, end, class });
        at = end;
        rest = tail;
    }
    Some(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs() -> Vec<Run> {
        vec![
            Run {
                start: 0,
                end: 3,
                class: Class::Keyword,
            },
            Run {
                start: 4,
                end: 7,
                class: Class::String,
            },
        ]
    }

    #[test]
    fn round_trips_and_rejects_damage() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let code = "def 'x'\n";
        assert_eq!(cache.get(Lang::Python, code), None);
        cache.put(Lang::Python, code, &runs());
        assert_eq!(cache.get(Lang::Python, code), Some(runs()));
        // Another language or text is another entry.
        assert_eq!(cache.get(Lang::Sql, code), None);
        // A damaged entry is ignored.
        let path = cache.path(&Cache::key(Lang::Python, code));
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() - 40;
        bytes[at] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get(Lang::Python, code), None);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(cache.get(Lang::Python, code), None);
    }

    #[test]
    fn runs_outside_the_text_are_refused() {
        let key = Cache::key(Lang::Python, "ab");
        let bad = encode(&key, &runs());
        assert_eq!(decode(&bad, &key, "ab"), None);
        assert!(decode(&encode(&key, &runs()), &key, "def 'x'\n").is_some());
    }

    #[test]
    fn prunes_the_oldest_entries_past_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        for i in 0..20 {
            cache.put(Lang::Python, &format!("x = {i}\n"), &runs()[..1]);
        }
        let size = |c: &Cache| walk_size(&c.dir);
        let before = size(&cache);
        cache.prune(before / 2);
        let after = size(&cache);
        assert!(after <= before / 2 / 4 * 3 + 100, "{before} -> {after}");
        assert!(after > 0);
    }

    fn walk_size(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    walk_size(&e.path())
                } else {
                    e.metadata().unwrap().len()
                }
            })
            .sum()
    }
}
