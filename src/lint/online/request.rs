//! One URL's check: HEAD falling back to GET, retries with exponential
//! backoff, `Retry-After` on 429, and what the failure says about the host
//! (refused by the address policy, unreachable, or reached), which the run
//! uses to tell a dead link from a machine that is offline.

use std::time::{Duration, SystemTime};

use super::address::AddressError;
use super::{Options, Outcome};

/// The per-request part of [`Options`], cheap to move into a task.
#[derive(Clone)]
pub(super) struct Settings {
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

/// What one check learnt about the URL's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reach {
    /// An HTTP answer came back: the network is up.
    Reached,
    /// No connection: DNS failed, or connecting did (refused, unreachable,
    /// timed out, TLS). The reason, for the offline message.
    Unreachable(String),
    /// Nothing learnt (an excluded address, a timeout after connecting...).
    Unknown,
}

pub(super) async fn check_one(
    client: &reqwest::Client,
    url: &str,
    settings: &Settings,
) -> (Outcome, Reach) {
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
        let err = match response {
            Ok(r) => {
                let status = r.status();
                if status.is_success() || settings.accept.contains(&status.as_u16()) {
                    let alive = Outcome::Alive {
                        status: status.as_u16(),
                        from_cache: false,
                    };
                    return (alive, Reach::Reached);
                }
                if retry && (status.as_u16() == 429 || status.is_server_error()) {
                    let wait = retry_after(&r)
                        .unwrap_or(backoff)
                        .min(settings.max_retry_after);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
                return (Outcome::Dead(format!("HTTP {status}")), Reach::Reached);
            }
            Err(err) => err,
        };
        let address = address_error(&err);
        if let Some(AddressError::Excluded { .. }) = address {
            return (Outcome::Excluded, Reach::Unknown);
        }
        let lookup_failed = matches!(address, Some(AddressError::Lookup { .. }));
        if retry && (err.is_timeout() || err.is_connect()) {
            tokio::time::sleep(backoff).await;
            attempt += 1;
            continue;
        }
        return match () {
            () if err.is_redirect() => (
                Outcome::Dead("too many redirects".to_owned()),
                Reach::Reached,
            ),
            () if lookup_failed => (
                Outcome::Dead("DNS lookup failed".to_owned()),
                Reach::Unreachable("DNS lookup failed".to_owned()),
            ),
            () if err.is_connect() => (
                Outcome::Dead("connection failed".to_owned()),
                Reach::Unreachable("connection failed".to_owned()),
            ),
            () if err.is_timeout() => (Outcome::Dead("timed out".to_owned()), Reach::Unknown),
            () => (
                Outcome::Dead(crate::diag::with_causes(&err)),
                Reach::Unknown,
            ),
        };
    }
}

/// The address policy's verdict somewhere in `err`'s causes (from the
/// resolver or the redirect policy).
fn address_error(err: &reqwest::Error) -> Option<&AddressError> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(cause) = source {
        if let Some(found) = cause.downcast_ref::<AddressError>() {
            return Some(found);
        }
        source = cause.source();
    }
    None
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
