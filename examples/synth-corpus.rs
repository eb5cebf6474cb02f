//! Synthetic corpus generator for `make bench`: writes banks of the seed's shape
//! (front matter, premium questions with metadata, answers holding prose,
//! tables, code and a nested insight, a quick-reference table that restates
//! some questions, code examples, company prompts, resources) until the total
//! reaches the size asked for. Seeded and deterministic: the same arguments
//! write the same bytes on every machine.
//!
//! Usage: synth-corpus SIZE_MB OUT_DIR [SEED]

use std::fmt::Write as _;
use std::path::Path;

/// Banks in the real corpus run from 150 KB to 560 KB; synthetic ones span
/// about the same range, so that per-document memory stays realistic.
const BANK_BYTES: std::ops::Range<usize> = 120_000..600_000;

/// SplitMix64: tiny, fast, and fixed forever, unlike a library generator
/// whose stream may change between versions.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn range(&mut self, range: std::ops::Range<usize>) -> usize {
        range.start + self.below(range.end - range.start)
    }
}

#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "caching", "indexing", "sharding", "replication", "consensus", "hashing", "sorting",
    "recursion", "iterators", "generators", "closures", "decorators", "coroutines", "threads",
    "processes", "locks", "queues", "streams", "buffers", "pointers", "references", "slices",
    "vectors", "matrices", "tensors", "gradients", "regularisation", "sampling",
    "bootstrapping", "hypothesis tests", "confidence intervals", "joins", "window functions",
    "subqueries", "transactions", "isolation levels", "deadlocks", "partitions",
    "load balancers", "proxies", "rate limiters", "message brokers", "event sourcing",
    "schemas", "migrations", "serialisation", "compression", "encryption", "tokenisation",
    "embeddings", "attention", "convolutions", "dropout", "batch normalisation",
    "feature stores", "pipelines", "schedulers", "retries", "idempotency", "backpressure",
    "memoisation", "garbage collection", "reference counting", "type hints", "metaclasses",
    "descriptors", "context managers", "exceptions", "logging",
];
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "distributed", "concurrent", "immutable", "lazy", "eager", "weighted", "sparse", "dense",
    "probabilistic", "incremental", "streaming", "batched", "nested", "recursive", "ordered",
    "unordered", "stable", "adaptive", "bounded", "persistent", "volatile", "optimistic",
    "pessimistic", "asynchronous", "vectorised", "columnar", "approximate", "exact",
];
#[rustfmt::skip]
const SETTINGS: &[&str] = &[
    "Python", "SQL", "NumPy", "Pandas", "PostgreSQL", "Kafka", "Redis", "Spark", "PyTorch",
    "a web service", "a data pipeline", "production", "an interview", "a large table",
];
#[rustfmt::skip]
const IDENTIFIERS: &[&str] = &[
    "map", "filter", "reduce", "zip", "enumerate", "groupby", "merge", "apply", "reshape",
    "argmax", "broadcast", "partition_by", "row_number", "lru_cache", "__slots__", "__iter__",
    "yield", "await", "with", "lambda", "dataclass", "namedtuple", "defaultdict", "heapq",
];
#[rustfmt::skip]
const COMPANIES: &[&str] = &[
    "Google", "Meta", "Amazon", "Netflix", "Microsoft", "Apple", "Uber", "Airbnb", "Stripe",
];
const DIFFICULTIES: &[&str] = &["🟢 Easy", "🟡 Medium", "🔴 Hard"];
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "a", "value", "result", "system", "query", "function", "cost", "memory", "time",
    "each", "request", "when", "because", "which", "so", "that", "data", "rows", "keys", "and",
    "is", "are", "runs", "returns", "keeps", "avoids", "scales", "with", "for", "in", "of",
    "every", "call", "state", "model", "error", "latency", "throughput", "trade-off", "input",
];

fn title(random: &mut Random) -> String {
    let (a, b) = (random.pick(QUALIFIERS), random.pick(TOPICS));
    let (c, setting) = (random.pick(TOPICS), random.pick(SETTINGS));
    match random.below(5) {
        0 => format!("How Do {} {b} Work with {c} in {setting}?", capitalise(a)),
        1 => format!(
            "What is the Difference Between `{}` and `{}` for {b}?",
            random.pick(IDENTIFIERS),
            random.pick(IDENTIFIERS)
        ),
        2 => format!("Explain {} {b} and {c} with Examples", capitalise(a)),
        3 => format!("When Should You Use {a} {b} Instead of {c} in {setting}?"),
        _ => format!("How Would You Design {a} {b} Around {c} for {setting}?"),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn sentence(random: &mut Random) -> String {
    let mut words: Vec<String> = (0..random.range(8..20))
        .map(|_| random.pick(WORDS).to_owned())
        .collect();
    match random.below(4) {
        0 => words.push(format!("`{}()`", random.pick(IDENTIFIERS))),
        1 => words.push(format!("**{}**", random.pick(TOPICS))),
        2 => words.push(format!("*{}*", random.pick(QUALIFIERS))),
        _ => words.push(random.pick(TOPICS).to_owned()),
    }
    format!("{}.", capitalise(&words.join(" ")))
}

fn companies(random: &mut Random, count: std::ops::Range<usize>) -> String {
    let count = random.range(count);
    let start = random.below(COMPANIES.len());
    (0..count)
        .map(|i| COMPANIES[(start + i) % COMPANIES.len()])
        .collect::<Vec<_>>()
        .join(", ")
}

/// One premium question: metadata line, answer with prose, a table, code and
/// a list, an optional nested note, and the interviewer's insight.
fn premium(random: &mut Random, out: &mut String) -> String {
    let title = title(random);
    let asked_by = companies(random, 2..6);
    // The heading names some of the companies of the metadata line.
    let named = random.range(1..3);
    let asked = asked_by
        .split(", ")
        .take(named)
        .collect::<Vec<_>>()
        .join(", ");
    let tags = [random.pick(TOPICS), random.pick(QUALIFIERS)];
    writeln!(out, "### {title} - {asked} Interview Question\n").unwrap();
    writeln!(
        out,
        "**Difficulty:** {} | **Tags:** `{}`, `{}` | **Asked by:** {asked_by}\n",
        random.pick(DIFFICULTIES),
        capitalise(tags[0]),
        capitalise(tags[1]),
    )
    .unwrap();
    out.push_str("??? success \"View Answer\"\n\n");
    for _ in 0..random.range(1..4) {
        writeln!(out, "    **{}:**\n", capitalise(random.pick(TOPICS))).unwrap();
        let paragraph: Vec<String> = (0..random.range(2..5)).map(|_| sentence(random)).collect();
        writeln!(out, "    {}\n", paragraph.join(" ")).unwrap();
        match random.below(3) {
            0 => {
                out.push_str("    | Approach | Cost | When |\n    |----------|------|------|\n");
                for _ in 0..random.range(2..6) {
                    writeln!(
                        out,
                        "    | {} {} | O(n log n) | {} |",
                        random.pick(QUALIFIERS),
                        random.pick(TOPICS),
                        random.pick(SETTINGS)
                    )
                    .unwrap();
                }
                out.push('\n');
            }
            1 => {
                for _ in 0..random.range(3..6) {
                    writeln!(
                        out,
                        "    - **{}**: {}",
                        random.pick(TOPICS),
                        sentence(random)
                    )
                    .unwrap();
                }
                out.push('\n');
            }
            _ => {
                let name = random.pick(IDENTIFIERS).trim_matches('_');
                out.push_str("    ```python\n");
                writeln!(out, "    def solve_{name}(items, limit=10):").unwrap();
                writeln!(out, "        \"\"\"{}\"\"\"", sentence(random)).unwrap();
                writeln!(out, "        seen = {{}}").unwrap();
                for i in 0..random.range(4..16) {
                    writeln!(
                        out,
                        "        value_{i} = {name}(items[{i}:], key=lambda x: x * {i})  # {}",
                        random.pick(TOPICS)
                    )
                    .unwrap();
                }
                out.push_str("        return seen\n    ```\n\n");
            }
        }
    }
    if random.below(4) == 0 {
        writeln!(
            out,
            "    !!! note \"{}\"\n        {}\n",
            capitalise(random.pick(TOPICS)),
            sentence(random)
        )
        .unwrap();
    }
    out.push_str("    !!! tip \"Interviewer's Insight\"\n");
    writeln!(
        out,
        "        **What they're testing:** {}\n",
        sentence(random)
    )
    .unwrap();
    out.push_str("        **Strong answer signals:**\n\n");
    for _ in 0..random.range(2..5) {
        writeln!(out, "        - {}", sentence(random)).unwrap();
    }
    out.push_str("\n---\n\n");
    title
}

fn bank(random: &mut Random, number: usize, target: usize) -> String {
    let mut out = String::with_capacity(target + 8_000);
    let name = format!("Synthetic {number:03}");
    write!(
        out,
        "---\ntitle: {name} Interview Questions\ndescription: Generated questions for benchmarking qbank\n---\n\n# {name} Interview Questions\n\n{}\n\n---\n\n## Premium Interview Questions\n\n{}\n\n---\n\n",
        sentence(random),
        sentence(random)
    )
    .unwrap();
    let mut titles = Vec::new();
    while out.len() < target * 85 / 100 {
        titles.push(premium(random, &mut out));
    }
    out.push_str("## Quick Reference: Interview Questions\n\n| Sno | Question Title | Practice Links | Companies Asking | Difficulty | Topics |\n|-----|----------------|----------------|------------------|------------|--------|\n");
    let mut row = 1;
    while out.len() < target * 95 / 100 {
        // Every third row restates a premium question, as the real banks do.
        let question = if row % 3 == 0 {
            titles[random.below(titles.len())].clone()
        } else {
            title(random)
        };
        writeln!(
            out,
            "| {row} | {question} | [Docs](https://example.com/{}/{row}) | {} | {} | {} |",
            number,
            companies(random, 2..3),
            ["Easy", "Medium", "Hard"][random.below(3)],
            capitalise(random.pick(TOPICS))
        )
        .unwrap();
        row += 1;
    }
    out.push_str("\n## Code Examples\n\n");
    for example in 1..=3 {
        writeln!(out, "### {example}. {}\n\n??? success \"View Code Example\"\n\n    **Difficulty:** 🟢 Easy | **Tags:** `Code Example` | **Asked by:** Code Pattern\n    ```python\n    def example_{example}(data):\n        return sorted(data)[:{example}]\n    ```\n", capitalise(random.pick(TOPICS))).unwrap();
    }
    for company in &COMPANIES[..4] {
        writeln!(out, "## Questions asked in {company} interview").unwrap();
        for _ in 0..10 {
            writeln!(out, "- {}", title(random)).unwrap();
        }
        out.push('\n');
    }
    out.push_str("## Additional Resources\n\n");
    for resource in 1..=5 {
        writeln!(
            out,
            "- [Reference {resource}](https://example.com/reference/{number}/{resource})"
        )
        .unwrap();
    }
    out
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(megabytes), Some(dir)) = (
        args.first().and_then(|a| a.parse::<f64>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: synth-corpus SIZE_MB OUT_DIR [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut random = Random(seed);
    let total = (megabytes * 1_000_000.0) as usize;
    std::fs::create_dir_all(dir)?;
    let (mut written, mut number) = (0, 1);
    while written < total {
        let target = random.range(BANK_BYTES).min(total - written).max(20_000);
        let text = bank(&mut random, number, target);
        written += text.len();
        std::fs::write(
            Path::new(dir).join(format!("synthetic-{number:03}.md")),
            text,
        )?;
        number += 1;
    }
    println!("{} banks, {written} bytes in {dir}", number - 1);
    Ok(())
}
