//! `qbank lint --online` against a local HTTP server on 127.0.0.1 that the
//! test starts: 200, a redirect chain, a redirect loop, 404, 500, a flaky 500,
//! 429 with Retry-After, HEAD refused, a response slower than the timeout, and
//! a refused connection; hosts under `.invalid`, which qbank's resolver
//! refuses without a lookup, for a machine that is offline; link-local,
//! loopback and private addresses that must not be requested. No test
//! touches the internet, or any address that is not this machine's.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

/// Requests seen per path, and the most `/busy/` requests in progress at once.
#[derive(Default)]
struct Stats {
    requests: Mutex<HashMap<String, usize>>,
    open: AtomicUsize,
    max_open: AtomicUsize,
}

struct Server {
    port: u16,
    stats: Arc<Stats>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stats = Arc::new(Stats::default());
        let shared = stats.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let stats = shared.clone();
                std::thread::spawn(move || serve(stream, &stats));
            }
        });
        Server { port, stats }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn count(&self, path: &str) -> usize {
        self.stats
            .requests
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

fn serve(stream: TcpStream, stats: &Stats) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_ok() {
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                break;
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        let path = parts.next().unwrap_or("").to_owned();
        let seen = {
            let mut requests = stats.requests.lock().unwrap();
            let count = requests.entry(path.clone()).or_default();
            *count += 1;
            *count
        };
        respond(stream, &method, &path, seen, stats);
    }
}

fn respond(mut stream: TcpStream, method: &str, path: &str, seen: usize, stats: &Stats) {
    let (status, extra): (&str, String) = match path {
        "/ok" => ("200 OK", String::new()),
        p if p.starts_with("/redirect/") => {
            let n: usize = p["/redirect/".len()..].parse().unwrap_or(0);
            let next = if n <= 1 {
                "/ok".to_owned()
            } else {
                format!("/redirect/{}", n - 1)
            };
            ("302 Found", format!("Location: {next}\r\n"))
        }
        "/loop" => ("302 Found", "Location: /loop\r\n".to_owned()),
        "/to-metadata" => (
            "302 Found",
            "Location: http://169.254.169.254/latest/meta-data/\r\n".to_owned(),
        ),
        "/missing" => ("404 Not Found", String::new()),
        "/error" => ("500 Internal Server Error", String::new()),
        "/flaky" if seen == 1 => ("500 Internal Server Error", String::new()),
        "/flaky" => ("200 OK", String::new()),
        "/limited" if seen == 1 => ("429 Too Many Requests", "Retry-After: 1\r\n".to_owned()),
        "/limited" => ("200 OK", String::new()),
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", String::new()),
        "/no-head" => ("200 OK", String::new()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", String::new())
        }
        p if p.starts_with("/busy/") => {
            // Counted while the request is being served, before the answer
            // goes out, so a client cannot start its next request first.
            let open = stats.open.fetch_add(1, Ordering::SeqCst) + 1;
            stats.max_open.fetch_max(open, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(300));
            stats.open.fetch_sub(1, Ordering::SeqCst);
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// A refused port: bound, then closed.
fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/gone")
}

/// A bank whose answer links to `urls` (each twice, to prove deduplication).
fn bank(dir: &std::path::Path, urls: &[String]) -> std::path::PathBuf {
    let links: String = urls
        .iter()
        .map(|u| format!("    - [link]({u}) and [again]({u})\n"))
        .collect();
    let text = format!(
        "---\ntitle: Links\ndescription: Online fixture\n---\n\n# Links\n\n### What is a Link? - Google Interview Question\n\n**Difficulty:** 🟢 Easy | **Tags:** `Web` | **Asked by:** Google\n\n??? success \"View Answer\"\n\n{links}\n    !!! tip \"Interviewer's Insight\"\n        Links.\n"
    );
    let path = dir.join("links.md");
    std::fs::write(&path, text).unwrap();
    std::fs::write(
        dir.join("qbank.toml"),
        "[links]\ntimeout-seconds = 1\nretries = 1\nper-host = 2\nconcurrency = 8\n",
    )
    .unwrap();
    path
}

fn lint_online(
    dir: &std::path::Path,
    file: &std::path::Path,
    extra: &[&str],
) -> (i32, Value, Duration) {
    let started = Instant::now();
    let output = Command::cargo_bin("qbank")
        .unwrap()
        .args(["lint", "--online", "--format", "json"])
        .args(extra)
        .arg(file)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap(), json, started.elapsed())
}

/// URL → (rule, message) of the online diagnostics.
fn online_findings(json: &Value) -> HashMap<String, String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "link-dead" || d["rule"] == "link-insecure")
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            let url = message.split('`').nth(1).unwrap().to_owned();
            (url, message.to_owned())
        })
        .collect()
}

#[test]
fn classifies_every_kind_of_server_answer() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let refused = refused_url();
    let urls: Vec<String> = [
        "/ok",
        "/redirect/3",
        "/loop",
        "/missing",
        "/error",
        "/flaky",
        "/limited",
        "/no-head",
        "/slow",
    ]
    .iter()
    .map(|p| server.url(p))
    .chain([refused.clone()])
    .collect();
    let file = bank(dir.path(), &urls);
    let (code, json, elapsed) = lint_online(dir.path(), &file, &[]);
    assert_eq!(code, 1);
    let found = online_findings(&json);
    let dead = |path: &str| found.get(&server.url(path)).cloned();
    for alive in ["/ok", "/redirect/3", "/flaky", "/limited", "/no-head"] {
        assert_eq!(dead(alive), None, "{alive} is alive");
    }
    assert!(dead("/loop").unwrap().contains("too many redirects"));
    assert!(dead("/missing").unwrap().contains("404"));
    assert!(dead("/error").unwrap().contains("500"));
    assert!(dead("/slow").unwrap().contains("timed out"));
    assert!(found[&refused].contains("connection failed"));
    // Each URL appears twice in the bank and is reported at both places...
    let dead_count = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "link-dead")
        .count();
    assert_eq!(dead_count, 2 * 5, "loop, missing, error, slow, refused");
    // ...but requested once (plus its retry, or its GET after a refused HEAD).
    assert_eq!(
        server.count("/ok"),
        1 + 1,
        "the chain's end is reached once more through /redirect/1"
    );
    assert_eq!(server.count("/missing"), 2, "HEAD, then GET");
    assert_eq!(server.count("/error"), 2, "one retry");
    assert_eq!(server.count("/flaky"), 2);
    assert_eq!(server.count("/limited"), 2);
    assert_eq!(server.count("/no-head"), 2);
    assert_eq!(server.count("/redirect/3"), 1);
    // Retry-After: 1 was honoured.
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
}

#[test]
fn per_host_concurrency_is_bounded_and_the_cache_skips_live_links() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let urls: Vec<String> = (0..6).map(|i| server.url(&format!("/busy/{i}"))).collect();
    let file = bank(dir.path(), &urls);
    let (code, json, _) = lint_online(dir.path(), &file, &[]);
    assert_eq!((code, online_findings(&json).len()), (0, 0), "{json:#}");
    let max_open = server.stats.max_open.load(Ordering::SeqCst);
    assert!((1..=2).contains(&max_open), "per-host = 2, saw {max_open}");
    assert_eq!(server.count("/busy/0"), 1);
    assert!(dir.path().join("cache/qbank/links.json").is_file());

    // A second run answers from the cache: no request reaches the server.
    let (code, _, _) = lint_online(dir.path(), &file, &[]);
    assert_eq!(code, 0);
    assert_eq!(server.count("/busy/0"), 1);
    // --no-cache checks again.
    lint_online(dir.path(), &file, &["--no-cache"]);
    assert_eq!(server.count("/busy/0"), 2);
}

#[test]
fn excluded_urls_are_not_requested() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let file = bank(dir.path(), &[server.url("/missing"), server.url("/ok")]);
    let (code, json, _) = lint_online(dir.path(), &file, &["--exclude", "/missing$"]);
    assert_eq!((code, online_findings(&json).len()), (0, 0));
    assert_eq!(server.count("/missing"), 0);
    assert_eq!(server.count("/ok"), 1);
}

fn run(dir: &std::path::Path, file: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("qbank")
        .unwrap()
        .args(["lint", "--online"])
        .args(extra)
        .arg(file)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap()
}

#[test]
fn no_reachable_host_stops_the_run_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let urls: Vec<String> = ["a", "b", "c", "d"]
        .iter()
        .flat_map(|h| {
            [
                format!("https://{h}.invalid/x"),
                format!("https://{h}.invalid/y"),
            ]
        })
        .collect();
    let file = bank(dir.path(), &urls);
    let started = Instant::now();
    let output = run(dir.path(), &file, &["--format", "json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "no report: links were not checked"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("no host could be reached (DNS lookup failed for ")
            && stderr.contains(".invalid")
            && stderr.contains("is the network up? Links were not checked"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(8), "stopped early");
}

#[test]
fn dead_hosts_among_live_ones_are_dead_links() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let dead: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|h| format!("https://{h}.invalid/page"))
        .collect();
    let mut urls = vec![server.url("/ok")];
    urls.extend(dead.iter().cloned());
    let file = bank(dir.path(), &urls);
    // Two retries: the live host answers long before the dead ones give up.
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[links]\ntimeout-seconds = 2\nretries = 2\n",
    )
    .unwrap();
    let (code, json, _) = lint_online(dir.path(), &file, &[]);
    assert_eq!(code, 1);
    let found = online_findings(&json);
    assert_eq!(found.len(), 3, "{found:?}");
    for url in &dead {
        assert!(found[url].contains("DNS lookup failed"), "{found:?}");
    }
    assert_eq!(server.count("/ok"), 1);
}

#[test]
fn link_local_addresses_are_never_requested() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let urls = [
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[fe80::1]/".to_owned(),
        server.url("/to-metadata"),
        server.url("/ok"),
    ];
    let file = bank(dir.path(), &urls);
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[links]\ntimeout-seconds = 3\nretries = 1\n",
    )
    .unwrap();
    let (code, json, elapsed) = lint_online(dir.path(), &file, &[]);
    assert_eq!((code, online_findings(&json).len()), (0, 0), "{json:#}");
    assert_eq!(json["summary"]["links_excluded"], 3, "{json:#}");
    // The redirect was answered, and refused without a connection: one
    // attempt at 169.254.169.254 would wait for the 3 s connect timeout.
    assert_eq!(server.count("/to-metadata"), 1);
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    // The human summary says so.
    let output = run(dir.path(), &file, &["--no-cache"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("3 links not checked (excluded)"),
        "{stderr}"
    );
}

#[test]
fn loopback_and_private_addresses_are_excluded_on_request() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    // `localhost` resolves from the hosts file: the exclusion applies to the
    // address a name resolves to, not to the URL's text.
    let by_name = server.url("/ok").replace("127.0.0.1", "localhost");
    let file = bank(dir.path(), &[server.url("/ok"), by_name]);
    for flags in [
        &["--exclude-loopback"][..],
        &["--exclude-all-private"],
        &["--exclude-private", "--exclude-loopback"],
    ] {
        let (code, json, _) = lint_online(dir.path(), &file, flags);
        assert_eq!((code, online_findings(&json).len()), (0, 0), "{flags:?}");
        assert_eq!(json["summary"]["links_excluded"], 2, "{flags:?}");
        assert_eq!(server.count("/ok"), 0, "{flags:?}");
    }
    let (_, json, _) = lint_online(dir.path(), &file, &["--exclude-private"]);
    assert_eq!(json["summary"]["links_excluded"], 0);
    assert_eq!(server.count("/ok"), 2, "both names reach the server");

    // The same from qbank.toml.
    std::fs::write(
        dir.path().join("qbank.toml"),
        "[links]\nexclude-loopback = true\n",
    )
    .unwrap();
    let (_, json, _) = lint_online(dir.path(), &file, &["--no-cache"]);
    assert_eq!(json["summary"]["links_excluded"], 2);
    assert_eq!(server.count("/ok"), 2);

    // Letting link-local through while excluding it is a usage error.
    let output = run(
        dir.path(),
        &file,
        &["--include-link-local", "--exclude-all-private"],
    );
    assert_eq!(output.status.code(), Some(2));
}
