"""Peak memory of `train` (keeps every Step) against `iterate` (keeps one), side by side in one process.

Run: python benchmarks/train_memory.py [--reproducible] [steps ...]   (default: 200 2000, fast arithmetic)

A small network, (4, 8, 8, 2) with tanh, mse and Adam on a batch of 16; tracemalloc counts every allocation (NumPy's
included). `train` grows by one Step (parameters, gradients, forward pass, optimizer state) per step; `iterate` stays
at the size of a couple of steps, whatever their number.

The arithmetic mode changes how sums are computed, not which arrays a Step keeps, so the memory is the same in both;
the default is fp's "fast" mode because tracemalloc makes the reproducible mode's many small allocations about 70
times slower (2000 steps then take minutes). `--reproducible` measures the default mode instead.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections import deque
from collections.abc import Callable

import numpy as np

from symproof import Adam, Network, Params, fp
from symproof.engine.training import iterate, train

NET = Network((4, 8, 8, 2), "tanh", "mse")


def _peak(run: Callable[[int], object], steps: int) -> tuple[int, float]:
    """Return the peak traced bytes while `run(steps)` executes (and its result is alive), and its seconds."""
    tracemalloc.start()
    start = time.perf_counter()
    result = run(steps)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del result
    return peak, seconds


def main(argv: list[str]) -> None:
    mode: fp.Mode = "reproducible" if "--reproducible" in argv else "fast"
    counts = [int(a) for a in argv if a != "--reproducible"] or [200, 2000]
    rng = np.random.default_rng(0)
    params = Params.normal(NET.topology, rng, weight_std=0.5)
    x, y = rng.standard_normal((4, 16)), rng.uniform(size=(2, 16))

    def kept(steps: int) -> object:
        return train(NET, params, x, y, Adam(0.01), steps=steps)

    def streamed(steps: int) -> object:
        return deque(iterate(NET, params, x, y, Adam(0.01), steps=steps), maxlen=1)  # the last step, as a caller would

    print(f"arithmetic: {mode}")
    print("| steps | train peak KiB | iterate peak KiB | ratio | train bytes/step | train s | iterate s |")
    print("|---|---|---|---|---|---|---|")
    with fp.arithmetic(mode):
        for steps in counts:
            full, full_s = _peak(kept, steps)
            one, one_s = _peak(streamed, steps)
            print(
                f"| {steps} | {full / 1024:.0f} | {one / 1024:.0f} | {full / one:.0f} | {full / steps:.0f} "
                f"| {full_s:.1f} | {one_s:.1f} |"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
