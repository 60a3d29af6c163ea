"""Run benchmarks one after another, each in its own process, and say how long each took.

Run: `.venv/bin/python -m bench.run_all core "spike --runs 2" …`: each argument is a benchmark's
name after `bench.bench_`, with the options to give it, if any. `make bench` runs them all this
way. Each benchmark's output passes through as it comes; a table of wall times and load
averages follows at the end. Stops at the first failure.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "benchmarks", nargs="+", help='a name and its options: core, or "spike --runs 2"'
    )
    args = parser.parse_args()
    rows: list[tuple[str, float, str, str]] = []
    total = time.perf_counter()
    for benchmark in args.benchmarks:
        name, *options = shlex.split(benchmark)
        command = [sys.executable, "-m", f"bench.bench_{name}", *options]
        before = load()
        print(f"\n## {shlex.join(command[1:])} (load average {before})\n", flush=True)
        start = time.perf_counter()
        done = subprocess.run(command, check=False)
        rows.append((shlex.join(command[2:]), time.perf_counter() - start, before, load()))
        if done.returncode:
            print(f"bench_{name} failed (exit status {done.returncode})", file=sys.stderr)
            sys.exit(done.returncode)
    print("\n| benchmark | wall s | load average before | after |\n|---|---:|---|---|")
    for command_line, seconds, before, after in rows:
        print(f"| `{command_line}` | {seconds:.0f} | {before} | {after} |")
    print(f"| all | {time.perf_counter() - total:.0f} | | |")


if __name__ == "__main__":
    main()
