//! `qbank.toml`: per-rule severities, company groups and aliases, a tag
//! vocabulary, and link-checking settings. Found from the linted path upwards
//! unless `--config` names one. Unknown keys are errors, so typos do not
//! silently disable a setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Severity;
use crate::lint::LintError;
use crate::rules::Rule;

pub const FILE_NAME: &str = "qbank.toml";

/// Names that stand for many companies and may appear in a heading without
/// being listed in "Asked by".
const DEFAULT_GROUPS: &[&str] = &[
    "Most Tech Companies",
    "Top Tech Companies",
    "Big Tech",
    "FAANG",
    "Legacy Companies",
    "HFT Firms",
    "HFT",
    "Frameworks",
    "Startups",
    "Code Pattern",
];

/// Canonical company name and the other names it goes by.
const DEFAULT_ALIASES: &[(&str, &[&str])] = &[
    ("Meta", &["Facebook", "FB", "Meta Platforms"]),
    ("Google", &["Alphabet", "Google LLC"]),
    ("Microsoft", &["MSFT"]),
    ("X", &["Twitter"]),
    ("Jane Street", &["Jane Street Capital"]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule id to severity or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    #[serde(default)]
    pub companies: Companies,
    #[serde(default)]
    pub tags: Tags,
    #[serde(default)]
    pub links: Links,
    /// Largest file and deepest nesting; `--max-file-size` and `--max-depth` win.
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// When two questions ask the same thing (`related`, `duplicate-question`).
    #[serde(default)]
    pub similarity: crate::parse::similarity::Thresholds,
    /// `--select`: only these rules are reported (all when empty).
    #[serde(skip)]
    pub select: Vec<String>,
    /// `--ignore`: these rules are not reported.
    #[serde(skip)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Companies {
    /// Added to the default group names.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Canonical name to other names; merged over the defaults.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Companies a heading suffix may name though no `Asked by` of the bank
    /// lists them; any other name there is an audience or a topic.
    #[serde(default)]
    pub known: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tags {
    pub vocabulary: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Links {
    /// Regular expressions; matching URLs are not checked online.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Status codes that count as alive besides 2xx.
    #[serde(default)]
    pub accept: Vec<u16>,
    #[serde(default = "defaults::cache_ttl_hours")]
    pub cache_ttl_hours: u64,
    #[serde(default = "defaults::timeout_seconds")]
    pub timeout_seconds: u64,
    #[serde(default = "defaults::retries")]
    pub retries: u32,
    #[serde(default = "defaults::max_redirects")]
    pub max_redirects: usize,
    #[serde(default = "defaults::concurrency")]
    pub concurrency: usize,
    #[serde(default = "defaults::per_host")]
    pub per_host: usize,
    /// Do not check links to RFC 1918 and fc00::/7 addresses.
    #[serde(default)]
    pub exclude_private: bool,
    /// Do not check links to 127/8, ::1.
    #[serde(default)]
    pub exclude_loopback: bool,
    /// Do not check links to 169.254/16, fe80::/10 (cloud metadata
    /// endpoints); on unless set to false.
    #[serde(default = "defaults::exclude_link_local")]
    pub exclude_link_local: bool,
    /// All three above.
    #[serde(default)]
    pub exclude_all_private: bool,
}

impl Links {
    /// The address classes this table excludes.
    pub fn policy(&self) -> crate::lint::online::Policy {
        crate::lint::online::Policy {
            private: self.exclude_private || self.exclude_all_private,
            loopback: self.exclude_loopback || self.exclude_all_private,
            link_local: self.exclude_link_local || self.exclude_all_private,
        }
    }
}

mod defaults {
    pub fn cache_ttl_hours() -> u64 {
        24
    }
    pub fn timeout_seconds() -> u64 {
        10
    }
    pub fn retries() -> u32 {
        2
    }
    pub fn max_redirects() -> usize {
        5
    }
    pub fn concurrency() -> usize {
        16
    }
    pub fn per_host() -> usize {
        2
    }
    pub fn exclude_link_local() -> bool {
        true
    }
}

impl Default for Links {
    fn default() -> Links {
        toml::from_str("").expect("empty links table takes the defaults")
    }
}

impl Config {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Config, LintError> {
        let text = std::fs::read_to_string(path).map_err(|source| LintError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|err| LintError::Config {
            path: path.display().to_string(),
            message: err.to_string(),
        })?;
        for id in config.rules.keys() {
            if crate::rules::find(id).is_none() {
                return Err(LintError::Config {
                    path: path.display().to_string(),
                    message: format!("unknown rule `{id}` in [rules] (see `qbank lint --explain`)"),
                });
            }
        }
        if let Err((key, problem)) = config.similarity.check() {
            // Name the line: serde knows the value was a number, not that
            // it was out of range.
            let line = line_of_key(&text, "similarity", key)
                .map_or(String::new(), |n| format!("line {n}: "));
            return Err(LintError::Config {
                path: path.display().to_string(),
                message: format!("{line}{problem}"),
            });
        }
        for pattern in &config.links.exclude {
            regex::Regex::new(pattern).map_err(|err| LintError::Config {
                path: path.display().to_string(),
                message: format!("bad exclude pattern `{pattern}`: {err}"),
            })?;
        }
        Ok(config)
    }

    /// The `qbank.toml` nearest to `start` (a file or directory), going up.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        // canonicalize, not absolute: `..` must climb out before the walk goes up.
        let start = std::fs::canonicalize(start).ok()?;
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    /// The severity of `rule` here: qbank.toml's level for it, or its own; `None` when off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.rules.get(rule.id) {
            None => Some(rule.severity),
            Some(Level::Off) => None,
            Some(Level::Info) => Some(Severity::Info),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    }

    pub fn is_group(&self, company: &str) -> bool {
        DEFAULT_GROUPS
            .iter()
            .copied()
            .chain(self.companies.groups.iter().map(String::as_str))
            .any(|group| group.eq_ignore_ascii_case(company))
    }

    /// Whether `rule` is reported under `--select` and `--ignore`.
    pub fn selects(&self, rule: &Rule) -> bool {
        (self.select.is_empty() || self.select.iter().any(|r| r == rule.id))
            && !self.ignore.iter().any(|r| r == rule.id)
    }

    /// Whether `name` is a company qbank.toml knows: listed under `known`,
    /// or in the alias table, as a canonical name or an alias.
    pub fn is_known_company(&self, name: &str) -> bool {
        self.companies
            .known
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
            || self.alias_group(name).is_some()
    }

    /// The alias group `company` belongs to, as its canonical name or one of
    /// its aliases: the canonical name, and whether qbank.toml (rather than
    /// the defaults) defines the group.
    pub fn alias_group(&self, company: &str) -> Option<AliasGroup<'_>> {
        fn member<S: AsRef<str>>(company: &str, canonical: &str, names: &[S]) -> bool {
            std::iter::once(canonical)
                .chain(names.iter().map(AsRef::as_ref))
                .any(|n| n.eq_ignore_ascii_case(company))
        }
        let configured = self
            .companies
            .aliases
            .iter()
            .find(|(canonical, names)| member(company, canonical, names))
            .map(|(canonical, _)| AliasGroup {
                canonical,
                configured: true,
            });
        configured.or_else(|| {
            DEFAULT_ALIASES
                .iter()
                .filter(|(canonical, _)| !self.companies.aliases.contains_key(*canonical))
                .find(|(canonical, names)| member(company, canonical, names))
                .map(|(canonical, _)| AliasGroup {
                    canonical,
                    configured: false,
                })
        })
    }
}

/// One company's names: see [`Config::alias_group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AliasGroup<'a> {
    pub canonical: &'a str,
    /// qbank.toml names the canonical form; otherwise the bank's most used
    /// form wins.
    pub configured: bool,
}

/// The 1-based line where `key = …` stands in table `[table]` of `text`.
fn line_of_key(text: &str, table: &str, key: &str) -> Option<usize> {
    let header = format!("[{table}]");
    let mut inside = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
        } else if inside
            && line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Some(n + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_similarity_value_out_of_range_is_named_at_its_line() {
        let text = "[rules]\nduplicate-question = \"warning\"\n\n[similarity]\nduplicate = 1.5\n";
        assert_eq!(line_of_key(text, "similarity", "duplicate"), Some(5));
        assert_eq!(line_of_key(text, "rules", "duplicate"), None);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qbank.toml");
        std::fs::write(&path, text).unwrap();
        let message = Config::load(&path).unwrap_err().to_string();
        assert!(
            message.contains("line 5") && message.contains("duplicate = 1.5"),
            "{message}"
        );
    }
    use super::*;
    use crate::rules;

    #[test]
    fn parses_a_full_config() {
        let config: Config = toml::from_str(
            r#"
[rules]
insight-missing = "off"
tag-case = "error"

[companies]
groups = ["Quant Shops"]
aliases = { "Meta" = ["Facebook"], "Alphabet" = ["Google"] }

[tags]
vocabulary = ["OOP", "Concurrency"]

[links]
exclude = ["^https://internal\\."]
accept = [429]
cache-ttl-hours = 1
"#,
        )
        .unwrap();
        assert_eq!(config.severity(&rules::INSIGHT_MISSING), None);
        assert_eq!(config.severity(&rules::TAG_CASE), Some(Severity::Error));
        assert_eq!(config.severity(&rules::METADATA), Some(Severity::Warning));
        assert!(config.is_group("quant shops") && config.is_group("Most Tech Companies"));
        let canonical = |name| {
            config
                .alias_group(name)
                .map(|g| (g.canonical, g.configured))
        };
        assert_eq!(canonical("Google"), Some(("Alphabet", true)));
        assert_eq!(canonical("facebook"), Some(("Meta", true)));
        assert_eq!(canonical("meta"), Some(("Meta", true)));
        assert_eq!(canonical("Twitter"), Some(("X", false)));
        assert_eq!(canonical("X"), Some(("X", false)));
        assert_eq!(canonical("Netflix"), None);
        assert_eq!(config.links.accept, [429]);
        assert_eq!(config.links.timeout_seconds, 10);
        assert_eq!(
            config.links.policy(),
            crate::lint::online::Policy::default()
        );
    }

    #[test]
    fn address_classes_are_set_in_the_links_table() {
        let links = |text: &str| toml::from_str::<Config>(text).unwrap().links.policy();
        let all = links("[links]\nexclude-all-private = true\n");
        assert!(all.private && all.loopback && all.link_local);
        let some = links("[links]\nexclude-loopback = true\nexclude-link-local = false\n");
        assert!(!some.private && some.loopback && !some.link_local);
        assert!(toml::from_str::<Config>("[links]\nexclude-privat = true\n").is_err());
    }

    #[test]
    fn discovery_climbs_out_of_dot_dot_first() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join(FILE_NAME), "").unwrap();
        assert_eq!(Config::discover(&a.join("../b")), None);
        let found = Config::discover(&b.join("../a")).unwrap();
        assert_eq!(found, std::fs::canonicalize(a.join(FILE_NAME)).unwrap());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Config>("[rulez]\nx = \"off\"\n").is_err());
        assert!(toml::from_str::<Config>("[rules]\nmetadata = \"loud\"\n").is_err());
    }
}
