"""Measure how far neurons that are identical in exact arithmetic drift apart in float64 and float32.

Run: python benchmarks/drift.py [--runs N] [--steps S] [--seed K] [--mode reproducible|fast]
In the reproducible arithmetic every drift is 0 (the bound behind `symproof.structure.predicates.DEFAULT_TOL`); under
BLAS (`--mode fast`) it depends on the kernel: compare runs with different OPENBLAS_CORETYPE (docs/tolerances.md).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from symproof.engine import fp
from symproof.report.drift import measure_drift


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per (activation, loss, optimizer, dtype)")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=["reproducible", "fast"], default="reproducible")
    args = parser.parse_args()
    start = time.perf_counter()
    with fp.arithmetic(args.mode):
        runs = measure_drift(runs_per_setting=args.runs, steps=args.steps, seed=args.seed)
    print(f"{len(runs)} runs of {args.steps} steps, seed {args.seed}, {args.mode}, {time.perf_counter() - start:.1f} s")
    print("| dtype | runs | diverged | bit-identical | median | 99th pct | max |")
    print("|---|---|---|---|---|---|---|")
    for dtype in ("float64", "float32"):
        group = [r for r in runs if r.dtype == dtype]
        drift = np.array([r.drift for r in group])
        print(
            f"| {dtype} | {len(group)} | {sum(not r.finite for r in group)} | {int((drift == 0).sum())} "
            f"| {np.median(drift):.1e} | {np.quantile(drift, 0.99):.1e} | {drift.max():.1e} |"
        )
    worst = sorted(runs, key=lambda r: -r.drift)[:5]
    print("\nlargest drifts:")
    for r in worst:
        print(f"  {r.dtype} {r.activation}/{r.loss}/{r.optimizer} {list(r.topology)}: {r.drift:.2e}")


if __name__ == "__main__":
    main()
