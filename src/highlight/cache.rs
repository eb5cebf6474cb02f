//! The disk cache of highlighted blocks, by content hash. One pack file per
//! bank (named by a hash of its path) holds the runs of each of its blocks,
//! keyed by SHA-256 of the qbank version, the query version, the language and
//! the code: a rebuild reads one file per bank, not one per block, and after
//! an edit it recomputes only the blocks whose text changed. A pack is
//! written to a temporary file and renamed into place, so concurrent builds
//! see a whole pack or none. A pack or an entry that does not check out
//! (wrong magic, checksum or key, runs outside the text) is ignored and
//! recomputed: the cache can make a build faster, never different. Bounded:
//! when a build opens it and it holds more than [`MAX_BYTES`], the least
//! recently written packs go until it is under three quarters of that.
//!
//! Location: `$QBANK_CACHE_DIR`, else `$XDG_CACHE_HOME/qbank`, else
//! `~/.cache/qbank`; packs live under `highlight-v<QUERY_VERSION>/`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Class, Lang, Run};

/// Bumped whenever a query or the class mapping changes what runs a block
/// gets, so that old entries are never read.
pub const QUERY_VERSION: u32 = 3;

/// The cache's size bound.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

const MAGIC: &[u8; 8] = b"qbankhp1";

/// A block's cache key.
pub type Key = [u8; 32];

/// An open cache directory.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
}

/// The cached runs of one bank's blocks, by key.
#[derive(Debug, Default, PartialEq)]
pub struct Pack {
    entries: HashMap<Key, Vec<Run>>,
}

impl Pack {
    /// The runs of `code`, if this pack holds a sound entry for it.
    pub fn get(&self, key: &Key, code: &str) -> Option<&[Run]> {
        let runs = self.entries.get(key)?;
        runs_fit(runs, code).then_some(runs.as_slice())
    }

    /// Whether the pack holds exactly `runs` under `key`.
    pub fn holds(&self, key: &Key, runs: &[Run]) -> bool {
        self.entries.get(key).is_some_and(|held| held == runs)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
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

    /// The key of a block of `lang` reading `code`.
    pub fn key(lang: Lang, code: &str) -> Key {
        let mut hash = Sha256::new();
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update([0]);
        hash.update(QUERY_VERSION.to_le_bytes());
        hash.update(lang.name().as_bytes());
        hash.update([0]);
        hash.update(code.as_bytes());
        hash.finalize().into()
    }

    fn path(&self, bank: &str) -> PathBuf {
        let digest = Sha256::digest(bank.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The pack of the bank at `bank` (its path); empty when there is none
    /// or it does not check out.
    pub fn load(&self, bank: &str) -> Pack {
        std::fs::read(self.path(bank))
            .ok()
            .and_then(|bytes| decode(&bytes))
            .unwrap_or_default()
    }

    /// Replaces the pack of `bank` with `entries` (in the order given, so
    /// the file is the same for the same blocks); failures only cost a later
    /// recomputation.
    pub fn store(&self, bank: &str, entries: &[(Key, &[Run])]) {
        let path = self.path(bank);
        let Some(parent) = path.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(mut temp) = tempfile::Builder::new().prefix(".tmp-").tempfile_in(parent) else {
            return;
        };
        if temp.write_all(&encode(entries)).is_ok() {
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

/// magic, entry count, then per entry its key, run count and runs (start,
/// end: u32 LE; class: u8); last, SHA-256 of everything before it.
fn encode(entries: &[(Key, &[Run])]) -> Vec<u8> {
    let size: usize = entries.iter().map(|(_, runs)| 36 + runs.len() * 9).sum();
    let mut out = Vec::with_capacity(8 + 4 + size + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (key, runs) in entries {
        out.extend_from_slice(key);
        out.extend_from_slice(&(runs.len() as u32).to_le_bytes());
        for run in *runs {
            out.extend_from_slice(&run.start.to_le_bytes());
            out.extend_from_slice(&run.end.to_le_bytes());
            out.push(run.class.code());
        }
    }
    let sum: [u8; 32] = Sha256::digest(&out).into();
    out.extend_from_slice(&sum);
    out
}

fn decode(bytes: &[u8]) -> Option<Pack> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?;
    let count = take_u32(&mut rest)?;
    let mut entries = HashMap::with_capacity(count.min(1 << 16) as usize);
    for _ in 0..count {
        let (key, tail) = rest.split_at_checked(32)?;
        rest = tail;
        let key: Key = key.try_into().ok()?;
        let runs = take_u32(&mut rest)? as usize;
        let (data, tail) = rest.split_at_checked(runs.checked_mul(9)?)?;
        rest = tail;
        let runs = data
            .chunks_exact(9)
            .map(|run| {
                Some(Run {
                    start: u32::from_le_bytes(run[0..4].try_into().ok()?),
                    end: u32::from_le_bytes(run[4..8].try_into().ok()?),
                    class: Class::from_code(run[8])?,
                })
            })
            .collect::<Option<Vec<Run>>>()?;
        entries.insert(key, runs);
    }
    rest.is_empty().then_some(Pack { entries })
}

fn take_u32(bytes: &mut &[u8]) -> Option<u32> {
    let (head, tail) = bytes.split_at_checked(4)?;
    *bytes = tail;
    Some(u32::from_le_bytes(head.try_into().ok()?))
}

/// Whether `runs` are ordered, non-empty ranges on character boundaries of `code`.
fn runs_fit(runs: &[Run], code: &str) -> bool {
    let mut at = 0u32;
    runs.iter().all(|run| {
        let sound = run.start >= at
            && run.end > run.start
            && (run.end as usize) <= code.len()
            && code.is_char_boundary(run.start as usize)
            && code.is_char_boundary(run.end as usize);
        at = run.end;
        sound
    })
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
        let key = Cache::key(Lang::Python, code);
        assert!(cache.load("bank.md").is_empty());
        cache.store("bank.md", &[(key, &runs())]);
        let pack = cache.load("bank.md");
        assert_eq!(pack.get(&key, code), Some(runs().as_slice()));
        // Another language, text or bank is another entry.
        assert_eq!(pack.get(&Cache::key(Lang::Sql, code), code), None);
        assert!(cache.load("other.md").is_empty());
        // A damaged pack is ignored.
        let path = cache.path("bank.md");
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() - 40;
        bytes[at] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(cache.load("bank.md").is_empty());
        std::fs::write(&path, b"").unwrap();
        assert!(cache.load("bank.md").is_empty());
    }

    #[test]
    fn runs_outside_the_text_are_refused() {
        let key = Cache::key(Lang::Python, "ab");
        let pack = decode(&encode(&[(key, &runs())])).unwrap();
        assert_eq!(pack.get(&key, "ab"), None);
        assert!(pack.get(&key, "def 'x'\n").is_some());
    }

    #[test]
    fn prunes_the_oldest_entries_past_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        for i in 0..20 {
            let code = format!("x = {i}\n");
            let key = Cache::key(Lang::Python, &code);
            cache.store(&format!("bank-{i}.md"), &[(key, &runs()[..1])]);
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
