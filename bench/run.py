#!/usr/bin/env python3
"""`make bench`: qbank's stages and whole process against the comrak floor.

Environment:
  BENCH_CORPUS  directory of banks (default content/; ../shared/corpus for the five real banks)
  BENCH_SYNTH   synthetic mode: comma-separated sizes in MB (e.g. 1,10,100); banks are
                generated under target/bench/ by examples/synth-corpus.rs (seeded)
  BENCH_RUNS    whole-process runs per command, median reported (default 5)
  BENCH_STAGES  0 to skip the per-stage criterion run (default 1 for BENCH_CORPUS)
  BENCH_PDF_MB  largest synthetic size that also times PDF (default 10)
  BENCH_HIGHLIGHT  0 to skip the highlighting figures (cold, rebuild after an edit)

Whole-process commands run interleaved, one of each per round, so that noise on a
shared machine hits them alike; every figure is compared with the comrak floor
measured in the same rounds. Peak RSS is the largest of the runs (wait4's rusage).
Prints Markdown tables, ready for bench/baseline.md. Nothing here asserts a time.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QBANK = ROOT / "target/release/qbank"
FLOOR = ROOT / "target/release/examples/comrak-floor"
SYNTH = ROOT / "target/release/examples/synth-corpus"
FORMATS = "json,anki,html,epub"


def build_binaries():
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "--quiet", "--bin", "qbank",
         "--example", "comrak-floor", "--example", "synth-corpus"],
        cwd=ROOT, check=True)


def run_once(argv, threads, extra_env=None):
    """Wall milliseconds and peak RSS (MB) of one run; output is discarded."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads), **(extra_env or {}))
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # lint exits 1 on content errors: still a timing
        sys.exit(f"{' '.join(map(str, argv))} exited with {code}")
    return elapsed, usage.ru_maxrss / 1024


def measure(commands, runs):
    """commands: {label: (argv, threads[, setup])} → {label: (median ms, peak MB)}.
    A setup, called before each run and not timed, returns extra environment."""
    times = {label: [] for label in commands}
    peaks = {label: 0.0 for label in commands}
    for _ in range(runs):
        for label, (argv, threads, *setup) in commands.items():
            extra_env = setup[0]() if setup else None
            ms, mb = run_once(argv, threads, extra_env)
            times[label].append(ms)
            peaks[label] = max(peaks[label], mb)
    return {label: (statistics.median(times[label]), peaks[label]) for label in commands}


def corpus_figures(directory):
    files = sorted(Path(directory).glob("*.md"))
    if not files:
        sys.exit(f"{directory}: no Markdown files")
    size = sum(f.stat().st_size for f in files)
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run([QBANK, "build", directory, "--formats", "json", "-o", out],
                              capture_output=True, text=True)
        match = re.search(r"built (\d+) banks? \((\d+) questions", done.stderr)
        if not match:
            sys.exit(f"cannot count the questions of {directory}: {done.stderr}")
    return len(files), size, int(match.group(2))


def pdf_pages(out):
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", p.read_bytes()))
               for p in Path(out).glob("*.pdf"))


def whole_process(directory, runs, with_pdf):
    files, size, questions = corpus_figures(directory)
    out = tempfile.mkdtemp(prefix="qbank-bench-")
    build = lambda formats, threads: ([QBANK, "build", directory, "--formats", formats, "-o", out], threads)
    commands = {
        "comrak floor (parse + render HTML, 1 thread)": ([FLOOR, directory], 1),
        "`qbank lint` (offline)": ([QBANK, "lint", directory, "--format", "json"], 2),
        "`qbank lint`, 1 thread": ([QBANK, "lint", directory, "--format", "json"], 1),
    }
    for fmt in FORMATS.split(","):
        commands[f"`build --formats {fmt}`"] = build(fmt, 2)
    commands[f"`build --formats {FORMATS}`"] = build(FORMATS, 2)
    commands[f"`build --formats {FORMATS}`, 1 thread"] = build(FORMATS, 1)
    if with_pdf:
        commands["`build --formats pdf`"] = build("pdf", 2)
    results = measure(commands, runs)
    pages = pdf_pages(out) if with_pdf else 0
    shutil.rmtree(out)

    mb = size / 1e6
    floor_ms = results["comrak floor (parse + render HTML, 1 thread)"][0]
    print(f"\n### {directory}: {files} banks, {mb:.2f} MB, {questions} questions"
          f" (median of {runs}, 2 threads unless said)\n")
    print("| command | median | MB/s | questions/s | × floor | peak RSS |")
    print("|---------|-------:|-----:|------------:|--------:|---------:|")
    for label, (ms, peak) in results.items():
        extra = f", {pages} pages, {pages / (ms / 1000):.0f} pages/s" if "pdf" in label else ""
        print(f"| {label}{extra} | {ms:.1f} ms | {mb / (ms / 1000):.1f} | "
              f"{questions / (ms / 1000):,.0f} | {ms / floor_ms:.2f} | {peak:.1f} MB |")
    one = results[f"`build --formats {FORMATS}`, 1 thread"][0]
    two = results[f"`build --formats {FORMATS}`"][0]
    print(f"\nTwo threads against one ({FORMATS}): {one / two:.2f}×.")
    return {"size": size, "questions": questions, "floor": floor_ms, "build": two,
            "build1": one, "rss": results[f"`build --formats {FORMATS}`"][1]}


def highlight_figures(directory, runs):
    """The highlighting targets: a cold build (an empty cache each run) and a
    rebuild after one edited code line (the largest bank's first Python line
    alternates between two versions, so each run recomputes one block), with
    and without highlighting, against the comrak floor in the same rounds."""
    work = Path(tempfile.mkdtemp(prefix="qbank-bench-hl-"))
    cache, cold = work / "cache", work / "cold-cache"
    copies = {}
    for variant in ("on", "off"):
        copies[variant] = work / f"banks-{variant}"
        shutil.copytree(directory, copies[variant])
    largest = max(Path(directory).glob("*.md"), key=lambda f: f.stat().st_size).name
    text = (Path(directory) / largest).read_text(encoding="utf-8")
    at = text.find("```python\n")
    if at < 0:
        print(f"\n(no Python block in {largest}: no highlighting figures)")
        return
    line_start = at + len("```python\n")
    line_end = text.index("\n", line_start)
    versions = [text, text[:line_end] + "  # edited" + text[line_end:]]
    turn = {"on": 0, "off": 0}

    def edit(variant):
        def setup():
            turn[variant] += 1
            (copies[variant] / largest).write_text(versions[turn[variant] % 2], encoding="utf-8")
            return {"QBANK_CACHE_DIR": str(cache)}
        return setup

    def empty_cache():
        shutil.rmtree(cold, ignore_errors=True)
        return {"QBANK_CACHE_DIR": str(cold)}

    build = lambda banks, out, *more: [QBANK, "build", str(banks), "--formats", FORMATS,
                                        "-o", str(work / out), *more]
    commands = {
        "comrak floor": ([FLOOR, directory], 1),
        "cold: an empty cache each run": (build(directory, "cold"), 2, empty_cache),
        f"rebuild after one edited code line ({largest})": (build(copies["on"], "on"), 2, edit("on")),
        "the same edits, `--no-highlight`": (build(copies["off"], "off", "--no-highlight"), 2, edit("off")),
    }
    # One untimed build fills the cache the rebuilds start from.
    subprocess.run(build(copies["on"], "on"), env=dict(os.environ, QBANK_CACHE_DIR=str(cache)),
                   capture_output=True)
    results = measure(commands, runs)
    shutil.rmtree(work)
    floor = results["comrak floor"][0]
    off = results["the same edits, `--no-highlight`"][0]
    print(f"\n### Highlighting: {directory}, `build --formats {FORMATS}`, 2 threads (median of {runs})\n")
    print("| command | median | × floor | × `--no-highlight` | peak RSS |")
    print("|---------|-------:|--------:|-------------------:|---------:|")
    for label, (ms, peak) in results.items():
        print(f"| {label} | {ms:.1f} ms | {ms / floor:.2f} | {ms / off:.2f} | {peak:.1f} MB |")
    print("\nTargets (the math-and-code issue): cold ≤ 10× the floor; a rebuild after one"
          " edited answer ≤ 1.2× the same build with `--no-highlight`.")


def stages(directory, size, questions):
    """Per-stage medians from criterion, one thread, in-process."""
    env = dict(os.environ, QBANK_BENCH_CORPUS=str(Path(directory).resolve()))
    done = subprocess.run(["cargo", "bench", "--locked", "--quiet", "--bench", "stages"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"cargo bench failed:\n{done.stdout}{done.stderr}")
    names = ["comrak-floor", "read+repair", "parse", "lint", "json", "anki", "html", "epub", "pdf"]
    what = {
        "comrak-floor": "comrak floor: parse + render HTML of the dedented text",
        "read+repair": "read + repair (bytes to clean text)",
        "parse": "parse to IR",
        "lint": "lint, offline (read + parse + checks)",
    }
    print(f"\n### Stages, in-process, one thread (criterion median): {directory}\n")
    print("| stage | median | MB/s | questions/s |")
    print("|-------|-------:|-----:|------------:|")
    for name in names:
        estimates = ROOT / "target/criterion/stages" / name / "new/estimates.json"
        ns = json.loads(estimates.read_text())["median"]["point_estimate"]
        seconds = ns / 1e9
        label = what.get(name, f"render {name} (from the parsed IR)")
        print(f"| {label} | {seconds * 1000:.2f} ms | {size / 1e6 / seconds:.1f} | "
              f"{questions / seconds:,.0f} |")


def synthetic(sizes, runs):
    pdf_limit = float(os.environ.get("BENCH_PDF_MB", "10"))
    rows = []
    for mb in sizes:
        directory = ROOT / f"target/bench/synthetic-{mb:g}MB"
        if not directory.exists():
            subprocess.run([SYNTH, f"{mb:g}", directory], check=True, stdout=subprocess.DEVNULL)
        rows.append((mb, whole_process(str(directory), runs, mb <= pdf_limit)))
    print("\n### Scaling (synthetic, `build --formats json,anki,html,epub`)\n")
    print("| size | questions | 2 threads | 1 thread | speedup | ms per MB | × floor | peak RSS |")
    print("|-----:|----------:|----------:|---------:|--------:|----------:|--------:|---------:|")
    for mb, r in rows:
        print(f"| {mb:g} MB | {r['questions']:,} | {r['build']:.0f} ms | {r['build1']:.0f} ms | "
              f"{r['build1'] / r['build']:.2f}× | {r['build'] / (r['size'] / 1e6):.1f} | "
              f"{r['build'] / r['floor']:.2f} | {r['rss']:.1f} MB |")


def main():
    os.chdir(ROOT)
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    build_binaries()
    print(f"qbank bench, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, "
          f"{subprocess.run(['uname', '-srm'], capture_output=True, text=True).stdout.strip()}")
    synth = os.environ.get("BENCH_SYNTH", "").strip()
    if synth:
        synthetic([float(s) for s in synth.split(",")], runs)
        return
    corpus = os.environ.get("BENCH_CORPUS") or "content"
    figures = whole_process(corpus, runs, with_pdf=True)
    if os.environ.get("BENCH_HIGHLIGHT", "1") != "0":
        highlight_figures(corpus, runs)
    if os.environ.get("BENCH_STAGES", "1") != "0":
        stages(corpus, figures["size"], figures["questions"])


if __name__ == "__main__":
    main()
