#!/usr/bin/env python3
"""Check a corpus of drafts with several threads: one shared Ruleset, one Checker per thread.

ctypes releases the GIL while the library loads and checks a draft, so the threads check in
parallel. The script checks a sample of the corpus once with one thread and once with
--threads threads, checks that both found the same, and prints the speed-up:

    python3 examples/threads.py CORPUS-DIR [--sample 300] [--threads 2] [--ruleset PATH]

Without the package installed, it is taken from bindings/python beside this script.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from typing import Dict, List, Optional, Tuple

try:
    import digicheck
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                    "bindings", "python"))
    import digicheck


def drafts_in(folder: str) -> List[str]:
    """Every .md and .txt file below folder, sorted."""
    found = []
    for parent, _dirs, files in os.walk(folder):
        found += [os.path.join(parent, f) for f in files if f.endswith((".md", ".txt"))]
    return sorted(found)


def sample(paths: List[str], size: int) -> List[str]:
    """size paths spread evenly over the sorted list (the same sample every run)."""
    if size <= 0 or size >= len(paths):
        return paths
    step = len(paths) / size
    return [paths[int(i * step)] for i in range(size)]


def check_all(ruleset: digicheck.Ruleset, paths: List[str],
              threads: int) -> Tuple[float, float, Dict[str, int]]:
    """Checks every path with `threads` threads; returns the seconds taken, the CPU seconds
    the process used meanwhile, and the findings per path."""
    results: Dict[str, int] = {}
    failures: List[BaseException] = []
    next_index = [0]
    lock = threading.Lock()

    def work() -> None:
        try:
            with digicheck.Checker(ruleset) as checker:  # one checker per thread
                while True:
                    with lock:
                        i = next_index[0]
                        next_index[0] += 1
                    if i >= len(paths):
                        return
                    try:
                        with digicheck.Draft.from_file(paths[i]) as draft, \
                                checker.check(draft) as report:
                            count = len(report)
                    except digicheck.DigicheckError:
                        count = -1  # unreadable: counted the same way in every run
                    results[paths[i]] = count
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    start, cpu = time.perf_counter(), time.process_time()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if failures:
        raise failures[0]
    return seconds, cpu, results


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("corpus", help="a folder of drafts (.md, .txt)")
    parser.add_argument("--sample", type=int, default=300,
                        help="how many files to check (0: all; default 300)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2,
                        help="threads of the parallel run (default: the number of CPUs)")
    parser.add_argument("--ruleset", help="rule set (default: the default rule set)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each kind; the fastest counts (default 3)")
    args = parser.parse_args(argv)

    paths = sample(drafts_in(args.corpus), args.sample)
    if not paths:
        parser.error(f"no .md or .txt files in {args.corpus}")
    ruleset = (digicheck.Ruleset.load(args.ruleset) if args.ruleset
               else digicheck.default_ruleset())
    size = sum(os.path.getsize(p) for p in paths)
    print(f"{len(paths)} drafts, {size / 1e6:.1f} MB, rule set {ruleset.path} "
          f"({ruleset.rule_count} rules), {os.cpu_count()} CPUs")
    check_all(ruleset, paths, 1)  # warm the page cache

    timings = {}
    for threads in (1, args.threads):
        best, cpu, results = min(check_all(ruleset, paths, threads)
                                 for _ in range(args.rounds))
        timings[threads] = best
        findings = sum(n for n in results.values() if n > 0)
        # CPU seconds per second: how many cores the run kept busy (a busy machine
        # leaves fewer to the threads than it has)
        print(f"{threads} thread{'s' if threads > 1 else ' '}: {best:6.2f} s  "
              f"{len(paths) / best:7.1f} drafts/s  {size / 1e6 / best:6.1f} MB/s  "
              f"{cpu / best:4.2f} cores busy  {findings} findings")
        if threads == 1:
            serial = results
        elif results != serial:
            print("the parallel run found something else than the serial run")
            return 1
    print(f"speed-up with {args.threads} threads: {timings[1] / timings[args.threads]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
