"""Wall time of `symproof verify` at the quick effort against the default one (target: quick <= 1/3 of default).

Run: python benchmarks/effort_wall.py [--rounds 2] [--jobs 2]
Runs every built-in claim at quick and at default, alternating (quick, default, quick, default, ...) in one process so
that a noisy machine affects both alike, and prints each run's wall time and the ratio of the medians. Exits 1 when
quick takes more than a third of default.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from symproof.report.verify import default_jobs, select, verify
from symproof.verdict.effort import get_effort

TARGET = 1 / 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args(argv)
    ids = select(None)
    walls: dict[str, list[float]] = {"quick": [], "default": []}
    slowest: dict[str, tuple[str, float]] = {}
    for _ in range(args.rounds):
        for name in walls:
            ledger, wall = verify(ids, effort=get_effort(name), seed=0, jobs=args.jobs, echo=lambda line: None)
            walls[name].append(wall)
            top = max(ledger.claims, key=lambda e: e.seconds)
            slowest[name] = (top.id, top.seconds)
    ratio = statistics.median(walls["quick"]) / statistics.median(walls["default"])
    print(f"| effort | wall per run (s), {args.jobs} jobs | median | slowest claim (last run) |")
    print("|---|---|---:|---|")
    for name, times in walls.items():
        claim_id, seconds = slowest[name]
        print(
            f"| {name} | {', '.join(f'{t:.1f}' for t in times)} | {statistics.median(times):.1f} | "
            f"{claim_id} {seconds:.1f} s |"
        )
    print(f"\nquick / default = {ratio:.2f} (target <= {TARGET:.2f})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
