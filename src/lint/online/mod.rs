//! Online link checking (`qbank lint --online`): every distinct http(s) URL
//! once per run, with bounded total and per-host concurrency, a timeout,
//! retries with exponential backoff, `Retry-After` on 429, a redirect limit,
//! HEAD falling back to GET, configurable accepted codes and exclusions, and an
//! on-disk cache of live URLs with a TTL so that CI reruns stay fast.
//! Addresses are checked before any connection (`address.rs`: link-local is
//! never probed unless asked for, private and loopback on request), and a run
//! in which no host can be reached stops with one error instead of reporting
//! every link dead.

mod address;
mod request;

pub use address::{Class, Policy};

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::lint::LintError;
use crate::lint::config::Links;
use request::{Reach, Settings, check_one};

/// A run stops as offline when this many distinct hosts could not be reached
/// and none could: fewer might be dead links on a working network.
pub const OFFLINE_AFTER: usize = 3;

/// Settings of one online run.
#[derive(Clone)]
pub struct Options {
    pub timeout: Duration,
    pub retries: u32,
    /// First backoff; doubled on each retry.
    pub backoff: Duration,
    /// Longest wait honoured from a `Retry-After` header.
    pub max_retry_after: Duration,
    pub max_redirects: usize,
    pub concurrency: usize,
    pub per_host: usize,
    pub accept: Vec<u16>,
    pub exclude: Vec<regex::Regex>,
    /// Where live URLs are remembered; `None` disables the cache.
    pub cache: Option<PathBuf>,
    pub ttl: Duration,
    pub progress: bool,
    /// Address classes never connected to.
    pub addresses: Policy,
    /// Stop with an error when no host can be reached (see [`OFFLINE_AFTER`]).
    pub stop_when_offline: bool,
}

impl Options {
    /// From the `[links]` table of qbank.toml plus command-line excludes;
    /// `addresses` is the table's address policy with the command line's
    /// flags applied ([`Links::policy`]).
    pub fn from_config(
        links: &Links,
        extra_exclude: &[String],
        addresses: Policy,
        cache: Option<PathBuf>,
        progress: bool,
    ) -> Result<Options, LintError> {
        let exclude = links
            .exclude
            .iter()
            .chain(extra_exclude)
            .map(|p| {
                regex::Regex::new(p)
                    .map_err(|e| LintError::Online(format!("bad exclude pattern `{p}`: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Options {
            timeout: Duration::from_secs(links.timeout_seconds),
            retries: links.retries,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            max_redirects: links.max_redirects,
            concurrency: links.concurrency.max(1),
            per_host: links.per_host.max(1),
            accept: links.accept.clone(),
            exclude,
            cache,
            ttl: Duration::from_secs(links.cache_ttl_hours * 3600),
            progress,
            addresses,
            stop_when_offline: true,
        })
    }
}

/// The default cache file: `$XDG_CACHE_HOME/qbank/links.json` or `~/.cache/qbank/links.json`.
pub fn default_cache_path() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .map(|dir| dir.join("qbank").join("links.json"))
}

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Alive {
        status: u16,
        from_cache: bool,
    },
    Dead(String),
    /// Not checked: by `--exclude`, or its address (or a redirect's) is of
    /// an excluded class.
    Excluded,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    /// URL to the Unix time it was last seen alive.
    alive: BTreeMap<String, u64>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Checks each distinct URL once; returns the outcome of every URL given.
pub fn check(urls: &[String], options: &Options) -> Result<HashMap<String, Outcome>, LintError> {
    let mut distinct: Vec<String> = urls.to_vec();
    distinct.sort();
    distinct.dedup();
    let mut cache: Cache = options
        .cache
        .as_ref()
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let fresh_after = now().saturating_sub(options.ttl.as_secs());
    let mut outcomes = HashMap::new();
    let mut to_check = Vec::new();
    for url in distinct {
        let literal_excluded =
            url::Url::parse(&url).is_ok_and(|parsed| options.addresses.check_url(&parsed).is_err());
        if literal_excluded || options.exclude.iter().any(|re| re.is_match(&url)) {
            outcomes.insert(url, Outcome::Excluded);
        } else if cache
            .alive
            .get(&url)
            .is_some_and(|&seen| seen >= fresh_after)
        {
            outcomes.insert(
                url,
                Outcome::Alive {
                    status: 200,
                    from_cache: true,
                },
            );
        } else {
            to_check.push(url);
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| LintError::Online(format!("cannot start the HTTP runtime: {e}")))?;
    let checked = runtime.block_on(check_all(to_check, options))?;
    let seen = now();
    for (url, outcome) in checked {
        if matches!(outcome, Outcome::Alive { .. }) {
            cache.alive.insert(url.clone(), seen);
        }
        outcomes.insert(url, outcome);
    }
    if let Some(path) = &options.cache {
        cache.alive.retain(|_, &mut seen| seen >= fresh_after);
        if let Ok(bytes) = serde_json::to_vec(&cache) {
            // A cache that cannot be written only costs speed next time.
            let _ = crate::output::write_atomic(path, &bytes);
        }
    }
    Ok(outcomes)
}

async fn check_all(
    urls: Vec<String>,
    options: &Options,
) -> Result<Vec<(String, Outcome)>, LintError> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .dns_resolver(address::Resolver {
            policy: options.addresses,
        })
        .redirect(address::redirect_policy(
            options.addresses,
            options.max_redirects,
        ))
        .user_agent(concat!("qbank-linkcheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| LintError::Online(format!("cannot build the HTTP client: {e}")))?;
    let progress = options.progress.then(|| {
        let bar = indicatif::ProgressBar::new(urls.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "checking links {bar:30} {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let total = Arc::new(Semaphore::new(options.concurrency));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut tasks = tokio::task::JoinSet::new();
    for url in urls {
        let host = host_of(&url);
        let per_host = hosts
            .entry(host.clone())
            .or_insert_with(|| Arc::new(Semaphore::new(options.per_host)))
            .clone();
        let total = total.clone();
        let client = client.clone();
        let settings = Settings::from(options);
        tasks.spawn(async move {
            let _host_permit = per_host.acquire_owned().await;
            let _permit = total.acquire_owned().await;
            let (outcome, reach) = check_one(&client, &url, &settings).await;
            (url, host, outcome, reach)
        });
    }
    let mut results = Vec::new();
    let mut offline = Offline::default();
    while let Some(joined) = tasks.join_next().await {
        let (url, host, outcome, reach) =
            joined.map_err(|e| LintError::Online(format!("link check task failed: {e}")))?;
        if let Some(bar) = &progress {
            bar.set_message(url.clone());
            bar.inc(1);
        }
        if options.stop_when_offline
            && let Some(message) = offline.record(host, reach)
        {
            tasks.abort_all();
            if let Some(bar) = &progress {
                bar.finish_and_clear();
            }
            return Err(LintError::Online(message));
        }
        results.push((url, outcome));
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    results.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(results)
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Whether the hosts checked so far say the machine is offline: none
/// answered and [`OFFLINE_AFTER`] distinct ones could not be reached. One
/// answer from any host settles it the other way for the rest of the run.
#[derive(Default)]
struct Offline {
    reached: bool,
    /// Host and why, in the order they failed.
    unreachable: Vec<(String, String)>,
}

impl Offline {
    /// The error to stop with, once the run is judged offline.
    fn record(&mut self, host: String, reach: Reach) -> Option<String> {
        match reach {
            Reach::Reached => self.reached = true,
            Reach::Unreachable(why) if !self.unreachable.iter().any(|(h, _)| *h == host) => {
                self.unreachable.push((host, why));
            }
            _ => {}
        }
        if self.reached || self.unreachable.len() < OFFLINE_AFTER {
            return None;
        }
        let mut reasons: Vec<(String, Vec<String>)> = Vec::new();
        for (host, why) in &self.unreachable {
            match reasons.iter_mut().find(|(w, _)| w == why) {
                Some((_, hosts)) => hosts.push(host.clone()),
                None => reasons.push((why.clone(), vec![host.clone()])),
            }
        }
        // Sorted: which host failed first is down to timing.
        reasons.sort();
        for (_, hosts) in &mut reasons {
            hosts.sort();
        }
        let reasons: Vec<String> = reasons
            .into_iter()
            .map(|(why, hosts)| format!("{why} for {}", hosts.join(", ")))
            .collect();
        Some(format!(
            "no host could be reached ({}): is the network up? Links were not checked",
            reasons.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn down(why: &str) -> Reach {
        Reach::Unreachable(why.to_owned())
    }

    #[test]
    fn offline_needs_several_hosts_and_no_answer() {
        let mut offline = Offline::default();
        assert_eq!(
            offline.record("a.invalid".into(), down("DNS lookup failed")),
            None
        );
        // The same host again is not a second host.
        assert_eq!(
            offline.record("a.invalid".into(), down("DNS lookup failed")),
            None
        );
        assert_eq!(
            offline.record("b.invalid".into(), down("DNS lookup failed")),
            None
        );
        let message = offline
            .record("10.0.0.1".into(), down("connection failed"))
            .unwrap();
        assert_eq!(
            message,
            "no host could be reached (DNS lookup failed for a.invalid, b.invalid; \
             connection failed for 10.0.0.1): is the network up? Links were not checked"
        );
    }

    #[test]
    fn one_answer_means_the_network_is_up() {
        let mut offline = Offline::default();
        offline.record("live.example".into(), Reach::Reached);
        for host in ["a", "b", "c", "d"] {
            assert_eq!(offline.record(host.into(), down("DNS lookup failed")), None);
        }
        let mut offline = Offline::default();
        offline.record("a".into(), down("DNS lookup failed"));
        offline.record("slow".into(), Reach::Unknown);
        assert_eq!(offline.record("b".into(), down("DNS lookup failed")), None);
    }
}
