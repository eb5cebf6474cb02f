//! Resource limits: the largest file qbank reads and the deepest nesting it
//! keeps. Content comes from pull requests anyone can open, so both are
//! bounded by default; what exceeds them is a content error (lint rules
//! `file-too-large` and `nesting-depth`), never a hang, a crash or gigabytes
//! of memory. `--max-file-size` and `--max-depth` (or `[limits]` in
//! qbank.toml) move them.

use serde::Deserialize;

/// 8 MiB: fourteen times the largest real bank seen (570 KB), and small enough
/// that every backend handles a file of that size in seconds.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Admonitions, quotes, list items and inline markup inside one another.
/// Real banks nest at most 5 deep.
pub const DEFAULT_MAX_DEPTH: usize = 16;

/// The deepest `--max-depth` accepts. The converters and renderers recurse once
/// per level, far inside a worker thread's stack at this depth. The JSON sets
/// the bound: a list level takes four JSON levels, and a table in 28 nested
/// lists of a section reaches 121 of the 128 that serde_json and other
/// readers accept (30 would make 129).
pub const DEPTH_CEILING: usize = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// Bytes.
    #[serde(deserialize_with = "deserialize_size")]
    pub max_file_size: u64,
    #[serde(deserialize_with = "deserialize_depth")]
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// Reads a size: bytes, or a number with a unit (`512K`, `8M`, `8 MiB`, `1G`;
/// units are binary).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 8M, 512K, 1048576)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{text}`: unknown unit (use K, M or G)")),
    };
    number
        .checked_mul(1 << shift)
        .filter(|&bytes| bytes > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))
}

/// Reads a nesting depth between 1 and [`DEPTH_CEILING`].
pub fn parse_depth(text: &str) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|depth| (1..=DEPTH_CEILING).contains(depth))
        .ok_or_else(|| format!("`{text}`: the depth must be a number from 1 to {DEPTH_CEILING}"))
}

/// A size for messages: a whole unit when it is one (`8 MiB`, `512 KiB`),
/// else bytes below a MiB (`2047 bytes`) and MiB with two decimals above.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    if let Some((size, unit)) = UNITS
        .iter()
        .find(|(size, _)| bytes >= *size && bytes.is_multiple_of(*size))
    {
        return format!("{} {unit}", bytes / size);
    }
    if bytes < 1 << 20 {
        format!("{bytes} bytes")
    } else {
        format!("{:.2} MiB", bytes as f64 / (1u64 << 20) as f64)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SizeValue {
    Bytes(u64),
    Text(String),
}

fn deserialize_size<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    match SizeValue::deserialize(deserializer)? {
        SizeValue::Bytes(0) => Err(serde::de::Error::custom("the size must be above 0")),
        SizeValue::Bytes(bytes) => Ok(bytes),
        SizeValue::Text(text) => parse_size(&text).map_err(serde::de::Error::custom),
    }
}

fn deserialize_depth<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    let depth = usize::deserialize(deserializer)?;
    parse_depth(&depth.to_string()).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("8 MiB"), Ok(8 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("8 furlongs").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn depth_stays_within_the_ceiling() {
        assert_eq!(parse_depth("16"), Ok(16));
        assert!(parse_depth("0").is_err());
        assert!(parse_depth(&(DEPTH_CEILING + 1).to_string()).is_err());
    }

    #[test]
    fn sizes_print_in_the_largest_whole_unit() {
        assert_eq!(human_size(8 << 20), "8 MiB");
        assert_eq!(human_size(20_971_560), "20.00 MiB");
        assert_eq!(human_size(2047), "2047 bytes");
        assert_eq!(human_size(3 << 10), "3 KiB");
    }

    #[test]
    fn config_accepts_bytes_or_text() {
        let limits: Limits = toml::from_str("max-file-size = \"2M\"\nmax-depth = 8").unwrap();
        assert_eq!(
            limits,
            Limits {
                max_file_size: 2 << 20,
                max_depth: 8
            }
        );
        let limits: Limits = toml::from_str("max-file-size = 4096").unwrap();
        assert_eq!(limits.max_depth, DEFAULT_MAX_DEPTH);
        assert!(toml::from_str::<Limits>("max-depth = 0").is_err());
    }
}
