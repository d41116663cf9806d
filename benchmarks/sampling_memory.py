"""Peak memory and time of sample_preactivations for n_in up to 1e5 (target: bounded by the chunk, ~32 MiB).

Run: python benchmarks/sampling_memory.py
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np

from symproof.stats.variance import sample_preactivations


def main() -> None:
    print("| n_in | draws | seconds | peak MiB |")
    print("|---|---|---|---|")
    for n_in, draws in ((1_000, 107_448), (10_000, 20_000), (100_000, 2_000)):
        x = np.r_[np.ones(n_in // 2), np.zeros(n_in - n_in // 2)]
        tracemalloc.start()
        start = time.perf_counter()
        sample_preactivations(x, draws=draws, rng=np.random.default_rng(0), bias_std=1.0)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"| {n_in} | {draws} | {seconds:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
