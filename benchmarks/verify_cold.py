"""Cold wall time of `symproof verify`: a fresh process per run, efforts and source trees alternating.

Run: python benchmarks/verify_cold.py [--tree PATH]... [--effort default quick] [--rounds 3] [--jobs 2]

Each run is `python -m symproof verify --effort E --jobs J` in a new process, with the tree's directory first on
PYTHONPATH (so another checkout, e.g. `git worktree add /tmp/before <commit>`, runs with this environment's packages).
Runs alternate tree by tree and effort by effort within every round, so that a noisy machine slows them alike. It
prints each run's wall time and exit status, the median per tree and effort, and quick / default per tree; it exits 1
if a run exits non-zero or the last tree's default median exceeds 20 s (issue "Speed": default <= 20 s on 2 cores,
quick <= a third of that).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_DEFAULT = 20.0


def run(tree: Path, effort: str, jobs: int) -> tuple[float, int]:
    """Return the wall time and exit status of one cold `symproof verify` from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "symproof", "verify", "--effort", effort, "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, action="append", default=None)
    parser.add_argument("--effort", nargs="+", default=["default", "quick"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    trees = [t.resolve() for t in (args.tree or [Path(__file__).resolve().parent.parent])]
    walls: dict[tuple[Path, str], list[float]] = {(t, e): [] for t in trees for e in args.effort}
    failed = False
    for number in range(1, args.rounds + 1):
        for tree in trees:
            for effort in args.effort:
                wall, status = run(tree, effort, args.jobs)
                walls[tree, effort].append(wall)
                failed |= status != 0
                print(f"round {number}: {tree} {effort}: {wall:.1f} s, exit {status}", flush=True)
    print("\n| tree | effort | runs (s) | median (s) |\n|---|---|---|---:|")
    for (tree, effort), times in walls.items():
        print(f"| {tree} | {effort} | {', '.join(f'{t:.1f}' for t in times)} | {statistics.median(times):.1f} |")
    if {"default", "quick"} <= set(args.effort):
        for tree in trees:
            ratio = statistics.median(walls[tree, "quick"]) / statistics.median(walls[tree, "default"])
            print(f"{tree}: quick / default = {ratio:.2f}")
    last = trees[-1]  # the tree under test; the others are references
    over = "default" in args.effort and statistics.median(walls[last, "default"]) > TARGET_DEFAULT
    return 1 if failed or over else 0


if __name__ == "__main__":
    raise SystemExit(main())
