"""Wall time of `symproof verify` per effort and job count (target: default effort <= 60 s on 2 cores).

Run: python benchmarks/verify_wall.py [--effort default] [--jobs 1 2]
Prints a markdown table of the per-claim seconds, the sum of the claims' times and the wall time per job count, and
exits 1 when the default effort exceeds the 60 s target.
"""

from __future__ import annotations

import argparse
import sys

from symproof.report.verify import select, verify
from symproof.verdict.effort import get_effort

TARGET = 60.0  # seconds, default effort, 2 cores (issue 6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effort", default="default")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    effort, ids = get_effort(args.effort), select(None)
    runs = {jobs: verify(ids, effort=effort, seed=0, jobs=jobs, echo=lambda line: None) for jobs in args.jobs}
    print(f"| claim | verdict | examples | {' | '.join(f'seconds ({j} jobs)' for j in args.jobs)} |")
    print(f"|---|---|---:|{'---:|' * len(args.jobs)}")
    first = runs[args.jobs[0]][0].claims
    for i, entry in enumerate(first):
        times = " | ".join(f"{runs[j][0].claims[i].seconds:.2f}" for j in args.jobs)
        print(f"| {entry.id} | {entry.verdict} | {entry.examples} | {times} |")
    sums = " | ".join(f"{sum(e.seconds for e in runs[j][0].claims):.1f}" for j in args.jobs)
    walls = " | ".join(f"**{runs[j][1]:.1f}**" for j in args.jobs)
    print(f"| sum of claim times | | | {sums} |")
    print(f"| wall | | | {walls} |")
    slow = [j for j in args.jobs if args.effort == "default" and j >= 2 and runs[j][1] > TARGET]
    if slow:
        print(f"default effort exceeds {TARGET:.0f} s with {slow} jobs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
