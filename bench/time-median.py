#!/usr/bin/env python3
"""Whole-process wall time, median of N runs, for each command given.

Usage: bench/time-median.py RUNS 'command one' 'command two' ...
Prints one line per command: median, min and max in milliseconds, and the exit
status (lint exits 1 on content errors, which is not a failure of the timing).
Commands run interleaved (one of each per round) so that machine noise hits
them alike.
"""
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
commands = sys.argv[2:]
times = {c: [] for c in commands}
status = {}
for _ in range(runs):
    for command in commands:
        start = time.perf_counter()
        done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[command].append((time.perf_counter() - start) * 1000)
        status[command] = done.returncode
for command in commands:
    t = times[command]
    print(f"{statistics.median(t):8.1f} ms  (min {min(t):.1f}, max {max(t):.1f}, n={len(t)}, exit {status[command]})  {command}")
