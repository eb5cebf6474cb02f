//! Which addresses `--online` may connect to. Link-local addresses
//! (169.254.0.0/16, fe80::/10: cloud metadata endpoints) are refused unless
//! the user lets them through; private and loopback ones on request. The
//! check applies to the address a connection would go to, not to the URL's
//! text: literal IPs are judged before a request and at each redirect, names
//! in the DNS resolver reqwest calls for every connection, so a name that
//! resolves to 169.254.169.254 is refused too.

use std::fmt;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

/// The address ranges a user can exclude.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// RFC 1918 (10/8, 172.16/12, 192.168/16) and IPv6 unique local (fc00::/7).
    Private,
    /// 127/8, ::1, and the unspecified 0.0.0.0 and :: (which reach this machine).
    Loopback,
    /// 169.254/16 and fe80::/10.
    LinkLocal,
}

impl Class {
    pub fn of(ip: IpAddr) -> Option<Class> {
        match ip {
            IpAddr::V4(v4) => {
                if v4.is_loopback() || v4.is_unspecified() {
                    Some(Class::Loopback)
                } else if v4.is_link_local() {
                    Some(Class::LinkLocal)
                } else if v4.is_private() {
                    Some(Class::Private)
                } else {
                    None
                }
            }
            IpAddr::V6(v6) => {
                if let Some(v4) = v6.to_ipv4_mapped() {
                    return Class::of(IpAddr::V4(v4));
                }
                let first = v6.segments()[0];
                if v6.is_loopback() || v6.is_unspecified() {
                    Some(Class::Loopback)
                } else if first & 0xffc0 == 0xfe80 {
                    Some(Class::LinkLocal)
                } else if first & 0xfe00 == 0xfc00 {
                    Some(Class::Private)
                } else {
                    None
                }
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Class::Private => "private",
            Class::Loopback => "loopback",
            Class::LinkLocal => "link-local",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Class::Private => "--exclude-private",
            Class::Loopback => "--exclude-loopback",
            Class::LinkLocal => "link-local addresses are excluded unless --include-link-local",
        }
    }
}

/// The classes excluded in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub private: bool,
    pub loopback: bool,
    pub link_local: bool,
}

impl Default for Policy {
    /// Link-local only: nothing in a question bank has a reason to reach a
    /// metadata endpoint.
    fn default() -> Policy {
        Policy {
            private: false,
            loopback: false,
            link_local: true,
        }
    }
}

/// Why a connection was not made: an excluded address, or no address at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressError {
    Excluded {
        host: String,
        ip: IpAddr,
        class: Class,
    },
    Lookup {
        host: String,
        reason: String,
    },
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressError::Excluded { host, ip, class } if host == &ip.to_string() => {
                write!(f, "{ip} is a {} address ({})", class.name(), class.flag())
            }
            AddressError::Excluded { host, ip, class } => write!(
                f,
                "{host} resolves to {ip}, a {} address ({})",
                class.name(),
                class.flag()
            ),
            AddressError::Lookup { host, reason } => {
                write!(f, "DNS lookup failed for {host}: {reason}")
            }
        }
    }
}

impl std::error::Error for AddressError {}

impl Policy {
    pub fn excludes(self, ip: IpAddr) -> Option<Class> {
        Class::of(ip).filter(|class| match class {
            Class::Private => self.private,
            Class::Loopback => self.loopback,
            Class::LinkLocal => self.link_local,
        })
    }

    /// Refuses a URL whose host is an excluded literal IP, without a packet
    /// sent; names are left to [`Policy::filter`] at connection time.
    pub fn check_url(self, url: &url::Url) -> Result<(), AddressError> {
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            _ => return Ok(()),
        };
        match self.excludes(ip) {
            Some(class) => Err(AddressError::Excluded {
                host: ip.to_string(),
                ip,
                class,
            }),
            None => Ok(()),
        }
    }

    /// The resolved addresses of `host` a connection may use; an error when
    /// every one is excluded.
    pub fn filter(
        self,
        host: &str,
        addrs: Vec<SocketAddr>,
    ) -> Result<Vec<SocketAddr>, AddressError> {
        let mut refused = None;
        let kept: Vec<SocketAddr> = addrs
            .into_iter()
            .filter(|addr| match self.excludes(addr.ip()) {
                Some(class) => {
                    refused.get_or_insert((addr.ip(), class));
                    false
                }
                None => true,
            })
            .collect();
        match (kept.is_empty(), refused) {
            (true, Some((ip, class))) => Err(AddressError::Excluded {
                host: host.to_owned(),
                ip,
                class,
            }),
            (true, None) => Err(AddressError::Lookup {
                host: host.to_owned(),
                reason: "no addresses".to_owned(),
            }),
            (false, _) => Ok(kept),
        }
    }
}

/// The system resolver (getaddrinfo, as reqwest's own), with the policy
/// applied to what it returns. Names under `.invalid` fail at once without a
/// query (RFC 6761), which also makes offline behaviour testable hermetically.
pub struct Resolver {
    pub policy: Policy,
}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let policy = self.policy;
        Box::pin(async move {
            let addrs = lookup(&host).await?;
            let kept = policy.filter(&host, addrs)?;
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

async fn lookup(host: &str) -> Result<Vec<SocketAddr>, AddressError> {
    let failed = |reason: String| AddressError::Lookup {
        host: host.to_owned(),
        reason,
    };
    let lower = host.trim_end_matches('.').to_ascii_lowercase();
    if lower == "invalid" || lower.ends_with(".invalid") {
        return Err(failed("the .invalid domain never resolves".to_owned()));
    }
    let name = host.to_owned();
    tokio::task::spawn_blocking(move || (name.as_str(), 0).to_socket_addrs())
        .await
        .map_err(|e| failed(e.to_string()))?
        .map(Iterator::collect)
        .map_err(|e| failed(e.to_string()))
}

/// Follows at most `max` redirects, and none to an excluded literal IP (a
/// name is checked by [`Resolver`] when the redirect is followed).
pub fn redirect_policy(policy: Policy, max: usize) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max {
            return attempt.error("too many redirects");
        }
        match policy.check_url(attempt.url()) {
            Ok(()) => attempt.follow(),
            Err(refused) => attempt.error(refused),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn classes_cover_the_reserved_ranges() {
        for (addr, class) in [
            ("10.1.2.3", Some(Class::Private)),
            ("172.16.0.1", Some(Class::Private)),
            ("172.31.255.255", Some(Class::Private)),
            ("172.32.0.1", None),
            ("192.168.1.1", Some(Class::Private)),
            ("fc00::1", Some(Class::Private)),
            ("fd12:3456::1", Some(Class::Private)),
            ("127.0.0.1", Some(Class::Loopback)),
            ("127.9.9.9", Some(Class::Loopback)),
            ("::1", Some(Class::Loopback)),
            ("0.0.0.0", Some(Class::Loopback)),
            ("169.254.169.254", Some(Class::LinkLocal)),
            ("fe80::1", Some(Class::LinkLocal)),
            ("febf::1", Some(Class::LinkLocal)),
            ("fec0::1", None),
            ("::ffff:169.254.169.254", Some(Class::LinkLocal)),
            ("::ffff:10.0.0.1", Some(Class::Private)),
            ("93.184.216.34", None),
            ("2606:2800:220:1::", None),
        ] {
            assert_eq!(Class::of(ip(addr)), class, "{addr}");
        }
    }

    #[test]
    fn link_local_is_excluded_by_default_and_only_it() {
        let policy = Policy::default();
        assert_eq!(
            policy.excludes(ip("169.254.169.254")),
            Some(Class::LinkLocal)
        );
        assert_eq!(policy.excludes(ip("127.0.0.1")), None);
        assert_eq!(policy.excludes(ip("10.0.0.1")), None);
        let open = Policy {
            link_local: false,
            ..policy
        };
        assert_eq!(open.excludes(ip("169.254.169.254")), None);
    }

    #[test]
    fn literal_urls_are_judged_by_their_address() {
        let policy = Policy::default();
        let check = |url: &str| policy.check_url(&url::Url::parse(url).unwrap());
        assert!(check("http://169.254.169.254/latest/meta-data/").is_err());
        // The URL parser normalises other spellings of the same address.
        assert!(check("http://2852039166/").is_err());
        assert!(check("http://0xa9.254.169.254/").is_err());
        assert!(check("http://[fe80::1]/").is_err());
        assert!(check("http://[::ffff:169.254.169.254]/").is_err());
        assert!(check("http://127.0.0.1:8080/").is_ok());
        assert!(check("https://example.com/").is_ok(), "names wait for DNS");
        let message = check("http://169.254.169.254/").unwrap_err().to_string();
        assert!(message.contains("link-local"), "{message}");
    }

    /// A fake resolution: a name that resolves to the metadata endpoint is
    /// refused; one with a public address too keeps only that one.
    #[test]
    fn resolved_addresses_are_filtered() {
        let policy = Policy {
            private: true,
            ..Policy::default()
        };
        let addr = |s: &str| SocketAddr::new(ip(s), 0);
        let refused = policy
            .filter("metadata.example", vec![addr("169.254.169.254")])
            .unwrap_err();
        assert_eq!(
            refused,
            AddressError::Excluded {
                host: "metadata.example".into(),
                ip: ip("169.254.169.254"),
                class: Class::LinkLocal
            }
        );
        assert!(
            refused
                .to_string()
                .contains("metadata.example resolves to 169.254.169.254")
        );
        let kept = policy
            .filter(
                "mixed.example",
                vec![addr("10.0.0.5"), addr("93.184.216.34"), addr("fe80::1")],
            )
            .unwrap();
        assert_eq!(kept, [addr("93.184.216.34")]);
        assert!(
            Policy::default()
                .filter("home.example", vec![addr("192.168.1.1")])
                .is_ok()
        );
    }

    #[test]
    fn the_resolver_refuses_without_a_lookup() {
        use reqwest::dns::Resolve;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let resolver = Resolver {
            policy: Policy::default(),
        };
        let error = runtime
            .block_on(resolver.resolve("host.invalid".parse().unwrap()))
            .err()
            .unwrap();
        let error = error.downcast_ref::<AddressError>().unwrap();
        assert!(matches!(error, AddressError::Lookup { host, .. } if host == "host.invalid"));
    }
}
