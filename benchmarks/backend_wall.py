"""Wall time of `symproof verify` on the numpy and the torch backend, side by side in one process.

Run: python benchmarks/backend_wall.py [--effort quick] [--rounds 2] [--only 's000.*' ...]

The backends alternate (numpy, torch, numpy, torch, ...) in one process with one job, so that a noisy machine slows
both alike; the script prints each round's wall time and the ratio torch / numpy of the medians, and which verdicts
differ between the backends. Needs the torch extra.
"""

from __future__ import annotations

import argparse
import statistics
import time

from symproof.report.verify import select, verify
from symproof.verdict.effort import get_effort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effort", default="quick")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", action="append", default=None)
    args = parser.parse_args()
    ids, effort = select(args.only), get_effort(args.effort)
    walls: dict[str, list[float]] = {"numpy": [], "torch": []}
    verdicts: dict[str, dict[str, str]] = {}
    for _ in range(args.rounds):
        for backend in ("numpy", "torch"):
            start = time.perf_counter()
            ledger, _ = verify(ids, effort=effort, seed=0, jobs=1, echo=lambda line: None, backend=backend)
            walls[backend].append(time.perf_counter() - start)
            verdicts[backend] = {e.id: e.verdict for e in ledger.claims}
    for backend, times in walls.items():
        print(f"{backend}: " + ", ".join(f"{t:.1f} s" for t in times) + f" (median {statistics.median(times):.1f} s)")
    ratio = statistics.median(walls["torch"]) / statistics.median(walls["numpy"])
    print(f"torch / numpy: {ratio:.2f} ({len(ids)} claims, effort {effort.name}, 1 job)")
    differ = {
        i: (verdicts["numpy"][i], verdicts["torch"][i]) for i in ids if verdicts["numpy"][i] != verdicts["torch"][i]
    }
    print(f"verdicts that differ (numpy, torch): {differ or 'none'}")


if __name__ == "__main__":
    main()
