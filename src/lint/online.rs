//! Online link checking (`qbank lint --online`): every distinct http(s) URL
//! once per run, with bounded total and per-host concurrency, a timeout,
//! retries with exponential backoff, `Retry-After` on 429, a redirect limit,
//! HEAD falling back to GET, configurable accepted codes and exclusions, and an
//! on-disk cache of live URLs with a TTL so that CI reruns stay fast.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::lint::LintError;
use crate::lint::config::Links;

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
}

impl Options {
    /// From the `[links]` table of qbank.toml plus command-line excludes.
    pub fn from_config(
        links: &Links,
        extra_exclude: &[String],
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
    Alive { status: u16, from_cache: bool },
    Dead(String),
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
        if options.exclude.iter().any(|re| re.is_match(&url)) {
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
        .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
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
        let host = url::Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let per_host = hosts
            .entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(options.per_host)))
            .clone();
        let total = total.clone();
        let client = client.clone();
        let settings = Settings::from(options);
        tasks.spawn(async move {
            let _host_permit = per_host.acquire_owned().await;
            let _permit = total.acquire_owned().await;
            let outcome = check_one(&client, &url, &settings).await;
            (url, outcome)
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (url, outcome) =
            joined.map_err(|e| LintError::Online(format!("link check task failed: {e}")))?;
        if let Some(bar) = &progress {
            bar.set_message(url.clone());
            bar.inc(1);
        }
        results.push((url, outcome));
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    results.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(results)
}

/// The per-request part of [`Options`], cheap to move into a task.
#[derive(Clone)]
struct Settings {
    retries: u32,
    backoff: Duration,
    max_retry_after: Duration,
    accept: Vec<u16>,
}

impl From<&Options> for Settings {
    fn from(options: &Options) -> Settings {
        Settings {
            retries: options.retries,
            backoff: options.backoff,
            max_retry_after: options.max_retry_after,
            accept: options.accept.clone(),
        }
    }
}

async fn check_one(client: &reqwest::Client, url: &str, settings: &Settings) -> Outcome {
    let mut attempt = 0;
    loop {
        let backoff = settings.backoff * 2u32.saturating_pow(attempt);
        let response = match client.head(url).send().await {
            // Servers that refuse HEAD often answer GET; only headers are read.
            Ok(r) if matches!(r.status().as_u16(), 400 | 403 | 404 | 405 | 501) => {
                client.get(url).send().await
            }
            other => other,
        };
        let retry = attempt < settings.retries;
        match response {
            Ok(r) => {
                let status = r.status();
                if status.is_success() || settings.accept.contains(&status.as_u16()) {
                    return Outcome::Alive {
                        status: status.as_u16(),
                        from_cache: false,
                    };
                }
                if retry && (status.as_u16() == 429 || status.is_server_error()) {
                    let wait = retry_after(&r)
                        .unwrap_or(backoff)
                        .min(settings.max_retry_after);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
                return Outcome::Dead(format!("HTTP {status}"));
            }
            Err(err) if err.is_redirect() => return Outcome::Dead("too many redirects".to_owned()),
            Err(err) if retry && (err.is_timeout() || err.is_connect()) => {
                tokio::time::sleep(backoff).await;
                attempt += 1;
            }
            Err(err) if err.is_timeout() => return Outcome::Dead("timed out".to_owned()),
            Err(err) if err.is_connect() => return Outcome::Dead("connection failed".to_owned()),
            Err(err) => return Outcome::Dead(crate::diag::with_causes(&err)),
        }
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}
